package dev.threadleak.agent.proof;
public final class Debug {
  public static void roots(HeapDump d) {
    java.util.Map<Integer,Integer> counts = new java.util.TreeMap<>();
    for (int i = 0; i < d.rootIds.length; i++) counts.merge(d.rootKinds[i] & 0xff, 1, Integer::sum);
    System.out.println(counts);
    for (int i = 0; i < d.rootIds.length; i++) {
      if ((d.rootKinds[i] & 0xff) == HeapDump.ROOT_THREAD_OBJECT) {
        int idx = d.indexOf(d.rootIds[i]);
        long tid = d.longField(idx, "java.lang.Thread", "tid", -1);
        int frames = 0;
        for (int j = 0; j < d.rootIds.length; j++) if (d.rootThreads[j] == d.rootThreads[i] && (d.rootKinds[j]&0xff) == HeapDump.ROOT_JAVA_FRAME) frames++;
        System.out.println("thread serial " + d.rootThreads[i] + " tid " + tid + " class " + d.className(d.classIdAt(idx)) + " blocker " + d.referenceField(idx, "java.lang.Thread", "parkBlocker") + " frames " + frames);
      }
    }
  }
}
