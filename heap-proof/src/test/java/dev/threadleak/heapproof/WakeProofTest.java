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
            "inheritableThreadLocals", "task");
    private final long box = b.declare("com.acme.Box", object, "value");
    private final long objects = b.declare("[Ljava.lang.Object;", object);
    private int serial = 1;

    /** A thread with id {@code tid}, parked on {@code blocker} (0: running), its frames holding {@code frames}. */
    private long thread(long tid, long blocker, long... frames) {
        long t = b.instance(threadClass, fields("tid", tid, "parkBlocker", blocker));
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

    private Map<Long, HeapFinding> prove(Long... parked) {
        WakeProof.Outcome outcome = new WakeProof(HeapDump.read(DumpBytes.of(b.build())), BOOKKEEPING)
                .prove(Set.of(parked), Set.of());
        Map<Long, HeapFinding> byId = new HashMap<>();
        outcome.findings().forEach(f -> byId.put(f.threadId(), f));
        return byId;
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

    @Test
    void aThreadWhoseObjectARunningThreadHoldsCanBeInterrupted() {
        long c = channel();
        long parked = thread(1, c, c);
        thread(2, 0, b.instance(box, fields("value", parked)));

        assertEquals(Map.of(), prove(1L));
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

    @Test
    void threadsMissingFromTheDumpOrParkedOnNothingStayUndecided() {
        long c = channel();
        thread(1, 0, c);

        WakeProof.Outcome outcome = new WakeProof(HeapDump.read(DumpBytes.of(b.build())), BOOKKEEPING)
                .prove(Set.of(1L, 99L), Set.of());

        assertEquals(Set.of(1L, 99L), outcome.undecided());
        assertTrue(outcome.findings().isEmpty());
    }

    @Test
    void theCallersOwnStackIsNotARoot() {
        long c = channel();
        thread(1, c, c);
        thread(2, 0, c); // the thread running the proof, holding what it inspects

        WakeProof.Outcome outcome = new WakeProof(HeapDump.read(DumpBytes.of(b.build())), BOOKKEEPING)
                .prove(Set.of(1L), Set.of(2L));

        assertNotNull(outcome.findings().stream().collect(Collectors.toMap(HeapFinding::threadId, f -> f)).get(1L));
    }
}
