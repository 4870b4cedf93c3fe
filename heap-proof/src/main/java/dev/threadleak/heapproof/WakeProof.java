package dev.threadleak.heapproof;

import dev.threadleak.report.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The method of Go's GC-based goroutine-leak detection, on a JVM heap dump: which waiting threads
 * can never be woken.
 *
 * <ol>
 * <li>Roots are every GC root and static field, except the frames, JNI locals and thread objects of
 * the waiting threads (and of the threads the caller says are its own).</li>
 * <li>Mark. A waiting thread is eventually runnable when what serves its wait is marked: the
 * object it parks on or waits on (a synchronizer, condition, queue, future, barrier, monitor), or,
 * for a monitor entry or a join, the thread that must act (the monitor's owner, the joined thread)
 * is itself eventually runnable. A thread queued to take a JDK lock exclusively (a
 * {@code ReentrantLock}, a write lock) that another waiting thread holds waits for that owner too,
 * whoever else can reach the lock: only its owner can release it. Its frames and thread object then join the roots; mark again, to
 * the fixpoint.</li>
 * <li>A {@code Thread} is a handle, not a window onto a stack: marking through a {@code Thread}
 * (or a {@code VirtualThread}) never enters what only that thread can use (its task, its
 * continuation and stack chunks, its thread locals, its park blocker). What a handle allows is an
 * interrupt: a thread whose wait an interrupt ends, and whose {@code Thread} is marked, is
 * eventually runnable too, but only by that interrupt, and the proof says so
 * ({@link HeapRemark.Kind#INTERRUPT_ONLY}). A wait no interrupt ends ({@code CompletableFuture.join},
 * {@code awaitUninterruptibly}, {@code lock()}, a monitor entry) is not helped by a handle.</li>
 * <li>Waiting threads left over can never wake. For each, the left-over threads whose frames still
 * reach what it waits on (or the owner it waits for) are its holders; a cycle of holders is a
 * deadlock, whatever mix of monitors, locks, queues, futures and joins it runs through.</li>
 * <li>The collector acts too: a {@code ReferenceQueue} that a reference of the heap names as its
 * own gets that reference once its referent is collected, whoever holds the reference (a cleaner
 * thread's own stack, often), so it is marked as what static fields reach. A thread in
 * {@code ReferenceQueue.remove()} was proven blocked forever while a reference it held had a
 * referent that any thread could let go of.</li>
 * <li>Timed waits are never proven; when what one polls is reachable from no other thread or
 * static field, the proof says so ({@link HeapRemark.Kind#UNSHARED_TIMED}).</li>
 * </ol>
 *
 * <p>Never counted as holders: the caller's own bookkeeping ({@link ProofInput#bookkeeping()}: the
 * agent records every wait, it wakes nobody), the caller's wait table, the JDK's lists of all threads (the root
 * thread container, a thread group's array: only thread dumps read them), and a waiting thread's
 * {@code parkBlocker} and thread-local maps. Everything else counts, weak and soft referents
 * included: when unsure, a thread stays undecided rather than proven.
 */
final class WakeProof {

    private static final int VT_NEW = 0;
    private static final int VT_TERMINATED = 99;
    /** The label of what static fields and global roots reach. */
    private static final long STATIC = -1;
    private static final long NO_LABEL = Long.MIN_VALUE;
    /** How many timed waiters are checked for a channel nobody else reaches; the rest are left alone. */
    private static final int MAX_UNSHARED_CHECKS = 64;

    private final HeapDump heap;
    private final List<String> bookkeeping;
    private final ObjectMarks marks;
    private final IntStack work = new IntStack();
    /** Thread objects of the waiters: whoever reaches one first is the holder of that handle. */
    private final ObjectMarks waiterThreadObjects;
    private final Map<Integer, Waiter> waiterByThreadObject = new HashMap<>();
    private final long budget;
    private long visits;
    /** Who is being marked from now: a thread id, or {@link #STATIC}. */
    private long label = STATIC;

    /** The heap must have been read with the rules ({@link GraphRules}) of the input it is to prove. */
    WakeProof(HeapDump heap, List<String> bookkeepingPrefixes) {
        this.heap = heap;
        this.bookkeeping = List.copyOf(bookkeepingPrefixes);
        this.marks = new ObjectMarks(heap.objectCount());
        this.waiterThreadObjects = new ObjectMarks(heap.objectCount());
        this.budget = 8L * heap.objectCount() + 1_000_000;
    }

    /** A thread as the dump shows it: its object, its row in {@link HeapDump#threads} and the serials its roots carry. */
    private record DumpThread(long tid, int object, int row, List<Integer> serials) {
    }

    /** A waiting thread under proof. */
    private static final class Waiter {
        final DumpThread thread;
        final ThreadWait wait;
        /** What serves the wait, or -1 for a monitor entry or a join (a thread serves those). */
        final int channel;
        /** For an exclusive acquire of a JDK lock another thread holds, that owner's id (only it can release the lock); else -1. */
        final long lockOwner;
        boolean runnable;
        boolean byInterruptOnly;
        long handleLabel = NO_LABEL;
        final Set<Waiter> holders = new HashSet<>();
        final Set<Waiter> interrupters = new HashSet<>();
        boolean ownStackHolds;

        Waiter(DumpThread thread, ThreadWait wait, int channel, long lockOwner) {
            this.thread = thread;
            this.wait = wait;
            this.channel = channel;
            this.lockOwner = lockOwner;
        }

        long tid() {
            return thread.tid;
        }
    }

    /** The verdicts, the remarks, and what was left undecided and why. */
    record Outcome(List<HeapFinding> findings, List<HeapRemark> remarks, Set<Long> eventuallyRunnable,
                   Set<Long> undecided, String refusal) {

        /** No wait to prove: nothing found. */
        static final Outcome NOTHING = new Outcome(List.of(), List.of(), Set.of(), Set.of(), null);
    }

    /** Every one of {@code parkedIds} parked, untimed and interruptibly, on its blocker: the first form. */
    Outcome prove(Set<Long> parkedIds, Set<Long> ownIds) {
        return prove(new ProofInput(parkedIds, ownIds, bookkeeping));
    }

    Outcome prove(ProofInput input) {
        Map<Long, DumpThread> threads = threads();
        Set<Long> candidates = input.candidates();
        String refusal = unseenVirtualThreadFrames(threads);
        if (refusal != null) {
            return new Outcome(List.of(), List.of(), Set.of(), candidates, refusal);
        }
        int tableStatic = tableStatic(input.waitTable());
        int subjectsStatic = tableStatic(input.subjects());
        Map<Long, Integer> table = waitTable(tableStatic);
        Set<Long> undecided = new HashSet<>();
        Map<Long, Waiter> waiting = new LinkedHashMap<>();
        List<Waiter> watched = new ArrayList<>();
        for (ThreadWait w : input.waits().values()) {
            Waiter waiter = waiter(threads.get(w.threadId()), w, table);
            if (waiter == null) {
                if (w.untimed()) {
                    undecided.add(w.threadId()); // not in the dump, or waiting on nothing it shows: as if running
                }
            } else if (w.untimed()) {
                waiting.put(w.threadId(), waiter);
                waiterThreadObjects.set(waiter.thread.object);
                waiterByThreadObject.put(waiter.thread.object, waiter);
            } else {
                watched.add(waiter);
            }
        }
        Set<Integer> deferred = new HashSet<>();
        for (Waiter w : waiting.values()) {
            deferred.addAll(w.thread.serials);
        }
        for (Waiter w : watched) {
            deferred.addAll(w.thread.serials);
        }
        for (long tid : input.ownThreads()) {
            DumpThread t = threads.get(tid);
            if (t != null && !waiting.containsKey(tid)) {
                deferred.addAll(t.serials);
            }
        }
        Map<Integer, List<Integer>> rootsOfSerial = rootsBySerial();
        markEnumerationsAsSeen();
        markRunningThreads(threads, rootsOfSerial, deferred);
        label = STATIC;
        for (int i = 0; i < heap.rootObjects.length; i++) {
            if (!rootsOfSerial.containsKey(heap.rootThreads[i])) {
                reach(heap.rootObjects[i]);
            }
        }
        for (int i = 0; i < heap.staticObjects.length; i++) {
            if (i != tableStatic && i != subjectsStatic) {
                reach(heap.staticObjects[i]);
            }
        }
        for (int queue : heap.referenceQueues()) {
            reach(queue); // the collector serves them: see the class comment
        }
        drain();
        Set<Long> runnable = new HashSet<>();
        ObjectMarks beforeTimed = null;
        Set<Long> runnableBeforeTimed = Set.of();
        if (!watched.isEmpty()) {
            // what the others reach, before the timed waiters (and interrupts) come in: see unshared()
            fixpoint(waiting, rootsOfSerial, runnable, false);
            beforeTimed = marks.copy();
            runnableBeforeTimed = Set.copyOf(runnable);
            for (Waiter w : watched) {
                wake(w, rootsOfSerial);
            }
        }
        fixpoint(waiting, rootsOfSerial, runnable, true);
        List<Waiter> leftOver = new ArrayList<>();
        for (Waiter w : waiting.values()) {
            if (!w.runnable) {
                leftOver.add(w);
            }
        }
        boolean attributed = attributeHolders(leftOver, waiting, rootsOfSerial);
        List<HeapRemark> remarks = interruptOnly(waiting);
        if (beforeTimed != null) {
            remarks.addAll(unshared(watched, waiting, beforeTimed, runnableBeforeTimed, rootsOfSerial));
        }
        return new Outcome(findings(leftOver, attributed, waiting), remarks, runnable, undecided, null);
    }

    /** The waiter of {@code t}, with what serves its wait; null when the dump cannot tell. */
    private Waiter waiter(DumpThread t, ThreadWait w, Map<Long, Integer> table) {
        if (t == null) {
            return null;
        }
        int channel = switch (w.shape()) {
            case PARKED, TIMED -> {
                int blocker = heap.threads.blocker(t.row);
                yield blocker >= 0 ? blocker : table.getOrDefault(t.tid, -1);
            }
            case OBJECT_WAIT -> table.getOrDefault(t.tid, -1);
            case MONITOR_ENTER, JOIN -> -1;
        };
        boolean servedByAThread = w.shape() == ThreadWait.Shape.MONITOR_ENTER || w.shape() == ThreadWait.Shape.JOIN;
        return channel < 0 && !servedByAThread ? null : new Waiter(t, w, channel, lockOwner(t, w, channel));
    }

    /**
     * The id of the thread that holds the JDK lock {@code t} is queued to take exclusively, parked on
     * it; -1 when it is no such wait (a shared acquire, another synchronizer, a lock held by no
     * thread yet). A read lock's waiter is not judged by the writer: it is left as it was.
     */
    private long lockOwner(DumpThread t, ThreadWait w, int channel) {
        if (w.shape() != ThreadWait.Shape.PARKED || channel < 0 || !heap.acquiresExclusively(t.object)) {
            return -1;
        }
        int row = heap.threads.rowOf(heap.exclusiveOwner(channel));
        long owner = row < 0 ? -1 : heap.threads.tid(row);
        return owner == t.tid ? -1 : owner;
    }

    /** Marks the roots of every thread that runs, one thread at a time, so that the handles each reaches are its. */
    private void markRunningThreads(Map<Long, DumpThread> threads, Map<Integer, List<Integer>> rootsOfSerial,
                                    Set<Integer> deferred) {
        Map<Integer, DumpThread> bySerial = new HashMap<>();
        for (DumpThread t : threads.values()) {
            t.serials.forEach(s -> bySerial.put(s, t));
        }
        for (Map.Entry<Integer, List<Integer>> e : rootsOfSerial.entrySet()) {
            if (deferred.contains(e.getKey())) {
                continue;
            }
            DumpThread t = bySerial.get(e.getKey());
            label = t == null ? STATIC : t.tid;
            if (t != null) {
                enterOwnThread(t.object);
            }
            for (int root : e.getValue()) {
                reach(heap.rootObjects[root]);
            }
            drain();
        }
    }

    /**
     * Until nothing changes: waiters whose wait something runnable can end join the runnable; when
     * nothing more can be served, the waiters whose {@code Thread} something runnable holds, and
     * whose wait an interrupt ends, join them too, marked as freed by an interrupt only.
     */
    private void fixpoint(Map<Long, Waiter> waiting, Map<Integer, List<Integer>> rootsOfSerial, Set<Long> runnable,
                          boolean interrupts) {
        while (true) {
            boolean progress = true;
            while (progress) {
                progress = false;
                for (Waiter w : waiting.values()) {
                    if (!w.runnable && served(w, waiting)) {
                        runnable.add(w.tid());
                        wake(w, rootsOfSerial);
                        progress = true;
                    }
                }
            }
            List<Waiter> interrupted = new ArrayList<>();
            for (Waiter w : waiting.values()) {
                if (interrupts && !w.runnable && w.wait.interruptible() && marks.get(w.thread.object)) {
                    interrupted.add(w);
                }
            }
            if (interrupted.isEmpty()) {
                return;
            }
            // a lock's owner first: interrupted, it may let go, and its waiters are then served, not interrupted too
            // (an embedded Tomcat's lock waiters read "nothing can serve" a lock a static field held)
            List<Waiter> owners = interrupted.stream().filter(w -> !waiting.containsKey(w.lockOwner)).toList();
            for (Waiter w : owners.isEmpty() ? interrupted : owners) {
                w.byInterruptOnly = true;
                runnable.add(w.tid());
                wake(w, rootsOfSerial);
            }
        }
    }

    /**
     * Whether what {@code w} waits on is within reach of what runs, or its owner or joined thread can
     * run; a lock's owner must be able to run too, since only it can release the lock.
     */
    private boolean served(Waiter w, Map<Long, Waiter> waiting) {
        if (w.channel >= 0) {
            return marks.get(w.channel) && mayRun(waiting.get(w.lockOwner));
        }
        return mayRun(waiting.get(w.wait.onThread()));
    }

    /** Whether the thread that must act can run: none, one that runs (or is not in the dump, or waits with a timeout), or a runnable waiter. */
    private static boolean mayRun(Waiter mustAct) {
        return mustAct == null || mustAct.runnable;
    }

    /**
     * Whether {@code w}, left over, waits only for its lock's owner: what it parks on is within
     * reach of what runs, but the owner, left over too, can never release it.
     */
    private boolean waitsOnlyForLockOwner(Waiter w, Map<Long, Waiter> waiting) {
        return w.channel >= 0 && marks.get(w.channel) && waiting.get(w.lockOwner) != null;
    }

    /** {@code w}'s thread runs (or will): its frames and its own thread object join the roots. */
    private void wake(Waiter w, Map<Integer, List<Integer>> rootsOfSerial) {
        w.runnable = true;
        label = w.tid();
        enterOwnThread(w.thread.object);
        for (int serial : w.thread.serials) {
            for (int root : rootsOfSerial.getOrDefault(serial, List.of())) {
                reach(heap.rootObjects[root]);
            }
        }
        drain();
    }

    /** A running thread reaches all of its own thread object, its task and continuation included. */
    private void enterOwnThread(int object) {
        reach(object);
        int row = heap.threads.rowOf(object);
        if (row >= 0) {
            heap.threads.ownReferences(row, this::reach);
        }
    }

    /** Roots by the thread serial they belong to; roots of no thread are not in it. */
    private Map<Integer, List<Integer>> rootsBySerial() {
        Map<Integer, List<Integer>> bySerial = new LinkedHashMap<>();
        for (int i = 0; i < heap.rootObjects.length; i++) {
            int serial = heap.rootThreads[i];
            if (serial != HeapDump.NO_THREAD) {
                bySerial.computeIfAbsent(serial, s -> new ArrayList<>()).add(i);
            }
        }
        return bySerial;
    }

    /** The root container's set of every virtual thread: enumeration only, seen but never entered. */
    private void markEnumerationsAsSeen() {
        int allThreadsSet = heap.staticField("jdk.internal.vm.ThreadContainers$RootContainer$TrackingRootContainer",
                "VTHREADS");
        if (allThreadsSet >= 0) {
            marks.set(allThreadsSet);
        }
    }

    /** Thread objects by id, from the dump's thread roots (JDK 21+ lists unmounted virtual threads there too). */
    private Map<Long, DumpThread> threads() {
        Map<Long, DumpThread> threads = new HashMap<>();
        for (int i = 0; i < heap.rootObjects.length; i++) {
            if ((heap.rootKinds[i] & 0xff) != HeapDump.ROOT_THREAD_OBJECT) {
                continue;
            }
            int object = heap.rootObjects[i];
            int row = heap.threads.rowOf(object);
            long tid = row < 0 ? -1 : heap.threads.tid(row);
            if (tid < 0) {
                continue;
            }
            DumpThread known = threads.get(tid);
            List<Integer> serials = known == null ? new ArrayList<>() : known.serials;
            serials.add(heap.rootThreads[i]);
            threads.put(tid, new DumpThread(tid, object, row, serials));
        }
        return threads;
    }

    /** The index, among the dump's static references, of one of the caller's tables; -1 when there is none. */
    private int tableStatic(ProofInput.StaticField table) {
        if (table == null) {
            return -1;
        }
        for (int i = 0; i < heap.staticObjects.length; i++) {
            if (heap.isStatic(i, table.className(), table.field())) {
                return i;
            }
        }
        return -1;
    }

    /** The wait table's pairs: thread id to the index of the object it waits on. */
    private Map<Long, Integer> waitTable(int tableStatic) {
        Map<Long, Integer> table = new HashMap<>();
        int[] entries = heap.waitTable();
        if (tableStatic < 0 || entries == null) {
            return table;
        }
        for (int i = 0; i + 1 < entries.length; i += 2) {
            int row = heap.threads.rowOf(entries[i]);
            int on = entries[i + 1];
            long tid = row < 0 ? -1 : heap.threads.tid(row);
            if (tid >= 0 && on >= 0) {
                table.put(tid, on);
            }
        }
        return table;
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
        int unseen = 0;
        ThreadObjects all = heap.threads;
        for (int row = 0; row < all.count(); row++) {
            int state = all.state(row);
            if (state != ThreadObjects.NOT_VIRTUAL && state != ThreadObjects.NO_STATE && state != VT_NEW
                    && state != VT_TERMINATED && !rooted.contains(all.object(row))) {
                unseen++;
            }
        }
        return unseen == 0 ? null : "the heap dump does not show the frames of " + unseen
                + " live virtual thread" + (unseen == 1 ? "" : "s") + " on this JDK";
    }

    private void reach(int index) {
        if (index >= 0 && marks.set(index)) {
            work.push(index);
            if (waiterThreadObjects.get(index)) {
                waiterByThreadObject.get(index).handleLabel = label;
            }
        }
    }

    private void drain() {
        while (!work.isEmpty()) {
            int index = work.pop();
            visits++;
            int e = heap.edgeStart(index);
            if (e >= 0) {
                for (int target = heap.edgeAt(e); ; target = heap.edgeAt(++e)) {
                    if (target < 0) {
                        reach(~target);
                        break;
                    }
                    reach(target);
                }
            }
        }
    }

    /**
     * For each left-over thread, what its own frames and thread object reach outside the marked
     * heap: the left-over channels (and threads) it holds; and for a monitor entry or a join, the
     * owner or joined thread. False when the work budget ran out.
     */
    private boolean attributeHolders(List<Waiter> leftOver, Map<Long, Waiter> waiting,
                                     Map<Integer, List<Integer>> rootsOfSerial) {
        if (leftOver.isEmpty()) {
            return true;
        }
        Map<Integer, List<Waiter>> byChannel = new HashMap<>();
        Map<Integer, Waiter> byThread = new HashMap<>();
        for (Waiter w : leftOver) {
            if (waitsOnlyForLockOwner(w, waiting)) {
                w.holders.add(waiting.get(w.lockOwner)); // it holds the lock: only it could ever release it
            } else if (w.channel >= 0) {
                byChannel.computeIfAbsent(w.channel, c -> new ArrayList<>()).add(w);
            } else {
                w.holders.add(waiting.get(w.wait.onThread())); // not served, so that thread is left over too
            }
            byThread.put(w.thread.object, w);
        }
        ObjectMarks local = new ObjectMarks(heap.objectCount());
        IntStack touched = new IntStack();
        IntStack localWork = new IntStack();
        for (Waiter holder : leftOver) {
            IntConsumer sink = i -> {
                if (i >= 0 && !marks.get(i) && local.set(i)) {
                    touched.push(i);
                    localWork.push(i);
                }
            };
            local.set(holder.thread.object);
            touched.push(holder.thread.object);
            heap.references(holder.thread.object, sink);
            heap.threads.holdingReferences(holder.thread.row, sink);
            for (int serial : holder.thread.serials) {
                for (int root : rootsOfSerial.getOrDefault(serial, List.of())) {
                    sink.accept(heap.rootObjects[root]);
                }
            }
            while (!localWork.isEmpty()) {
                if (++visits > budget) {
                    return false;
                }
                heap.references(localWork.pop(), sink);
            }
            for (int t = 0; t < touched.size(); t++) {
                int i = touched.get(t);
                for (Waiter held : byChannel.getOrDefault(i, List.of())) {
                    if (held == holder) {
                        holder.ownStackHolds = true;
                    } else {
                        held.holders.add(holder);
                    }
                }
                Waiter thread = byThread.get(i);
                if (thread != null && thread != holder && thread.wait.interruptible()) {
                    thread.interrupters.add(holder); // it could interrupt that thread, if it ever ran
                }
                local.clear(i);
            }
            touched.clear();
        }
        return true;
    }

    private List<HeapFinding> findings(List<Waiter> leftOver, boolean attributed, Map<Long, Waiter> waiting) {
        Map<Waiter, List<Waiter>> cycles = attributed ? new Cycles(leftOver).members() : Map.of();
        List<HeapFinding> findings = new ArrayList<>();
        for (Waiter w : leftOver) {
            String channelClass = w.channel < 0 ? null : heap.className(heap.classIdAt(w.channel));
            List<Long> holders = attributed ? tids(new ArrayList<>(w.holders)) : null;
            List<Waiter> cycle = cycles.get(w);
            cycle = cycle == null || oneChannel(cycle) ? null : cycle;
            // a lock's owner is who it waits for, as a monitor's is: the finding names it and relies on it
            long onThread = waitsOnlyForLockOwner(w, waiting) ? w.lockOwner : w.wait.onThread();
            findings.add(new HeapFinding(w.tid(), cycle == null ? Verdict.BLOCKED_FOREVER : Verdict.DEADLOCKED,
                    channelClass, w.ownStackHolds, holders, cycle == null ? List.of() : tids(cycle), w.wait.shape(),
                    onThread, tids(new ArrayList<>(w.interrupters))));
        }
        return findings;
    }

    /**
     * Whether every member of a cycle waits on one channel: peers, such as the idle workers of a
     * pool nobody can reach, each holding the queue the others wait on. None would ever serve it
     * while it waits: blocked forever, but no deadlock, which is threads waiting for each other
     * on different things (a lock one holds and the other wants).
     */
    private static boolean oneChannel(List<Waiter> cycle) {
        int channel = cycle.get(0).channel;
        for (Waiter w : cycle) {
            if (w.channel < 0 || w.channel != channel) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waiters that only an interrupt lets go: when nothing more could be served, their wait was
     * not, but their {@code Thread} was held by what runs.
     */
    private List<HeapRemark> interruptOnly(Map<Long, Waiter> waiting) {
        List<HeapRemark> remarks = new ArrayList<>();
        for (Waiter w : waiting.values()) {
            if (w.byInterruptOnly) {
                List<Long> holders = w.handleLabel >= 0 ? List.of(w.handleLabel) : List.of();
                String channelClass = w.channel < 0 ? null : heap.className(heap.classIdAt(w.channel));
                long joined = w.wait.shape() == ThreadWait.Shape.JOIN ? w.wait.onThread() : -1;
                remarks.add(new HeapRemark(w.tid(), HeapRemark.Kind.INTERRUPT_ONLY, channelClass, joined, holders,
                        w.handleLabel == STATIC));
            }
        }
        return remarks;
    }

    /**
     * Timed waiters whose channel no other thread, running or ever runnable, nor any static field
     * can reach. What the others reached before the timed waiters' own roots were marked
     * ({@code before}) is reachable by others; the rest is searched again from every root marked
     * later but the waiter's own (other timed waiters, threads they made runnable).
     */
    private List<HeapRemark> unshared(List<Waiter> watched, Map<Long, Waiter> waiting, ObjectMarks before,
                                      Set<Long> runnableBefore, Map<Integer, List<Integer>> rootsOfSerial) {
        List<Waiter> late = new ArrayList<>(watched);
        for (Waiter w : waiting.values()) {
            if (w.runnable && !runnableBefore.contains(w.tid())) {
                late.add(w); // made runnable after the timed waiters' roots came in: maybe by them
            }
        }
        List<HeapRemark> remarks = new ArrayList<>();
        int checks = 0;
        for (Waiter w : watched) {
            if (w.channel < 0 || before.get(w.channel) || ++checks > MAX_UNSHARED_CHECKS) {
                continue;
            }
            if (!reachedByOthers(w, late, before, rootsOfSerial)) {
                remarks.add(new HeapRemark(w.tid(), HeapRemark.Kind.UNSHARED_TIMED,
                        heap.className(heap.classIdAt(w.channel)), -1, List.of(), false));
            }
        }
        return remarks;
    }

    /** Whether a thread of {@code others} but {@code w} reaches {@code w}'s channel outside {@code before}; true when unsure. */
    private boolean reachedByOthers(Waiter w, List<Waiter> others, ObjectMarks before,
                                    Map<Integer, List<Integer>> rootsOfSerial) {
        ObjectMarks seen = new ObjectMarks(heap.objectCount());
        IntStack todo = new IntStack();
        IntConsumer sink = i -> {
            if (i >= 0 && !before.get(i) && seen.set(i)) {
                todo.push(i);
            }
        };
        for (Waiter other : others) {
            if (other == w) {
                continue;
            }
            sink.accept(other.thread.object);
            heap.threads.ownReferences(other.thread.row, sink);
            for (int serial : other.thread.serials) {
                for (int root : rootsOfSerial.getOrDefault(serial, List.of())) {
                    sink.accept(heap.rootObjects[root]);
                }
            }
        }
        while (!todo.isEmpty()) {
            int i = todo.pop();
            if (i == w.channel || ++visits > budget) {
                return true;
            }
            heap.references(i, sink);
        }
        return false;
    }

    private static List<Long> tids(List<Waiter> waiters) {
        return waiters.stream().map(Waiter::tid).sorted().toList();
    }

    /** Tarjan's strongly connected components over "is held by": a component of two or more is a deadlock. */
    private static final class Cycles {
        private final List<Waiter> nodes;
        private final Map<Waiter, Integer> index = new HashMap<>();
        private final Map<Waiter, Integer> low = new HashMap<>();
        private final List<Waiter> stack = new ArrayList<>();
        private final Set<Waiter> onStack = new HashSet<>();
        private final Map<Waiter, List<Waiter>> members = new HashMap<>();
        private int counter;

        Cycles(List<Waiter> nodes) {
            this.nodes = nodes;
        }

        Map<Waiter, List<Waiter>> members() {
            for (Waiter p : nodes) {
                if (!index.containsKey(p)) {
                    connect(p, 0);
                }
            }
            return members;
        }

        private void connect(Waiter v, int depth) {
            if (depth > 10_000) {
                return; // pathological chains: leave them BLOCKED_FOREVER, which they are anyway
            }
            index.put(v, counter);
            low.put(v, counter++);
            stack.add(v);
            onStack.add(v);
            for (Waiter w : v.holders) {
                if (!index.containsKey(w)) {
                    connect(w, depth + 1);
                    low.put(v, Math.min(low.get(v), low.getOrDefault(w, Integer.MAX_VALUE)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                List<Waiter> component = new ArrayList<>();
                Waiter w;
                do {
                    w = stack.remove(stack.size() - 1);
                    onStack.remove(w);
                    component.add(w);
                } while (w != v);
                if (component.size() > 1) {
                    for (Waiter m : component) {
                        members.put(m, component);
                    }
                }
            }
        }
    }
}
