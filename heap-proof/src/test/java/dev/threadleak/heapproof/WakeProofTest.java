package dev.threadleak.heapproof;

import static dev.threadleak.heapproof.HprofBuilder.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.report.Verdict;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The method, on hand-made heaps: who is eventually runnable, who is blocked forever, who is deadlocked. */
class WakeProofTest {

    /** What the proof's caller says is its own: a tracker that records every wait. */
    private static final List<String> BOOKKEEPING = List.of("com.acme.tracker.");

    private final HprofBuilder b = new HprofBuilder(8);
    private final long object = b.declare("java.lang.Object", 0);
    private final long threadClass = b.declare("java.lang.Thread", object, "tid:J", "parkBlocker", "threadLocals",
            "inheritableThreadLocals", "task", "target", "holder", "name");
    private final long fieldHolder = b.declare("java.lang.Thread$FieldHolder", object, "task", "group");
    private final long virtualThread = b.declare("java.lang.VirtualThread", threadClass, "cont", "runContinuation",
            "scheduler");
    private final long continuation = b.declare("jdk.internal.vm.Continuation", object, "target", "tail");
    private final long box = b.declare("com.acme.Box", object, "value");
    private final long objects = b.declare("[Ljava.lang.Object;", object);
    private final long ownable = b.declare("java.util.concurrent.locks.AbstractOwnableSynchronizer", object,
            "exclusiveOwnerThread");
    private final long aqs = b.declare("java.util.concurrent.locks.AbstractQueuedSynchronizer", ownable, "head",
            "tail", "state:I");
    private final long reentrantSync = b.declare("java.util.concurrent.locks.ReentrantLock$NonfairSync",
            b.declare("java.util.concurrent.locks.ReentrantLock$Sync", aqs));
    private final long readWriteSync = b.declare("java.util.concurrent.locks.ReentrantReadWriteLock$NonfairSync",
            b.declare("java.util.concurrent.locks.ReentrantReadWriteLock$Sync", aqs, "readHolds"));
    private final long node = b.declare("java.util.concurrent.locks.AbstractQueuedSynchronizer$Node", object, "prev",
            "next", "waiter", "status:I");
    private final long exclusiveNode = b.declare("java.util.concurrent.locks.AbstractQueuedSynchronizer$ExclusiveNode",
            node);
    private final long sharedNode = b.declare("java.util.concurrent.locks.AbstractQueuedSynchronizer$SharedNode", node);
    private final long conditionNode = b.declare("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode",
            node, "nextWaiter");
    private int serial = 1;

    /** A thread with id {@code tid}, parked on {@code blocker} (0: running), its frames holding {@code frames}. */
    private long thread(long tid, long blocker, long... frames) {
        return threadAt(b.reserve(), tid, blocker, frames);
    }

    /** The same, its thread object at {@code object}, an id from {@link HprofBuilder#reserve()}. */
    private long threadAt(long object, long tid, long blocker, long... frames) {
        long t = b.instance(object, threadClass, fields("tid", tid, "parkBlocker", blocker));
        b.root(HeapDump.ROOT_THREAD_OBJECT, t, serial);
        for (long f : frames) {
            b.root(HeapDump.ROOT_JAVA_FRAME, f, serial);
        }
        serial++;
        return t;
    }

    private long channel() {
        return b.instance(box);
    }

    /** The heap built so far, read as the proof reads it for a caller with this bookkeeping and wait table. */
    private HeapDump heap(ProofInput.StaticField table) {
        return HeapDump.read(DumpBytes.of(b.build()), new GraphRules(BOOKKEEPING, table));
    }

    private Map<Long, HeapFinding> prove(Long... parked) {
        WakeProof.Outcome outcome = new WakeProof(heap(null), BOOKKEEPING)
                .prove(Set.of(parked), Set.of());
        Map<Long, HeapFinding> byId = new HashMap<>();
        outcome.findings().forEach(f -> byId.put(f.threadId(), f));
        return byId;
    }

    private WakeProof.Outcome prove(ProofInput.StaticField table, ThreadWait... waits) {
        return new WakeProof(heap(table), BOOKKEEPING)
                .prove(ProofInput.of(List.of(waits), Set.of(), BOOKKEEPING, table));
    }

    private WakeProof.Outcome prove(ThreadWait... waits) {
        return prove(null, waits);
    }

    private static Map<Long, HeapFinding> findings(WakeProof.Outcome outcome) {
        return outcome.findings().stream().collect(Collectors.toMap(HeapFinding::threadId, f -> f));
    }

    private static Map<Long, HeapRemark> remarks(WakeProof.Outcome outcome) {
        return outcome.remarks().stream().collect(Collectors.toMap(HeapRemark::threadId, r -> r));
    }

    private static ThreadWait uninterruptible(long tid) {
        return new ThreadWait(tid, ThreadWait.Shape.PARKED, false, -1);
    }

    private static ThreadWait timed(long tid) {
        return new ThreadWait(tid, ThreadWait.Shape.TIMED, true, -1);
    }

    private static ThreadWait entering(long tid, long owner) {
        return new ThreadWait(tid, ThreadWait.Shape.MONITOR_ENTER, false, owner);
    }

    @Test
    void aChannelOnlyItsWaiterHoldsIsForeverAndOneARunningThreadHoldsIsNot() {
        long lonely = channel();
        long served = channel();
        thread(1, lonely, lonely);
        thread(2, served, served);
        thread(3, 0, served); // running, holds the second channel

        Map<Long, HeapFinding> found = prove(1L, 2L);

        assertEquals(Set.of(1L), found.keySet());
        HeapFinding f = found.get(1L);
        assertEquals(Verdict.BLOCKED_FOREVER, f.verdict());
        assertTrue(f.ownStackHolds());
        assertEquals(List.of(), f.holders());
        assertEquals("com.acme.Box", f.channelClass());
        assertEquals("unreachable from every running thread and static field, proven from the heap: "
                + "only this thread's own stack holds the queue", f.why(id -> "#" + id, "the queue"));
    }

    @Test
    void eventuallyRunnableThreadsJoinTheRootsToTheFixpoint() {
        long c1 = channel();
        long c2 = channel();
        long c3 = channel();
        thread(1, c1, c1, c2); // woken by 3, then it can wake 2
        thread(2, c2, c2, c3); // woken by 1, then it can wake... c3 is its own
        thread(3, 0, c1);

        assertEquals(Map.of(), prove(1L, 2L));
    }

    @Test
    void aChannelInAStaticFieldIsNotALeak() {
        long c = channel();
        b.declare("com.acme.Registry", object, List.of(), Map.of("QUEUE", b.instance(box, fields("value", c))));
        thread(1, c, c);

        assertEquals(Map.of(), prove(1L));
    }

    /**
     * A cleaner thread in {@code ReferenceQueue.remove()}, its reference on its own stack: the
     * collector queues the reference once anyone lets go of its referent, and a reference already
     * taken from the queue (its {@code queue} a sentinel) promises nothing.
     */
    @Test
    void aReferenceQueueIsServedByTheCollectorWhileAReferenceNamesItAsItsOwn() {
        long queueClass = b.declare("java.lang.ref.ReferenceQueue", object, "lock", "head");
        long weak = b.declare("java.lang.ref.WeakReference", b.declare("java.lang.ref.Reference", object,
                "referent", "queue", "next"));
        long sentinel = b.instance(b.declare("java.lang.ref.ReferenceQueue$Null", queueClass));
        long referent = channel();
        thread(3, 0, referent); // running: it may let go of the referent any time
        long registeredLock = channel();
        long registered = b.instance(queueClass, fields("lock", registeredLock));
        thread(1, registeredLock, registered, b.instance(weak, fields("referent", referent, "queue", registered)));
        long takenLock = channel();
        long drained = b.instance(queueClass, fields("lock", takenLock));
        thread(2, takenLock, drained, b.instance(weak, fields("queue", sentinel)));

        Map<Long, HeapFinding> found = prove(1L, 2L);

        assertEquals(Set.of(2L), found.keySet(), "the cleaner whose queue no reference names any more only");
    }

    @Test
    void aThreadWhoseObjectARunningThreadHoldsCanBeInterruptedAndOnlyThatEndsItsWait() {
        long c = channel();
        long parked = thread(1, c, c);
        thread(2, 0, b.instance(box, fields("value", parked)));

        WakeProof.Outcome outcome = prove(ThreadWait.parked(1));

        assertEquals(Map.of(), findings(outcome));
        HeapRemark remark = remarks(outcome).get(1L);
        assertEquals(HeapRemark.Kind.INTERRUPT_ONLY, remark.kind());
        assertEquals(List.of(2L), remark.handleHolders());
        assertEquals("nothing can serve the queue: no running thread or static field can reach it, proven from the heap;"
                + " only an interrupt can end this wait, and #2 can reach its Thread", remark.why(id -> "#" + id, "the queue"));
        assertEquals(Set.of(1L), outcome.eventuallyRunnable());
    }

    @Test
    void aHandleInAStaticFieldIsNamedSo() {
        long c = channel();
        long parked = thread(1, c, c);
        b.declare("com.acme.Workers", object, List.of(), Map.of("ALL", b.objectArray(objects, parked)));

        HeapRemark remark = remarks(prove(ThreadWait.parked(1))).get(1L);

        assertTrue(remark.handleInStatic());
        assertTrue(remark.why(id -> "#" + id, null).endsWith("a static field holds its Thread"),
                remark.why(id -> "#" + id, null));
    }

    @Test
    void aWaitNoInterruptEndsIsForeverWhateverHoldsItsThread() {
        long c = channel();
        long parked = thread(1, c, c);
        thread(2, 0, b.instance(box, fields("value", parked)));

        WakeProof.Outcome outcome = prove(uninterruptible(1));

        assertEquals(Verdict.BLOCKED_FOREVER, findings(outcome).get(1L).verdict());
        assertEquals(Map.of(), remarks(outcome));
    }

    @Test
    void aThreadThatOnlyAnInterruptFreesStillCountsAsRunnableForTheOthers() {
        long mine = channel();
        long theirs = channel();
        long interruptible = thread(1, mine, mine, theirs);
        thread(2, theirs, theirs);
        thread(3, 0, b.instance(box, fields("value", interruptible)));

        WakeProof.Outcome outcome = prove(ThreadWait.parked(1), uninterruptible(2));

        assertEquals(Map.of(), findings(outcome), "once interrupted, 1 may still serve 2");
    }

    @Test
    void aHandleIsNotAWindowOntoTheThreadsTaskOrContinuation() {
        long future = channel();
        long lambda = b.instance(box, fields("value", future));
        long platform = b.instance(threadClass, fields("tid", 1, "parkBlocker", future,
                "holder", b.instance(fieldHolder, fields("task", lambda)), "target", lambda));
        b.root(HeapDump.ROOT_THREAD_OBJECT, platform, 40);
        b.root(HeapDump.ROOT_JAVA_FRAME, future, 40);
        long other = channel();
        long cont = b.instance(continuation, fields("target", b.instance(box, fields("value", other))));
        long virtual = b.instance(virtualThread, fields("tid", 2, "parkBlocker", other, "cont", cont,
                "runContinuation", b.instance(box, fields("value", cont))));
        b.root(HeapDump.ROOT_THREAD_OBJECT, virtual, 41);
        b.root(HeapDump.ROOT_JAVA_FRAME, other, 41);
        thread(3, 0, b.objectArray(objects, platform, virtual)); // main keeps both handles

        Map<Long, HeapFinding> found = findings(prove(uninterruptible(1), uninterruptible(2)));

        assertEquals(Verdict.BLOCKED_FOREVER, found.get(1L).verdict());
        assertEquals(Verdict.BLOCKED_FOREVER, found.get(2L).verdict());
    }

    @Test
    void aRunningThreadReachesItsOwnTask() {
        long queue = channel();
        thread(1, queue, queue);
        long runner = b.instance(threadClass, fields("tid", 2, "holder",
                b.instance(fieldHolder, fields("task", b.instance(box, fields("value", queue))))));
        b.root(HeapDump.ROOT_THREAD_OBJECT, runner, 60); // running, its frames hold nothing of the queue

        assertEquals(Map.of(), prove(1L));
    }

    @Test
    void aMonitorWhoseOwnerIsBlockedForeverIsNeverEntered() {
        long lonely = channel();
        thread(1, lonely, lonely); // owns the monitor, parked for ever
        thread(2, 0); // blocked entering it
        thread(3, 0); // blocked entering one a running thread owns
        thread(4, 0);

        Map<Long, HeapFinding> found = findings(prove(ThreadWait.parked(1), entering(2, 1), entering(3, 4)));

        assertEquals(Set.of(1L, 2L), found.keySet());
        HeapFinding blocked = found.get(2L);
        assertEquals(Verdict.BLOCKED_FOREVER, blocked.verdict());
        assertEquals(List.of(1L), blocked.holders());
        assertEquals("proven from the heap: com.acme.Lock@1 is owned by #1, which is itself blocked forever and can "
                + "never leave it", blocked.why(id -> "#" + id, "com.acme.Lock@1"));
    }

    @Test
    void aMonitorAndAQueueWaitingForEachOtherAreDeadlocked() {
        long queue = channel();
        thread(1, queue, queue); // owns the monitor, takes from the queue
        thread(2, 0, queue); // the only putter, blocked entering the monitor

        Map<Long, HeapFinding> found = findings(prove(ThreadWait.parked(1), entering(2, 1)));

        assertEquals(Verdict.DEADLOCKED, found.get(1L).verdict());
        assertEquals(Verdict.DEADLOCKED, found.get(2L).verdict());
        assertEquals(List.of(1L, 2L), found.get(2L).cycle());
        assertTrue(found.get(2L).why(id -> "#" + id, "com.acme.Lock@1")
                .startsWith("wait-for cycle, proven from the heap: com.acme.Lock@1 is owned by #1, and"));
    }

    /** A lock's sync of class {@code syncClass}, with {@code state}, owned by {@code owner} (0: none), in a static field. */
    private long staticLock(long syncClass, long owner, int state) {
        long sync = b.instance(syncClass, fields("exclusiveOwnerThread", owner, "state", state));
        b.declare("com.acme.Locks" + serial + "x" + sync, object, List.of(), Map.of("LOCK", sync));
        return sync;
    }

    /** Thread {@code tid} parked on {@code sync}, in its queue in a node of {@code nodeClass}, as lock() parks it. */
    private long queued(long tid, long sync, long nodeClass) {
        long t = thread(tid, sync);
        b.instance(nodeClass, fields("waiter", t));
        return t;
    }

    @Test
    void aLockWhoseOwnerIsBlockedForeverIsNeverTakenThoughAStaticFieldReachesIt() {
        long latch = channel();
        long owner = thread(1, latch, latch); // holds the lock, parked on a latch only it has
        long lock = staticLock(reentrantSync, owner, 1);
        queued(2, lock, exclusiveNode);
        long writeLock = staticLock(readWriteSync, owner, 1); // write-locked by 1
        queued(3, writeLock, exclusiveNode);
        queued(4, writeLock, conditionNode); // signalled, taking the lock back
        long runner = thread(5, 0);
        queued(6, staticLock(reentrantSync, runner, 1), exclusiveNode); // its owner runs

        Map<Long, HeapFinding> found = findings(prove(ThreadWait.parked(1), uninterruptible(2), uninterruptible(3),
                uninterruptible(4), uninterruptible(6)));

        assertEquals(Set.of(1L, 2L, 3L, 4L), found.keySet());
        HeapFinding waiter = found.get(2L);
        assertEquals(Verdict.BLOCKED_FOREVER, waiter.verdict());
        assertEquals(List.of(1L), waiter.holders());
        assertEquals(1L, waiter.onThread(), "the proof relied on the owner");
        assertEquals("proven from the heap: java.util.concurrent.locks.ReentrantLock$NonfairSync@1 is owned by #1, "
                + "which is itself blocked forever and can never release it",
                waiter.why(id -> "#" + id, "java.util.concurrent.locks.ReentrantLock$NonfairSync@1"));
        assertEquals("proven from the heap: its ReentrantReadWriteLock$NonfairSync is owned by #1, which is itself blocked forever and can "
                + "never release it", found.get(3L).why(id -> "#" + id, null));
    }

    /**
     * An embedded Tomcat's trial, attached late: a lock's owner that only an interrupt frees, and
     * waiters of that lock whose {@code Thread}s are as reachable as its own (a server's pool holds
     * them all). The waiters were called freed by an interrupt in the same step as the owner, with
     * "nothing can serve" a lock a static field holds; an interrupted owner may let go of the lock,
     * so its waiters can be served, as the lock's other waiters were.
     */
    @Test
    void aLockWhoseOwnerOnlyAnInterruptFreesCanStillServeItsWaiters() {
        long latch = channel();
        long owner = thread(1, latch, latch);
        long lock = staticLock(reentrantSync, owner, 1);
        long waiter = queued(2, lock, exclusiveNode);
        b.declare("com.acme.Workers", object, List.of(), Map.of("ALL", b.objectArray(objects, owner, waiter)));

        WakeProof.Outcome outcome = prove(ThreadWait.parked(1), ThreadWait.parked(2));

        assertEquals(Map.of(), findings(outcome));
        assertEquals(Set.of(1L), remarks(outcome).keySet(), "the owner only: its waiter is served once it lets go");
        assertEquals(Set.of(1L, 2L), outcome.eventuallyRunnable());
    }

    /** Only what the owner alone can release waits for the owner: anything else stays as reachability says. */
    @Test
    void aWaiterNoOwnerAloneCanHoldUpIsNotBlamedOnIt() {
        long latch = channel();
        long owner = thread(1, latch, latch); // blocked forever, whatever reaches its Thread
        long customSync = b.declare("com.acme.Gate", aqs); // may let any thread release it
        queued(2, staticLock(reentrantSync, 0, 1), exclusiveNode); // being taken: no owner set yet
        queued(3, staticLock(reentrantSync, owner, 0), exclusiveNode); // owner set, but not held
        queued(4, staticLock(readWriteSync, owner, 1), sharedNode); // a reader behind a stuck writer
        queued(5, staticLock(readWriteSync, owner, 1 << 16), exclusiveNode); // read-locked only: readers release it
        queued(6, staticLock(customSync, owner, 1), exclusiveNode);
        thread(7, staticLock(reentrantSync, owner, 1)); // parked on it, in no queue of an exclusive acquire

        Map<Long, HeapFinding> found = findings(prove(uninterruptible(1), uninterruptible(2), uninterruptible(3),
                uninterruptible(4), uninterruptible(5), uninterruptible(6), uninterruptible(7)));

        assertEquals(Set.of(1L), found.keySet());
    }

    @Test
    void twoThreadsEachOwningTheLockTheOtherWaitsForAreDeadlocked() {
        long first = b.reserve();
        long second = b.reserve();
        long lock1 = staticLock(reentrantSync, first, 1);
        long lock2 = staticLock(reentrantSync, second, 1);
        threadAt(first, 1, lock2);
        threadAt(second, 2, lock1);
        b.instance(exclusiveNode, fields("waiter", first));
        b.instance(exclusiveNode, fields("waiter", second));

        Map<Long, HeapFinding> found = findings(prove(uninterruptible(1), uninterruptible(2)));

        assertEquals(Verdict.DEADLOCKED, found.get(1L).verdict());
        assertEquals(Verdict.DEADLOCKED, found.get(2L).verdict());
        assertEquals(List.of(1L, 2L), found.get(1L).cycle());
        assertEquals(List.of(2L), found.get(1L).holders());
        assertTrue(found.get(1L).why(id -> "#" + id, "the second lock")
                .startsWith("wait-for cycle, proven from the heap: the second lock is owned by #2, and"),
                found.get(1L).why(id -> "#" + id, "the second lock"));
    }

    @Test
    void aLeftOverThreadThatHoldsAnothersThreadIsNoHolderOfItsChannelNorInACycleWithIt() {
        long latch = channel();
        long lock = channel();
        long holder = thread(1, latch, latch, lock); // holds the lock, waits on a latch only it has
        thread(2, lock, lock, b.instance(box, fields("value", holder))); // waits for the lock, reaches 1's Thread

        Map<Long, HeapFinding> found = findings(prove(ThreadWait.parked(1), uninterruptible(2)));

        assertEquals(Verdict.BLOCKED_FOREVER, found.get(1L).verdict(), "an interrupt does not serve the latch");
        assertEquals(List.of(), found.get(1L).holders());
        assertEquals(List.of(2L), found.get(1L).interrupters(), "but the proof relied on 2 never running");
        assertEquals(Verdict.BLOCKED_FOREVER, found.get(2L).verdict());
        assertEquals(List.of(1L), found.get(2L).holders());
    }

    @Test
    void aJoinEndsWhenTheJoinedThreadCanRun() {
        long lonely = channel();
        thread(1, lonely, lonely);
        thread(2, 0);
        thread(3, 0);
        thread(4, 0);

        Map<Long, HeapFinding> found = findings(prove(ThreadWait.parked(1),
                new ThreadWait(2, ThreadWait.Shape.JOIN, false, 1), new ThreadWait(3, ThreadWait.Shape.JOIN, false, 4)));

        assertEquals(Set.of(1L, 2L), found.keySet());
        assertEquals("proven from the heap: it joins #1, which is itself blocked forever",
                found.get(2L).why(id -> "#" + id, null));
    }

    @Test
    void anObjectWaitIsServedByWhoeverReachesTheMonitorTheWaitTableNames() {
        long monitor = b.instance(box);
        long shared = b.instance(box);
        long waiter = thread(1, 0, monitor);
        long other = thread(2, 0, shared);
        thread(3, 0, shared);
        long table = b.objectArray(objects, waiter, monitor, other, shared);
        b.declare("com.acme.tracker.WaitTable", object, List.of(), Map.of("entries", table));
        ThreadWait wait1 = new ThreadWait(1, ThreadWait.Shape.OBJECT_WAIT, true, -1);
        ThreadWait wait2 = new ThreadWait(2, ThreadWait.Shape.OBJECT_WAIT, true, -1);

        WakeProof.Outcome outcome = prove(new ProofInput.StaticField("com.acme.tracker.WaitTable", "entries"), wait1,
                wait2);

        assertEquals(Set.of(1L), findings(outcome).keySet(), "the table is no root: only 3 reaches a monitor");
        assertEquals(Set.of(2L), outcome.eventuallyRunnable());
    }

    @Test
    void anObjectWaitWithoutItsMonitorInTheTableStaysUndecided() {
        thread(1, 0, b.instance(box));

        WakeProof.Outcome outcome = prove(new ThreadWait(1, ThreadWait.Shape.OBJECT_WAIT, true, -1));

        assertEquals(Set.of(1L), outcome.undecided());
    }

    @Test
    void aTimedWaitOnAQueueNobodyElseReachesIsRemarkedAndNeverProven() {
        long dead = channel();
        long shared = channel();
        long withTheOther = channel();
        thread(1, dead, dead);
        thread(2, shared, shared);
        thread(3, 0, shared);
        thread(4, withTheOther, withTheOther);
        thread(5, withTheOther, withTheOther); // another timed waiter on the same queue

        WakeProof.Outcome outcome = prove(timed(1), timed(2), timed(4), timed(5));

        assertEquals(List.of(), outcome.findings());
        assertEquals(Set.of(1L), remarks(outcome).keySet());
        assertEquals(HeapRemark.Kind.UNSHARED_TIMED, remarks(outcome).get(1L).kind());
        assertTrue(remarks(outcome).get(1L).why(id -> "#" + id, null).startsWith(
                "nothing but this thread's own stack can reach its Box"));
    }

    @Test
    void aTimedWaiterThatHoldsAChannelServesIt() {
        long queue = channel();
        long parked = thread(1, queue, queue);
        thread(2, 0, b.instance(box, fields("value", parked))); // holds the handle
        long polled = channel();
        thread(3, polled, polled, queue); // polls with a timeout, and could put into the queue

        WakeProof.Outcome outcome = prove(ThreadWait.parked(1), timed(3));

        assertEquals(Map.of(), remarks(outcome).entrySet().stream().filter(e -> e.getKey() == 1L)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "3 can serve it: no interrupt needed");
        assertEquals(Set.of(1L), outcome.eventuallyRunnable());
    }

    @Test
    void aTimedWaitersChannelHeldByAThreadItWakesIsShared() {
        long polled = channel();
        long fed = channel();
        thread(1, polled, polled, fed); // polls, then feeds the other
        thread(2, fed, fed, polled); // parked untimed on what 1 feeds; once woken it puts into what 1 polls

        WakeProof.Outcome outcome = prove(timed(1), ThreadWait.parked(2));

        assertEquals(List.of(), outcome.findings());
        assertEquals(Map.of(), remarks(outcome));
    }

    @Test
    void theCallersBookkeepingAndThreadGroupsAreNotHolders() {
        long c = channel();
        long parked = thread(1, c, c);
        long record = b.declare("com.acme.tracker.WaitRecord", object, "currentWait");
        long group = b.declare("java.lang.ThreadGroup", object, "threads", "name");
        b.declare("com.acme.Roots", object, List.of(), Map.of(
                "RECORD", b.instance(record, fields("currentWait", c)),
                "GROUP", b.instance(group, fields("threads", b.objectArray(objects, parked)))));

        assertEquals(Set.of(1L), prove(1L).keySet());
    }

    @Test
    void whatTheCallerDoesNotNameAsBookkeepingIsAHolder() {
        long c = channel();
        thread(1, c, c);
        long record = b.declare("com.acme.other.WaitRecord", object, "currentWait");
        b.declare("com.acme.Roots", object, List.of(), Map.of("RECORD", b.instance(record, fields("currentWait", c))));

        assertEquals(Map.of(), prove(1L), "a static field reaches the channel through a record that is not bookkeeping");
    }

    @Test
    void aParkedThreadsBlockerAndThreadLocalsDoNotMakeItAHolder() {
        long mine = channel();
        long theirs = channel();
        long t1 = b.instance(threadClass, fields("tid", 1, "parkBlocker", mine, "threadLocals", theirs));
        b.root(HeapDump.ROOT_THREAD_OBJECT, t1, 50);
        b.root(HeapDump.ROOT_JAVA_FRAME, mine, 50);
        thread(2, theirs, theirs);

        Map<Long, HeapFinding> found = prove(1L, 2L);

        assertEquals(Verdict.BLOCKED_FOREVER, found.get(2L).verdict());
        assertEquals(List.of(), found.get(2L).holders(), "thread 1 reaches it only through its thread locals");
    }

    @Test
    void twoThreadsEachHoldingTheOthersChannelAreDeadlocked() {
        long a = channel();
        long b2 = channel();
        long lonely = channel();
        thread(1, a, a, b2);
        thread(2, b2, b2, a);
        thread(3, lonely, lonely, a); // holds a, waits on its own: blocked forever, not in the cycle

        Map<Long, HeapFinding> found = prove(1L, 2L, 3L);

        assertEquals(Verdict.DEADLOCKED, found.get(1L).verdict());
        assertEquals(Verdict.DEADLOCKED, found.get(2L).verdict());
        assertEquals(List.of(1L, 2L), found.get(1L).cycle());
        assertEquals(List.of(2L, 3L), found.get(1L).holders());
        assertEquals(Verdict.BLOCKED_FOREVER, found.get(3L).verdict());
        String why = found.get(1L).why(id -> "#" + id, null);
        assertTrue(why.startsWith("wait-for cycle, proven from the heap: its Box is held only by this thread's own "
                + "stack and #2 and #3"), why);
    }

    /** An abandoned pool's idle workers (Jetty trial: "12 deadlocked"): each holds the queue all of them wait on. */
    @Test
    void peersWaitingOnOneChannelOnlyTheyHoldAreBlockedForeverNotDeadlocked() {
        long queue = channel();
        thread(1, queue, queue);
        thread(2, queue, queue);

        Map<Long, HeapFinding> found = prove(1L, 2L);

        assertEquals(Verdict.BLOCKED_FOREVER, found.get(1L).verdict());
        assertEquals(Verdict.BLOCKED_FOREVER, found.get(2L).verdict());
        assertEquals(List.of(), found.get(1L).cycle());
    }

    @Test
    void threadsMissingFromTheDumpOrParkedOnNothingStayUndecided() {
        long c = channel();
        thread(1, 0, c);

        WakeProof.Outcome outcome = new WakeProof(heap(null), BOOKKEEPING)
                .prove(Set.of(1L, 99L), Set.of());

        assertEquals(Set.of(1L, 99L), outcome.undecided());
        assertTrue(outcome.findings().isEmpty());
    }

    @Test
    void theCallersOwnStackIsNotARoot() {
        long c = channel();
        thread(1, c, c);
        thread(2, 0, c); // the thread running the proof, holding what it inspects

        WakeProof.Outcome outcome = new WakeProof(heap(null), BOOKKEEPING)
                .prove(Set.of(1L), Set.of(2L));

        assertNotNull(outcome.findings().stream().collect(Collectors.toMap(HeapFinding::threadId, f -> f)).get(1L));
    }
}
