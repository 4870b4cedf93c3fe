package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.JvmInfo;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.heapproof.HeapFinding;
import dev.threadleak.heapproof.HeapProof;
import dev.threadleak.heapproof.HeapRemark;
import dev.threadleak.heapproof.ProvenLeaks;
import dev.threadleak.heapproof.ThreadWait;
import dev.threadleak.report.ThreadInfo;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which of a report's threads the proof is asked about, and when a wait counts as the same after the dump. */
class RemoteHeapProofTest {

    private static final String QUEUE = "java.util.concurrent.LinkedBlockingQueue@1";

    private static BlockedOn wait(String operation, Long since, Long timeout) {
        return new BlockedOn(operation, QUEUE, since, null, timeout, null, null, null);
    }

    private static Leak thread(long id, String state, Verdict verdict, BlockedOn on) {
        return Leak.builder(LeakKind.THREAD, verdict).thread(new ThreadInfo(id, "t" + id, false, true, state))
                .blockedOn(on).build();
    }

    private static LeakReport report(String takenAt, Leak... leaks) {
        return new LeakReport(LeakReport.SCHEMA, null, takenAt, null, List.of(leaks), null, null, null);
    }

    @Test
    void everyUntimedWaitTheAgentSawBeginIsACandidateAndTimedOnesAreWatched() {
        LeakReport report = report("2026-01-01T00:00:10Z",
                thread(1, "WAITING", Verdict.SUSPECT, wait("java.util.concurrent.LinkedBlockingQueue.take", 5_000L, null)),
                thread(2, "TIMED_WAITING", Verdict.SUSPECT, wait("java.util.concurrent.LinkedBlockingQueue.poll", 5_000L, 9_000L)),
                thread(3, "WAITING", Verdict.SUSPECT, wait("java.lang.Thread.join", 5_000L, null)
                        .with(new ThreadRef(9, "joined"), true)),
                thread(4, "WAITING", Verdict.BLOCKED_FOREVER, wait("java.util.concurrent.FutureTask.get", 5_000L, null)),
                thread(5, "WAITING", Verdict.SUSPECT, wait("java.util.concurrent.CountDownLatch.await", null, null)),
                thread(6, "TIMED_WAITING", Verdict.SUSPECT, null),
                thread(7, "WAITING", Verdict.SUSPECT, wait("java.util.concurrent.SynchronousQueue.put", 5_000L, null))
                        .grouped(3, List.of()),
                thread(8, "BLOCKED", Verdict.SUSPECT, wait("com.acme.Account.debit", null, null)
                        .with(new ThreadRef(4, "owner"), false)),
                thread(10, "WAITING", Verdict.SUSPECT, wait("java.util.concurrent.CompletableFuture.join", 5_000L, null)
                        .with(null, false)),
                thread(11, "WAITING", Verdict.SUSPECT, wait("java.lang.Object.wait", 5_000L, null)),
                thread(12, "BLOCKED", Verdict.SUSPECT, wait("com.acme.Account.debit", null, null)),
                thread(13, "WAITING", Verdict.SUSPECT, wait("java.util.concurrent.locks.LockSupport.park", null, null)),
                thread(14, "WAITING", Verdict.SUSPECT, wait("java.lang.Object.wait", null, null)));

        Map<Long, ThreadWait> waits = RemoteHeapProof.waits(report);

        assertEquals(Set.of(1L, 2L, 3L, 5L, 8L, 10L, 11L), waits.keySet(), "5 began before a late attach, in a "
                + "woven call; a bare park (13) and an Object.wait (14) that the agent did not see begin are not proven");
        assertEquals(ThreadWait.parked(1), waits.get(1L));
        assertEquals(ThreadWait.parked(5), waits.get(5L));
        assertEquals(ThreadWait.Shape.TIMED, waits.get(2L).shape());
        assertEquals(new ThreadWait(3, ThreadWait.Shape.JOIN, true, 9), waits.get(3L));
        assertEquals(new ThreadWait(8, ThreadWait.Shape.MONITOR_ENTER, false, 4), waits.get(8L));
        assertEquals(new ThreadWait(10, ThreadWait.Shape.PARKED, false, -1), waits.get(10L));
        assertEquals(ThreadWait.Shape.OBJECT_WAIT, waits.get(11L).shape());
    }

    /**
     * A thread the JVM itself found deadlocked (a live report's DEADLOCKED) is proven too: left
     * out, it counted as running, and a thread blocked on a monitor it owns as one it would let in,
     * servable. Its verdict is the JVM's fact: only the proof's own cycle replaces it.
     */
    @Test
    void aThreadTheJvmFoundDeadlockedIsACandidateAndKeepsItsVerdictUnlessTheProofFindsItsCycle() {
        BlockedOn entering = wait("com.acme.Account.debit", null, null).with(new ThreadRef(16, "t16"), false);
        Leak deadlocked = thread(15, "BLOCKED", Verdict.DEADLOCKED, entering).withVerdict(Verdict.DEADLOCKED, entering,
                "the JVM's", List.of(new ThreadRef(15, "t15"), new ThreadRef(16, "t16")));
        Leak bystander = thread(17, "BLOCKED", Verdict.SUSPECT, entering.with(new ThreadRef(15, "t15"), false));

        Map<Long, ThreadWait> waits = RemoteHeapProof.waits(report("2026-01-01T00:00:10Z", deadlocked, bystander));
        assertEquals(new ThreadWait(15, ThreadWait.Shape.MONITOR_ENTER, false, 16), waits.get(15L));
        assertEquals(new ThreadWait(17, ThreadWait.Shape.MONITOR_ENTER, false, 15), waits.get(17L));

        HeapFinding forever = new HeapFinding(15, Verdict.BLOCKED_FOREVER, null, false, List.of(16L), List.of(),
                ThreadWait.Shape.MONITOR_ENTER, 16);
        assertEquals(List.of(deadlocked), ProvenLeaks.upgrade(List.of(deadlocked), Map.of(15L, forever)));
        HeapFinding cycle = new HeapFinding(15, Verdict.DEADLOCKED, null, false, List.of(16L), List.of(15L, 16L),
                ThreadWait.Shape.MONITOR_ENTER, 16);
        Leak proven = ProvenLeaks.upgrade(List.of(deadlocked), Map.of(15L, cycle)).get(0);
        assertEquals(ProvenLeaks.DEADLOCK_REASON, proven.reason());
        assertTrue(proven.blockedOn().why().startsWith("wait-for cycle, proven from the heap: "), proven.blockedOn().why());
    }

    @Test
    void aWaitIsTheSameIfItBeganAtTheSameMomentOnTheSameChannel() {
        LeakReport before = report("2026-01-01T00:00:10Z");
        LeakReport after = report("2026-01-01T00:00:10.300Z");
        Leak was = thread(1, "WAITING", Verdict.SUSPECT, wait("java.util.concurrent.LinkedBlockingQueue.take", 5_000L, null));
        assertTrue(RemoteHeapProof.sameWait(before, was, after, thread(1, "WAITING", Verdict.SUSPECT, wait("x", 5_303L, null)), 25));
        assertFalse(RemoteHeapProof.sameWait(before, was, after, thread(1, "WAITING", Verdict.SUSPECT, wait("x", 120L, null)), 25),
                "woken during the dump and parked again on the same queue");
        assertFalse(RemoteHeapProof.sameWait(before, was, after, thread(1, "WAITING", Verdict.SUSPECT,
                new BlockedOn("x", "java.util.concurrent.LinkedBlockingQueue@2", 5_300L, null, null, null, null, null)), 25));
        assertFalse(RemoteHeapProof.sameWait(before, was, after, null, 25), "no longer waiting");
        Leak unrecorded = thread(3, "WAITING", Verdict.SUSPECT, wait("java.util.concurrent.CountDownLatch.await", null, null));
        assertTrue(RemoteHeapProof.sameWait(before, unrecorded, after, unrecorded, 25),
                "begun before a late attach, still unrecorded: a new wait in that call would be recorded");
        assertFalse(RemoteHeapProof.sameWait(before, unrecorded, after, thread(3, "WAITING", Verdict.SUSPECT,
                wait("java.util.concurrent.CountDownLatch.await", 40L, null)), 25), "ended, and a new one began");
        Leak blocked = thread(2, "BLOCKED", Verdict.SUSPECT, wait("m", null, null).with(new ThreadRef(4, "o"), false));
        assertTrue(RemoteHeapProof.sameWait(before, blocked, after, blocked, 25), "the same monitor, the same owner");
        assertFalse(RemoteHeapProof.sameWait(before, blocked, after, thread(2, "BLOCKED", Verdict.SUSPECT,
                wait("m", null, null).with(new ThreadRef(5, "other"), false)), 25), "another owner: it moved");
    }

    /**
     * What the proof found servable is left out: an untimed wait something that runs can serve.
     * Not one only an interrupt ends, not a timed wait (runnable because it ends), not a wait the
     * proof did not settle.
     */
    @Test
    void onlyUntimedWaitsThatWhatRunsCanServeAreServable() {
        Map<Long, ThreadWait> waits = Map.of(
                1L, new ThreadWait(1, ThreadWait.Shape.PARKED, true, -1),
                2L, new ThreadWait(2, ThreadWait.Shape.PARKED, true, -1),
                3L, new ThreadWait(3, ThreadWait.Shape.TIMED, true, -1),
                4L, new ThreadWait(4, ThreadWait.Shape.PARKED, true, -1));
        HeapProof.Result result = new HeapProof.Result(List.of(),
                List.of(new HeapRemark(2, HeapRemark.Kind.INTERRUPT_ONLY, "java.lang.Object", -1, List.of(5L), false)),
                Set.of(1L, 2L, 3L), Set.of(4L), 1, 1, 1, 1, null);

        assertEquals(Set.of(1L), RemoteHeapProof.servable(waits, result));

        LeakReport report = report("2026-01-01T00:00:10Z", thread(1, "WAITING", Verdict.SUSPECT, wait("x", 10L, null)),
                thread(4, "WAITING", Verdict.SUSPECT, wait("x", 10L, null)));
        LeakReport left = RemoteHeapProof.withoutServable(report, report.leaks(), Set.of(1L), List.of());
        assertEquals(List.of(4L), left.leaks().stream().map(l -> l.thread().id()).toList());
        assertEquals(1, left.leakCount(), "alike, the two were one group: " + left.toText());
        assertEquals(List.of(ProveIT.servableNote(1)), left.notes());
    }

    /** Derby's main, in an Object.wait begun before the attach: said not proven, and why. */
    @Test
    void aWaitTheAgentDidNotSeeBeginAndTheHeapCannotTieIsSaidNotProven() {
        Leak main = thread(1, "WAITING", Verdict.SUSPECT, new BlockedOn("java.lang.Object.wait", "java.lang.Object@5",
                null, null, null, null, null, null));
        Leak consumer = thread(2, "WAITING", Verdict.SUSPECT, wait("java.util.concurrent.LinkedBlockingQueue.take",
                null, null));
        LeakReport report = report("2026-01-01T00:00:10Z", main, consumer);
        Map<Long, ThreadWait> waits = RemoteHeapProof.waits(report);

        assertEquals(Set.of(2L), waits.keySet(), "a park of java.util.concurrent's is proven from its blocker");
        assertEquals("\"t1\" #1 waits in an Object.wait, a join or a bare LockSupport.park that the agent did not see"
                + " begin (begun before it was attached; on Java 17 also a direct Object.wait(0)), and the heap does not"
                + " show what such a wait is on", RemoteHeapProof.unseenWaits(report, waits));
        assertEquals(null, RemoteHeapProof.unseenWaits(report("2026-01-01T00:00:10Z", consumer), waits));
        LeakReport on25 = new LeakReport(LeakReport.SCHEMA, new JvmInfo(7, "25.0.3", JvmInfo.AGENT),
                "2026-01-01T00:00:10Z", null, List.of(main, consumer), null, null, null);
        assertEquals("\"t1\" #1 waits in an Object.wait, a join or a bare LockSupport.park that the agent did not see"
                + " begin (begun before it was attached), and the heap does not show what such a wait is on",
                RemoteHeapProof.unseenWaits(on25, waits), "Java 25 records a direct Object.wait: no remark of Java 17's");
    }
}
