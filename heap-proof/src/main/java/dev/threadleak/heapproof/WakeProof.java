package dev.threadleak.heapproof;

import dev.threadleak.report.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The method of Go's GC-based goroutine-leak detection, on a JVM heap dump: which parked threads
 * can never be woken.
 *
 * <ol>
 * <li>Roots are every GC root and static field, except the frames, JNI locals and thread objects of
 * the parked threads (and of the threads the caller says are its own).</li>
 * <li>Mark. A parked thread whose channel (its {@code Thread.parkBlocker} in the dump) is marked,
 * or whose {@code Thread} object is marked (a running thread could interrupt it), is eventually
 * runnable: its frames and thread object join the roots; mark again, to the fixpoint.</li>
 * <li>Parked threads left over can never wake: nothing that runs, or will, can reach their
 * channel. For each, the left-over threads whose frames still reach it are its holders; a cycle
 * of holders is a deadlock.</li>
 * </ol>
 *
 * <p>Never counted as holders: the caller's own bookkeeping ({@link ProofInput#bookkeeping()}: the
 * agent records every wait, it wakes nobody), the JDK's lists of all threads (the root thread container, a thread group's array:
 * only thread dumps read them), and a parked thread's {@code parkBlocker} and thread-local maps.
 * Everything else counts, weak and soft referents included: when unsure, a thread stays
 * undecided rather than proven.
 */
final class WakeProof {

    /** Fields of a parked thread that do not make it a holder of what they point to. */
    private static final List<String> NOT_HOLDING = List.of("java.lang.Thread.parkBlocker",
            "java.lang.Thread.threadLocals", "java.lang.Thread.inheritableThreadLocals");
    /** A thread group's array of its threads (JDK 17): enumeration, not a holder. */
    private static final List<String> ENUMERATIONS = List.of("java.lang.ThreadGroup.threads");
    private static final int[] NOTHING = new int[0];
    private static final int VT_NEW = 0;
    private static final int VT_TERMINATED = 99;

    private final HeapDump heap;
    private final List<String> bookkeeping;
    private final ObjectMarks marks;
    private final IntStack work = new IntStack();
    /** Per class id: index into {@link #classOffsets}, the reference offsets to follow. */
    private final IdMap classSlots = new IdMap(4096);
    private final List<int[]> classOffsets = new ArrayList<>();
    /** Thread objects of parked threads not (yet) known to be runnable: reached, never entered. */
    private final ObjectMarks parkedThreadObjects;
    private final long budget;
    private long visits;

    WakeProof(HeapDump heap, List<String> bookkeepingPrefixes) {
        this.heap = heap;
        this.bookkeeping = List.copyOf(bookkeepingPrefixes);
        this.marks = new ObjectMarks(heap.objectCount());
        this.parkedThreadObjects = new ObjectMarks(heap.objectCount());
        this.budget = 8L * heap.objectCount() + 1_000_000;
    }

    /** A thread as the dump shows it: its object and the serials its roots carry. */
    private record DumpThread(long tid, int object, List<Integer> serials) {
    }

    /** A parked thread under proof. */
    private static final class Parked {
        final DumpThread thread;
        final int channel;
        boolean runnable;
        final Set<Parked> holders = new HashSet<>();
        boolean ownStackHolds;

        Parked(DumpThread thread, int channel) {
            this.thread = thread;
            this.channel = channel;
        }
    }

    /** The verdicts, and what was left undecided and why. */
    record Outcome(List<HeapFinding> findings, Set<Long> eventuallyRunnable, Set<Long> undecided, String refusal) {
    }

    Outcome prove(Set<Long> parkedIds, Set<Long> ownIds) {
        Map<Long, DumpThread> threads = threads();
        String refusal = unseenVirtualThreadFrames(threads);
        if (refusal != null) {
            return new Outcome(List.of(), Set.of(), Set.copyOf(parkedIds), refusal);
        }
        Set<Long> undecided = new HashSet<>();
        List<Parked> parked = new ArrayList<>();
        Set<Integer> excludedSerials = new HashSet<>();
        for (long tid : parkedIds) {
            DumpThread t = threads.get(tid);
            int channel = t == null ? -1 : heap.indexOf(heap.referenceField(t.object, "java.lang.Thread", "parkBlocker"));
            if (channel < 0) {
                undecided.add(tid); // not in the dump, or not parked on an object: treated as running
                continue;
            }
            parked.add(new Parked(t, channel));
            excludedSerials.addAll(t.serials);
            parkedThreadObjects.set(t.object);
        }
        for (long tid : ownIds) {
            DumpThread t = threads.get(tid);
            if (t != null && !parkedIds.contains(tid)) {
                excludedSerials.addAll(t.serials);
            }
        }
        long allThreads = heap.staticField("jdk.internal.vm.ThreadContainers$RootContainer$TrackingRootContainer",
                "VTHREADS");
        int allThreadsSet = heap.indexOf(allThreads);
        if (allThreadsSet >= 0) {
            marks.set(allThreadsSet); // the root container's set of every virtual thread: enumeration only
        }
        Map<Integer, List<Integer>> rootsOfSerial = new HashMap<>();
        for (int i = 0; i < heap.rootIds.length; i++) {
            int serial = heap.rootThreads[i];
            if (serial != HeapDump.NO_THREAD && excludedSerials.contains(serial)) {
                rootsOfSerial.computeIfAbsent(serial, s -> new ArrayList<>()).add(i);
            } else {
                reach(heap.indexOf(heap.rootIds[i]));
            }
        }
        for (long ref : heap.staticReferences) {
            reach(heap.indexOf(ref));
        }
        drain();

        Set<Long> runnable = new HashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Parked p : parked) {
                if (!p.runnable && (marks.get(p.channel) || marks.get(p.thread.object))) {
                    p.runnable = true;
                    runnable.add(p.thread.tid);
                    parkedThreadObjects.clear(p.thread.object);
                    marks.set(p.thread.object);
                    work.push(p.thread.object);
                    for (int serial : p.thread.serials) {
                        for (int root : rootsOfSerial.getOrDefault(serial, List.of())) {
                            reach(heap.indexOf(heap.rootIds[root]));
                        }
                    }
                    drain();
                    progress = true;
                }
            }
        }
        List<Parked> leftOver = new ArrayList<>();
        for (Parked p : parked) {
            if (!p.runnable) {
                leftOver.add(p);
            }
        }
        boolean attributed = attributeHolders(leftOver, rootsOfSerial);
        return new Outcome(findings(leftOver, attributed), runnable, undecided, null);
    }

    /** Thread objects by id, from the dump's thread roots (JDK 21+ lists unmounted virtual threads there too). */
    private Map<Long, DumpThread> threads() {
        Map<Long, DumpThread> threads = new HashMap<>();
        for (int i = 0; i < heap.rootIds.length; i++) {
            if ((heap.rootKinds[i] & 0xff) != HeapDump.ROOT_THREAD_OBJECT) {
                continue;
            }
            int object = heap.indexOf(heap.rootIds[i]);
            long tid = heap.longField(object, "java.lang.Thread", "tid", -1);
            if (tid < 0) {
                continue;
            }
            DumpThread known = threads.get(tid);
            List<Integer> serials = known == null ? new ArrayList<>() : known.serials;
            serials.add(heap.rootThreads[i]);
            threads.put(tid, new DumpThread(tid, object, serials));
        }
        return threads;
    }

    /**
     * A live virtual thread without a thread root has frames the dump does not show (its stack
     * chunks' contents are not in HPROF fields): what they hold is invisible, so nothing can be
     * proven. JDK 21+ dumps unmounted virtual threads with their frames; this guards the rest.
     */
    private String unseenVirtualThreadFrames(Map<Long, DumpThread> threads) {
        Set<Integer> rooted = new HashSet<>();
        for (DumpThread t : threads.values()) {
            rooted.add(t.object);
        }
        IdMap isVirtual = new IdMap(1024);
        int unseen = 0;
        for (int i = 0; i < heap.objectCount(); i++) {
            if (!heap.isInstance(i)) {
                continue;
            }
            long classId = heap.classIdAt(i);
            long virtual = isVirtual.get(classId, -1);
            if (virtual < 0) {
                virtual = heap.isSubclass(classId, "java.lang.VirtualThread") ? 1 : 0;
                isVirtual.put(classId, virtual);
            }
            if (virtual == 1 && !rooted.contains(i)) {
                int state = heap.intField(i, "java.lang.VirtualThread", "state", VT_TERMINATED);
                if (state != VT_NEW && state != VT_TERMINATED) {
                    unseen++;
                }
            }
        }
        return unseen == 0 ? null : "the heap dump does not show the frames of " + unseen
                + " live virtual thread" + (unseen == 1 ? "" : "s") + " on this JDK";
    }

    private void reach(int index) {
        if (index >= 0 && marks.set(index) && !parkedThreadObjects.get(index)) {
            work.push(index);
        }
    }

    private void drain() {
        while (!work.isEmpty()) {
            int index = work.pop();
            visits++;
            follow(index, this::reachId);
        }
    }

    private void reachId(long id) {
        reach(heap.indexOf(id));
    }

    private void follow(int index, HeapDump.ReferenceSink sink) {
        if (!heap.isInstance(index)) {
            heap.references(index, sink);
            return;
        }
        int[] offsets = offsetsOf(heap.classIdAt(index));
        if (offsets.length > 0) {
            heap.references(index, offsets, sink);
        }
    }

    /** Reference offsets worth following in instances of a class: none for bookkeeping. */
    private int[] offsetsOf(long classId) {
        long slot = classSlots.get(classId, -1);
        if (slot >= 0) {
            return classOffsets.get((int) slot);
        }
        int[] offsets = computeOffsets(classId);
        classSlots.put(classId, classOffsets.size());
        classOffsets.add(offsets);
        return offsets;
    }

    private int[] computeOffsets(long classId) {
        String name = heap.className(classId);
        DumpClass c = heap.layout(classId);
        if (c == null || name == null) {
            return NOTHING;
        }
        for (String prefix : bookkeeping) {
            if (name.startsWith(prefix)) {
                return NOTHING;
            }
        }
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < c.fieldNames.length; i++) {
            if (c.fieldTypes[i] == DumpClass.OBJECT && !ENUMERATIONS.contains(c.fieldOwners[i] + "." + c.fieldNames[i])) {
                offsets.add(c.fieldOffsets[i]);
            }
        }
        return offsets.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * For each left-over thread, what its own frames and thread object reach outside the marked
     * heap: the left-over channels (and threads) it holds. False when the work budget ran out.
     */
    private boolean attributeHolders(List<Parked> leftOver, Map<Integer, List<Integer>> rootsOfSerial) {
        if (leftOver.isEmpty()) {
            return true;
        }
        Map<Integer, List<Parked>> byChannel = new HashMap<>();
        Map<Integer, Parked> byThread = new HashMap<>();
        for (Parked p : leftOver) {
            byChannel.computeIfAbsent(p.channel, c -> new ArrayList<>()).add(p);
            byThread.put(p.thread.object, p);
        }
        ObjectMarks local = new ObjectMarks(heap.objectCount());
        IntStack touched = new IntStack();
        IntStack localWork = new IntStack();
        for (Parked holder : leftOver) {
            HeapDump.ReferenceSink sink = id -> {
                int i = heap.indexOf(id);
                if (i >= 0 && !marks.get(i) && local.set(i)) {
                    touched.push(i);
                    if (!parkedThreadObjects.get(i)) {
                        localWork.push(i);
                    }
                }
            };
            local.set(holder.thread.object);
            touched.push(holder.thread.object);
            heap.referencesExcept(holder.thread.object, NOT_HOLDING, sink);
            for (int serial : holder.thread.serials) {
                for (int root : rootsOfSerial.getOrDefault(serial, List.of())) {
                    sink.reference(heap.rootIds[root]);
                }
            }
            while (!localWork.isEmpty()) {
                if (++visits > budget) {
                    return false;
                }
                follow(localWork.pop(), sink);
            }
            for (int t = 0; t < touched.size(); t++) {
                int i = touched.get(t);
                for (Parked held : byChannel.getOrDefault(i, List.of())) {
                    if (held == holder) {
                        holder.ownStackHolds = true;
                    } else {
                        held.holders.add(holder);
                    }
                }
                Parked thread = byThread.get(i);
                if (thread != null && thread != holder) {
                    thread.holders.add(holder); // it could interrupt that thread, if it ever ran
                }
                local.clear(i);
            }
            touched.clear();
        }
        return true;
    }

    private List<HeapFinding> findings(List<Parked> leftOver, boolean attributed) {
        Map<Parked, List<Parked>> cycles = attributed ? new Cycles(leftOver).members() : Map.of();
        List<HeapFinding> findings = new ArrayList<>();
        for (Parked p : leftOver) {
            String channelClass = heap.className(heap.classIdAt(p.channel));
            List<Long> holders = attributed ? tids(new ArrayList<>(p.holders)) : null;
            List<Parked> cycle = cycles.get(p);
            findings.add(new HeapFinding(p.thread.tid, cycle == null ? Verdict.BLOCKED_FOREVER : Verdict.DEADLOCKED,
                    channelClass, p.ownStackHolds, holders, cycle == null ? List.of() : tids(cycle)));
        }
        return findings;
    }

    private static List<Long> tids(List<Parked> parked) {
        return parked.stream().map(p -> p.thread.tid).sorted().toList();
    }

    /** Strongly connected components of "waits for a holder of its channel" (Tarjan), of two or more. */
    private static final class Cycles {
        private final List<Parked> nodes;
        private final Map<Parked, Integer> index = new HashMap<>();
        private final Map<Parked, Integer> low = new HashMap<>();
        private final List<Parked> stack = new ArrayList<>();
        private final Set<Parked> onStack = new HashSet<>();
        private final Map<Parked, List<Parked>> members = new HashMap<>();
        private int counter;

        Cycles(List<Parked> nodes) {
            this.nodes = nodes;
        }

        Map<Parked, List<Parked>> members() {
            for (Parked p : nodes) {
                if (!index.containsKey(p)) {
                    connect(p, 0);
                }
            }
            return members;
        }

        private void connect(Parked v, int depth) {
            if (depth > 10_000) {
                return; // pathological chains: leave them BLOCKED_FOREVER, which they are anyway
            }
            index.put(v, counter);
            low.put(v, counter++);
            stack.add(v);
            onStack.add(v);
            for (Parked w : v.holders) {
                if (!index.containsKey(w)) {
                    connect(w, depth + 1);
                    low.put(v, Math.min(low.get(v), low.getOrDefault(w, Integer.MAX_VALUE)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                List<Parked> component = new ArrayList<>();
                Parked w;
                do {
                    w = stack.remove(stack.size() - 1);
                    onStack.remove(w);
                    component.add(w);
                } while (w != v);
                if (component.size() > 1) {
                    for (Parked m : component) {
                        members.put(m, component);
                    }
                }
            }
        }
    }
}
