package dev.threadleak.heapproof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.report.ProofNotes;
import dev.threadleak.report.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proof's entry: it proves this JVM's heap, leaves no dump behind, and fails with a result, never a throw. */
class HeapProofTest {

    @TempDir
    Path tmp;

    /** The Commons IO trial: its test JVMs run with -Xmx25M, where reading a dump threw OutOfMemoryError. */
    /** Vert.x's trial: on Java 25 the note blamed Java 17 for a wait the agent had recorded, timed. */
    @Test
    void theNoteOfNothingToProveNamesJava17sUnrecordedWaitOnlyWhereItIsSo() {
        assertTrue(HeapProof.nothingToProve(17).endsWith("(on Java 17 a direct Object.wait, such as "
                + "ReferenceQueue.remove's, is not recorded)"), HeapProof.nothingToProve(17));
        assertEquals(ProofNotes.NOT_RUN + ": no thread is in an untimed wait the agent recorded",
                HeapProof.nothingToProve(21));
        assertEquals(HeapProof.nothingToProve(Runtime.version().feature()), HeapProof.NOTHING_TO_PROVE);
    }

    @Test
    void aDumpIsNotReadWhereTheHeapHasTooLittleRoomForIt() {
        long mb = 1 << 20;
        assertEquals("its 11 MB dump was not read, since reading it needs about 30 MB of heap and 17 MB of this JVM's "
                + "26 MB is free; more heap (-Xmx) lets it be read",
                HeapProof.heapShortfall(11 * mb, 26 * mb, 9 * mb)); // measured: OutOfMemoryError there
        assertNull(HeapProof.heapShortfall(11 * mb, 4096 * mb, 40 * mb), "a test JVM's usual room");
        assertNull(HeapProof.heapShortfall(500 * mb, 1024 * mb, 500 * mb), "the benchmark's 500 MB: 0.43x at its peak");
        assertNull(HeapProof.heapShortfall(19 * mb, Long.MAX_VALUE, 16 * mb), "no limit");
    }

    /**
     * Once a dump was not read for want of heap, no dump as large is taken while the room is no
     * greater (Commons IO's trial: each failing test of a class wrote a 12 MB dump never read).
     */
    @Test
    void noDumpIsTakenWhereOneAsLargeAsTheLastUnreadOneWouldNotBeReadEither() {
        long mb = 1 << 20;
        String noRoom = HeapProof.noRoomForALikeDump(11 * mb, 1_200, 26 * mb, 20 * mb);
        assertEquals("no dump taken, since this JVM's dump of 1.2 s ago, of 11 MB, was not read for want of heap "
                + "(one as large needs about 30 MB more to be read, and this JVM's heap is 26 MB); more heap (-Xmx) lets "
                + "it be read", noRoom);
        assertEquals(noRoom, HeapProof.noRoomForALikeDump(11 * mb, 1_200, 26 * mb, 25 * mb),
                "garbage in use now is not what decides");
        assertNull(HeapProof.noRoomForALikeDump(11 * mb, 1_200, 64 * mb, 20 * mb), "a bigger heap: a dump is taken");
        assertNull(HeapProof.noRoomForALikeDump(11 * mb, 1_200, 26 * mb, 4 * mb),
                "less in use now than that dump held: one that small may be read");
        assertEquals("heap proof failed, verdicts are from runtime facts only: " + noRoom,
                HeapProof.Result.failed(noRoom, 0, 0).note());
    }

    @Test
    void aThreadParkedOnAQueueOnlyItsOwnStackHoldsIsBlockedForeverAndTheDumpIsGone() throws Exception {
        Thread consumer = new Thread(() -> {
            try {
                new LinkedBlockingQueue<>().take();
            } catch (InterruptedException e) {
                // the test ends it
            }
        }, "heap-proof-test-consumer");
        consumer.setDaemon(true);
        consumer.start();
        try {
            awaitParked(consumer);
            // this thread holds the consumer's Thread object, and could interrupt it: its stack is the caller's own
            HeapProof.Result result = HeapProof.proveParkedThreads(new ProofInput(Set.of(consumer.getId()),
                    Set.of(Thread.currentThread().getId()), List.of()));

            assertNull(result.failure(), result.note());
            assertEquals(1, result.findings().size(), result.note());
            HeapFinding finding = result.findings().get(0);
            assertEquals(consumer.getId(), finding.threadId());
            assertEquals(Verdict.BLOCKED_FOREVER, finding.verdict());
            assertTrue(result.note().startsWith("heap proof took "), result.note());
        } finally {
            consumer.interrupt();
            consumer.join();
        }
    }

    @Test
    void aDumpFileIsPrivateAndDeletedWithItsDirectory() throws Exception {
        Path file;
        try (DumpFile dump = DumpFile.create()) {
            file = dump.path();
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file.getParent())));
            assertTrue(file.getParent().getFileName().toString().startsWith("threadleak-proof-"), file.toString());
            assertFalse(Files.exists(file), "HotSpot refuses to write over a file");
            Files.writeString(file, "secrets");
        }
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(file.getParent()));
    }

    @Test
    void aFileThatIsNoHeapDumpIsAFailedResultNotAThrow() throws Exception {
        Path garbage = Files.writeString(tmp.resolve("heap.hprof"), "not a heap dump");
        HeapProof.Result result = HeapProof.analyse(garbage, new ProofInput(Set.of(1L), Set.of(), List.of()));
        assertNotNull(result.failure());
        assertTrue(result.failure().startsWith("could not read the heap dump heap.hprof: "), result.failure());
        assertTrue(result.note().matches("heap proof failed after \\d+ ms, verdicts are from runtime facts only: could not .*"),
                result.note());

        HeapProof.Result missing = HeapProof.analyse(tmp.resolve("none.hprof"), new ProofInput(Set.of(1L), Set.of(), List.of()));
        assertNotNull(missing.failure());
    }

    @Test
    void theFailureNoteIsTheOneEveryCallerPrints() {
        assertEquals("heap proof failed, verdicts are from runtime facts only: pid 42 has exited",
                HeapProof.failureNote("pid 42 has exited"));
    }

    @Test
    void theNoteNamesTheFirstFewThreadsOfEachVerdictByIdForAThreadDump() {
        List<HeapFinding> findings = new java.util.ArrayList<>();
        findings.add(new HeapFinding(40, Verdict.BLOCKED_FOREVER, "java.lang.Object", true, List.of(), List.of()));
        for (long id = 37; id >= 31; id--) {
            findings.add(new HeapFinding(id, Verdict.DEADLOCKED, "java.lang.Object", false, List.of(), List.of()));
        }
        HeapProof.Result result = new HeapProof.Result(findings, Set.of(), Set.of(), 5, 7, 100, 1 << 20, null);

        assertTrue(result.note().endsWith(": of the JVM's waiting threads, 1 blocked forever (#40), "
                + "7 deadlocked (#31, #32, #33, #34, #35, ...), 0 can still be woken"), result.note());
    }

    /**
     * A scope's note names the JVM's threads that are not the scope's apart, last: a later test's note
     * named an earlier test's thread blocked forever as if it were its own (jboss-logmanager's trial).
     */
    @Test
    void aScopesNoteNamesItsOwnThreadsAndCountsTheOthers() {
        List<HeapFinding> findings = new java.util.ArrayList<>();
        for (long id : new long[] {40, 41, 45}) {
            findings.add(new HeapFinding(id, Verdict.BLOCKED_FOREVER, "java.lang.Object", true, List.of(), List.of()));
        }
        HeapProof.Result result = new HeapProof.Result(findings, Set.of(), Set.of(), 5, 7, 100, 1 << 20, null);

        String mixed = result.keepUnchanged(id -> true, id -> "\"t" + id + "\"", id -> id == 41, "not this test's")
                .notes().get(0);
        assertTrue(mixed.contains(", 3 blocked forever (\"t41\"; 2 not this test's), 0 deadlocked"),
                mixed);
        String none = result.keepUnchanged(id -> true, id -> "#" + id, id -> false, "not this class's").notes().get(0);
        assertTrue(none.contains(", 3 blocked forever (not this class's), "), none);
        String all = result.keepUnchanged(id -> true, id -> "#" + id, id -> true, "not this test's").notes().get(0);
        assertTrue(all.contains(", 3 blocked forever (#40, #41, #45), "), all);

        // a summary keeps what proves the scope's own threads, and leaves out what proves only others'
        assertFalse(ProofNotes.settlesNothing(mixed), mixed);
        assertFalse(ProofNotes.settlesNothing(all), all);
        assertTrue(ProofNotes.settlesNothing(none), none);
        List<HeapFinding> othersDeadlocked = new java.util.ArrayList<>(findings);
        othersDeadlocked.add(new HeapFinding(50, Verdict.DEADLOCKED, "java.lang.Object", false, List.of(), List.of()));
        String deadlockOfOurs = new HeapProof.Result(othersDeadlocked, Set.of(), Set.of(), 5, 7, 100, 1 << 20, null)
                .keepUnchanged(id -> true, id -> "#" + id, id -> id == 50, ProofNotes.notOurs("test")).notes().get(0);
        assertFalse(ProofNotes.settlesNothing(deadlockOfOurs), deadlockOfOurs);
    }

    /** A summary leaves out, by {@link ProofNotes}, the notes of a proof that settled nothing, and only those. */
    @Test
    void theNotesThatSettleNothingAreTheOnesProofNotesKnows() {
        HeapProof.Result none = new HeapProof.Result(List.of(), Set.of(3L), Set.of(), 5, 7, 100, 1 << 20, null);
        List<HeapFinding> one = List.of(new HeapFinding(40, Verdict.BLOCKED_FOREVER, "java.lang.Object", true, List.of(),
                List.of()));
        List<HeapFinding> tenDeadlocked = new java.util.ArrayList<>();
        for (long id = 30; id < 40; id++) {
            tenDeadlocked.add(new HeapFinding(id, Verdict.DEADLOCKED, "java.lang.Object", false, List.of(), List.of()));
        }
        HeapProof.Result noHolder = new HeapProof.Result(List.of(), List.of(), Set.of(), Set.of(), 5, 7, 100, 1 << 20,
                null, Map.of(), Map.of(), false);
        HeapProof.Result held = new HeapProof.Result(List.of(), List.of(), Set.of(), Set.of(), 5, 7, 100, 1 << 20,
                null, Map.of(0, "com.acme.Registry.INSTANCE"), Map.of(), false);

        assertTrue(ProofNotes.settlesNothing(none.note()), none.note());
        assertTrue(ProofNotes.settlesNothing(noHolder.note()), noHolder.note());
        assertFalse(ProofNotes.settlesNothing(new HeapProof.Result(one, Set.of(), Set.of(), 5, 7, 100, 1 << 20, null)
                .note()));
        assertFalse(ProofNotes.settlesNothing(new HeapProof.Result(tenDeadlocked, Set.of(), Set.of(), 5, 7, 100, 1 << 20,
                null).note()), "10 deadlocked is no 0");
        assertFalse(ProofNotes.settlesNothing(held.note()), held.note());
        assertFalse(ProofNotes.settlesNothing(HeapProof.failureNote("pid 42 has exited")));
    }

    @Test
    void aDumpThatOnlyLookedForHoldersNamesTheFieldsThatHoldAndSaysHowManyAreKeptThroughACollection() {
        HeapProof.Result result = new HeapProof.Result(List.of(), List.of(), Set.of(), Set.of(), 5, 7, 100, 1 << 20,
                null, Map.of(0, "com.acme.Registry.INSTANCE"), Map.of(1, "com.acme.Manager.REGIONS"), false);

        assertTrue(result.note().startsWith("static field com.acme.Registry.INSTANCE holds some of what is left, not "
                + "through a collection; some is kept by static fields only through a collection, array or map, which "
                + "makes none of that a singleton (from a heap dump of "),
                result.note());
        HeapProof.Result keptOnly = new HeapProof.Result(List.of(), List.of(), Set.of(), Set.of(), 5, 7, 100, 1 << 20,
                null, Map.of(), Map.of(1, "com.acme.Manager.REGIONS"), false);
        assertTrue(keptOnly.note().startsWith("no static field of the program holds what is left as a "
                + "singleton; some is kept by static fields only through a collection, array or map, which makes none "
                + "of that a singleton"), keptOnly.note());
        assertTrue(result.withoutHolder("com.acme.Registry.INSTANCE").note().startsWith("no static field of the program "
                + "holds what is left as a singleton; some is kept by"), "a holder the caller counts "
                + "for its own reasons is left out of the note");
        Map<Integer, String> five = Map.of(0, "E.e", 1, "A.a", 2, "A.a", 3, "C.c", 4, "B.b", 5, "D.d");
        HeapProof.Result many = new HeapProof.Result(List.of(), List.of(), Set.of(), Set.of(), 5, 7, 100, 1 << 20,
                null, five, Map.of(), false);
        assertTrue(many.note().startsWith("static fields A.a, B.b, C.c and 2 more hold some of what is left, not through a "
                + "collection "
                + "(from a heap dump of "), many.note());
        HeapProof.Result two = new HeapProof.Result(List.of(), List.of(), Set.of(), Set.of(), 5, 7, 100, 1 << 20,
                null, Map.of(0, "B.b", 1, "A.a"), Map.of(), false);
        assertTrue(two.note().startsWith("static fields A.a and B.b hold some of what is left, not through a collection ("),
                two.note());
    }

    @Test
    void findingsOfThreadsWokenDuringTheDumpAreDroppedWithANote() {
        HeapFinding stays = new HeapFinding(1, Verdict.BLOCKED_FOREVER, "java.lang.Object", true, List.of(), List.of());
        HeapFinding woke = new HeapFinding(2, Verdict.BLOCKED_FOREVER, "java.lang.Object", true, List.of(), List.of());
        HeapProof.Result result = new HeapProof.Result(List.of(stays, woke), Set.of(), Set.of(), 5, 7, 100, 1 << 20, null);

        HeapProof.Kept kept = result.keepUnchanged(id -> id == 1);

        assertEquals(Set.of(1L), kept.findings().keySet());
        assertEquals(List.of(result.note(), "heap proof: 1 thread stopped waiting during the dump, left unproven"),
                kept.notes());
        assertEquals(12, result.tookMillis());
    }

    @Test
    void aFindingThatReliedOnAThreadThatWokeIsDroppedToo() {
        HeapFinding owner = new HeapFinding(1, Verdict.BLOCKED_FOREVER, "java.lang.Object", true, List.of(), List.of());
        HeapFinding entering = new HeapFinding(2, Verdict.BLOCKED_FOREVER, null, false, List.of(1L), List.of(),
                ThreadWait.Shape.MONITOR_ENTER, 1);
        HeapFinding heldByTheWoken = new HeapFinding(3, Verdict.BLOCKED_FOREVER, "java.lang.Object", false,
                List.of(4L), List.of());
        HeapFinding woke = new HeapFinding(4, Verdict.BLOCKED_FOREVER, "java.lang.Object", true, List.of(), List.of());
        HeapFinding alone = new HeapFinding(5, Verdict.BLOCKED_FOREVER, "java.lang.Object", true, List.of(), List.of());
        HeapRemark remark = new HeapRemark(6, HeapRemark.Kind.INTERRUPT_ONLY, "java.lang.Object", -1, List.of(7L), false);
        HeapProof.Result result = new HeapProof.Result(List.of(owner, entering, heldByTheWoken, woke, alone),
                List.of(remark), Set.of(6L), Set.of(), 5, 7, 100, 1 << 20, null);

        assertEquals(Set.of(1L, 2L, 3L, 4L, 5L), result.keepUnchanged(id -> true).findings().keySet());
        HeapProof.Kept kept = result.keepUnchanged(id -> id != 4 && id != 1);

        assertEquals(Set.of(5L), kept.findings().keySet(), "2 waited for 1, 3 was held by 4");
        assertEquals(Map.of(), kept.remarks(), "what a woken thread's frames reach was no root: remarks go too");
        assertEquals("heap proof: 2 threads stopped waiting during the dump, left unproven, with the 2 whose proof"
                + " relied on them", kept.notes().get(1));
    }

    private static void awaitParked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING || LockSupport.getBlocker(t) == null) {
            assertTrue(System.nanoTime() < deadline, t + " never parked: " + t.getState());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // a poll with a deadline: nothing signals a park
        }
    }
}
