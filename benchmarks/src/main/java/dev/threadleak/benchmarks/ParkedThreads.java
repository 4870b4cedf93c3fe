package dev.threadleak.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import javax.management.ObjectName;

/**
 * The JVM that {@link DumpPart} dumps and {@link MemoryPart} weighs: {@code args[0]} platform
 * threads (daemons) and {@code args[1]} virtual threads, all awaiting one latch that is never
 * counted down. With a third argument {@code heap}, prints the live heap (a class histogram,
 * taken after a full GC) before the threads start and once they all wait, as
 * {@code heap-before N} and {@code heap-after N}. Then prints {@link #READY} and reads standard
 * input until it closes.
 */
public final class ParkedThreads {

    static final String READY = "ready";
    static final String HEAP_BEFORE = "heap-before ";
    static final String HEAP_AFTER = "heap-after ";
    private static final String STACK_CHUNK = "jdk.internal.vm.StackChunk";

    private ParkedThreads() {
    }

    public static void main(String[] args) throws Throwable {
        int platform = Integer.parseInt(args[0]);
        int virtual = Integer.parseInt(args[1]);
        boolean heap = args.length > 2 && args[2].equals("heap");
        CountDownLatch never = new CountDownLatch(1);
        MethodHandle unstartedVirtual = virtual > 0 ? VirtualThreads.unstartedFactory() : null;
        if (heap) {
            liveHeapBytes(); // the first histogram loads the management classes: not the threads' cost
            startAndJoin(unstartedVirtual, 1_000); // carriers and the scheduler exist before we measure
            System.out.println(HEAP_BEFORE + liveHeapBytes());
        }
        CountDownLatch started = new CountDownLatch(platform + virtual);
        Runnable waitForever = () -> {
            started.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        for (int i = 0; i < platform; i++) {
            Thread thread = new Thread(waitForever, "parked-platform-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        Thread[] threads = new Thread[virtual];
        for (int i = 0; i < virtual; i++) {
            threads[i] = (Thread) unstartedVirtual.invokeExact(waitForever);
            threads[i].start();
        }
        started.await();
        for (Thread thread : threads) {
            while (thread.getState() != Thread.State.WAITING) {
                Thread.sleep(1); // a park is no event to wait on; a thread that has not parked yet has no stack on the heap
            }
        }
        threads = null;
        if (heap) {
            System.out.println(HEAP_AFTER + liveHeapBytes());
        }
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the measurement closes our input
        }
    }

    private static void startAndJoin(MethodHandle unstarted, int threads) throws Throwable {
        if (unstarted == null) {
            return;
        }
        for (int i = 0; i < threads; i++) {
            Thread thread = (Thread) unstarted.invokeExact((Runnable) () -> { });
            thread.start();
            thread.join();
        }
    }

    /**
     * The bytes of {@code GC.class_histogram}: every live object, counted after a full GC, except
     * two kinds whose amount varies run to run by more than the agent's whole cost: the GC's filler
     * objects (dead space it formats as arrays, listed as live on JDK 21+), and the stacks of
     * parked virtual threads ({@code StackChunk}: 780 to 1,210 bytes a thread between two runs of
     * the same program, as each thread's frames happened to be interpreted or compiled when it
     * parked). Both are the JVM's, not the agent's.
     */
    static long liveHeapBytes() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        return totalOf(histogram);
    }

    /** The sum of a histogram's lines {@code N: instances bytes class}, fillers and stack chunks left out. */
    static long totalOf(String histogram) {
        long total = 0;
        int lines = 0;
        for (String line : histogram.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 4 && words[0].endsWith(":") && !words[3].contains(".Filler")
                    && !words[3].equals(STACK_CHUNK)) {
                total += Long.parseLong(words[2]);
                lines++;
            }
        }
        if (lines == 0) {
            throw new IllegalStateException("no class in the class histogram:\n" + histogram);
        }
        return total;
    }
}
