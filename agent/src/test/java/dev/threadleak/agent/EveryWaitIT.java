package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.agent.programs.EveryPrimitiveProgram;
import dev.threadleak.agent.programs.KeptHandlesProgram;
import dev.threadleak.agent.programs.MixedCyclesProgram;
import dev.threadleak.agent.programs.OwnedLocksProgram;
import dev.threadleak.agent.programs.ServablePrimitivesProgram;
import dev.threadleak.agent.programs.TimedPollProgram;
import dev.threadleak.agent.programs.VirtualWaitsProgram;
import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every primitive a thread can wait on, in child JVMs with {@code prove=true}: each leaky shape
 * is proven and says what it waits on, and each wait that something can still end is not.
 */
class EveryWaitIT {

    @TempDir
    static Path dir;

    private static LeakReport primitives;

    @BeforeAll
    static void runTheProgramOfEveryPrimitive() throws Exception {
        primitives = run("primitives", EveryPrimitiveProgram.class);
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', value = {
        "prim-latch | java.util.concurrent.CountDownLatch.await | java.util.concurrent.CountDownLatch$Sync@ | count 1",
        "prim-semaphore | java.util.concurrent.Semaphore.acquire | java.util.concurrent.Semaphore$NonfairSync@ | 0 permits available",
        "prim-semaphore-uninterruptibly | java.util.concurrent.Semaphore.acquireUninterruptibly | java.util.concurrent.Semaphore$NonfairSync@ |",
        "prim-lock | java.util.concurrent.locks.ReentrantLock.lock | java.util.concurrent.locks.ReentrantLock$NonfairSync@ |",
        "prim-read-lock | java.util.concurrent.locks.ReentrantReadWriteLock$ReadLock.lock | java.util.concurrent.locks.ReentrantReadWriteLock$NonfairSync@ | write-locked",
        "prim-condition | java.util.concurrent.locks.Condition.await | java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject@ | a condition of java.util.concurrent.locks.ReentrantLock$NonfairSync@",
        "prim-condition-uninterruptibly | java.util.concurrent.locks.Condition.awaitUninterruptibly | java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject@ |",
        "prim-barrier | java.util.concurrent.CyclicBarrier.await | java.util.concurrent.CyclicBarrier@ | 1 of 2 parties waiting",
        "prim-phaser | java.util.concurrent.Phaser.arriveAndAwaitAdvance | java.util.concurrent.Phaser@ | phase 0, 1 of 2 parties arrived",
        "prim-stamped | java.util.concurrent.locks.StampedLock.readLock | java.util.concurrent.locks.StampedLock@ | write-locked",
        "prim-park | java.util.concurrent.locks.LockSupport.park | dev.threadleak.agent.programs.EveryPrimitiveProgram$Gate@ |",
        "prim-object-wait | java.lang.Object.wait | java.lang.Object@ |",
        "prim-gate | java.util.concurrent.locks.AbstractQueuedSynchronizer.acquireSharedInterruptibly | dev.threadleak.agent.programs.EveryPrimitiveProgram$Gate$Sync@ |",
        "prim-long-gate | java.util.concurrent.locks.AbstractQueuedLongSynchronizer.acquireShared | dev.threadleak.agent.programs.EveryPrimitiveProgram$LongGate@ |",
    })
    void aWaitOnlyItsOwnStackOrAStuckThreadCanServeIsBlockedForeverAndNamed(String name, String operation,
                                                                            String object, String detail) {
        Leak leak = thread(primitives, name);
        assertEquals(Verdict.BLOCKED_FOREVER, leak.verdict(), name + ": " + primitives.toText());
        BlockedOn on = leak.blockedOn();
        assertEquals(operation, on.operation());
        assertTrue(on.object().startsWith(object), on.object());
        if (detail != null) {
            assertTrue(on.detail() != null && on.detail().startsWith(detail), name + ": " + on.detail());
        }
        assertTrue(on.why().startsWith("unreachable from every running thread and static field, proven from the heap: only"),
                on.why());
    }

    @Test
    void aLockSaysWhoHoldsIt() {
        BlockedOn lock = thread(primitives, "prim-lock").blockedOn();
        assertEquals("prim-lock-holder", lock.owner().name());
        assertTrue(lock.why().contains("\"prim-lock-holder\" #"), "its holder is named in the proof: " + lock.why());
    }

    @Test
    void aMonitorWhoseOwnerIsBlockedForeverIsNeverEnteredAndSaysWhoOwnsIt() {
        Leak entering = thread(primitives, "prim-monitor-entry");
        assertEquals("BLOCKED", entering.thread().state());
        assertEquals(Verdict.BLOCKED_FOREVER, entering.verdict(), primitives.toText());
        assertEquals("prim-monitor-owner", entering.blockedOn().owner().name());
        assertTrue(entering.blockedOn().object().startsWith("java.lang.Object@"), entering.blockedOn().object());
        assertEquals(Boolean.FALSE, entering.blockedOn().interruptible());
        assertTrue(entering.blockedOn().why().endsWith("which is itself blocked forever and can never leave it"),
                entering.blockedOn().why());
        assertTrue(primitives.toText().contains("entering the monitor of java.lang.Object@"), primitives.toText());
    }

    @Test
    void waitsSomeoneCanStillServeAreNotProvenAndTheProofRan() throws Exception {
        LeakReport report = run("servable", ServablePrimitivesProgram.class);

        for (String name : List.of("serve-static-latch", "serve-static-monitor", "serve-later-latch",
                "serve-later-semaphore", "serve-later-condition", "serve-lock-of-a-sleeper",
                "serve-monitor-of-a-sleeper", "serve-timed-object-wait")) {
            Leak leak = thread(report, name);
            assertEquals(Verdict.LEAKED, leak.verdict(), name + ": " + report.toText());
            assertNull(leak.blockedOn() == null ? null : leak.blockedOn().why(), name + " claims no proof");
        }
        Leak timed = thread(report, "serve-timed-latch");
        assertEquals(Verdict.LEAKED, timed.verdict(), "a timed wait ends by itself");
        Leak interrupted = thread(report, "serve-interrupted-latch");
        assertEquals(Verdict.LEAKED, interrupted.verdict(), "its supervisor holds its Thread and will interrupt it");
        assertTrue(interrupted.blockedOn().why().contains("only an interrupt can end this wait, and \"supervisor\" #"),
                interrupted.blockedOn().why());
        assertEquals(Verdict.BLOCKED_FOREVER, thread(report, "serve-control").verdict(), "the proof ran");
    }

    @Test
    void cyclesThroughAMonitorAndAQueueAndThroughALockAndAFutureAreDeadlocked() throws Exception {
        LeakReport report = run("cycles", MixedCyclesProgram.class);

        for (List<String> cycle : List.of(List.of("mq-taker", "mq-putter"), List.of("lf-joiner", "lf-locker"))) {
            for (String name : cycle) {
                Leak leak = thread(report, name);
                assertEquals(Verdict.DEADLOCKED, leak.verdict(), name + ": " + report.toText());
                assertEquals(cycle.stream().sorted().toList(),
                        leak.cycle().stream().map(ThreadRef::name).sorted().toList());
                assertTrue(leak.blockedOn().why().startsWith("wait-for cycle, proven from the heap: "),
                        leak.blockedOn().why());
            }
        }
        assertEquals("mq-taker", thread(report, "mq-putter").blockedOn().owner().name(), "the monitor's owner");
    }

    /**
     * A lock a static field holds is within reach of what runs, but only its owner can release it:
     * its waiters wait for that owner, as a monitor's do, and a reader is left as it was.
     */
    @Test
    void theWaitersOfALockWhoseOwnerIsBlockedForeverAreBlockedForeverWhateverReachesTheLock() throws Exception {
        LeakReport report = run("owned", OwnedLocksProgram.class);

        for (String[] waiterAndOwner : new String[][] {{"owned-waiter-1", "owned-holder"},
                {"owned-waiter-2", "owned-holder"}, {"owned-write-waiter", "owned-writer"}}) {
            Leak waiter = thread(report, waiterAndOwner[0]);
            assertEquals(Verdict.BLOCKED_FOREVER, waiter.verdict(), waiterAndOwner[0] + ": " + report.toText());
            String why = waiter.blockedOn().why();
            assertTrue(why.startsWith("proven from the heap: java.util.concurrent.locks.Reentrant"), why);
            assertTrue(why.endsWith(" is owned by " + thread(report, waiterAndOwner[1]).thread().ref()
                    + ", which is itself blocked forever and can never release it"), why);
        }
        assertEquals(Verdict.BLOCKED_FOREVER, thread(report, "owned-holder").verdict(), report.toText());
        for (String name : List.of("owned-reader", "owned-served")) {
            Leak leak = thread(report, name);
            assertEquals(Verdict.LEAKED, leak.verdict(), name + ": " + report.toText());
            assertNull(leak.blockedOn().why(), name + " claims no proof");
        }
        for (String name : List.of("owned-cycle-a", "owned-cycle-b")) {
            Leak leak = thread(report, name);
            assertEquals(Verdict.DEADLOCKED, leak.verdict(), name + ": " + report.toText());
            assertEquals(List.of("owned-cycle-a", "owned-cycle-b"),
                    leak.cycle().stream().map(ThreadRef::name).sorted().toList());
            assertTrue(leak.blockedOn().why().startsWith("wait-for cycle, proven from the heap: "
                    + "java.util.concurrent.locks.ReentrantLock$NonfairSync@"), leak.blockedOn().why());
        }
    }

    @Test
    void aHeldThreadIsAHandleForAnInterruptNotAWayToItsStack() throws Exception {
        boolean virtual = Runtime.version().feature() >= 21;
        LeakReport report = run("handles", KeptHandlesProgram.class, virtual ? "1000" : "0");

        Leak takers = report.leaks().stream().filter(l -> l.thread().name().startsWith("kept-take-")).findFirst()
                .orElseThrow(() -> new AssertionError(report.toText()));
        assertEquals(3, takers.count(), report.toText());
        assertEquals(Verdict.LEAKED, takers.verdict(), "main holds their Thread objects: an interrupt may still come");
        assertTrue(takers.blockedOn().why().startsWith("nothing can serve java.util.concurrent.SynchronousQueue@")
                && takers.blockedOn().why().contains("only an interrupt can end this wait, and \"main\" #"),
                takers.blockedOn().why());
        assertEquals(Verdict.BLOCKED_FOREVER, thread(report, "kept-join").verdict(),
                "CompletableFuture.join ignores interrupts: its handle changes nothing");
        if (virtual) {
            List<Leak> forever = report.leaks().stream()
                    .filter(l -> l.thread().virtual() && l.verdict() == Verdict.BLOCKED_FOREVER).toList();
            assertEquals(1, forever.size(), report.toText());
            assertEquals(1000, forever.get(0).count(), "marking through a VirtualThread stops at its continuation");
        }
    }

    @Test
    void aTimedPollOnAQueueNobodyElseCanReachSaysSo() throws Exception {
        LeakReport report = run("polls", TimedPollProgram.class);

        Leak dead = thread(report, "poll-dead");
        assertEquals(Verdict.LEAKED, dead.verdict(), "it may still stop on its flag");
        assertTrue(dead.blockedOn().why().startsWith("nothing but this thread's own stack can reach "
                + "java.util.concurrent.LinkedBlockingQueue@"), dead.blockedOn().why());
        Leak shared = thread(report, "poll-shared");
        assertNull(shared.blockedOn().why(), "a static field holds its queue");
        assertEquals(Verdict.BLOCKED_FOREVER, thread(report, "poll-control").verdict());
    }

    @Test
    void virtualThreadsOnLatchesMonitorsAndLocksAreProvenToo() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        LeakReport report = run("virtual", VirtualWaitsProgram.class);

        for (String name : List.of("vt-latch", "vt-object-wait", "vt-lock-holder", "vt-lock")) {
            assertEquals(Verdict.BLOCKED_FOREVER, thread(report, name).verdict(), name + ": " + report.toText());
        }
        assertEquals("java.lang.Object.wait", thread(report, "vt-object-wait").blockedOn().operation());
    }

    private static LeakReport run(String name, Class<?> program, String... args) throws Exception {
        Path file = dir.resolve(name + ".json");
        Path tmp = dir.resolve(name + "-tmp");
        java.nio.file.Files.createDirectories(tmp);
        ChildRun run = ChildJvm.onThisJdk().verifyingBootClasses().jvmArg("-Djava.io.tmpdir=" + tmp)
                .agent("prove=true,on-exit=true,format=json,report=" + file).run(dir, program, args);
        assertEquals(0, run.exitCode(), run.stderr());
        assertFalse(run.stderr().contains("threadleak:"), "the woven JDK classes passed the verifier: " + run.stderr());
        LeakReport report = ChildJvm.report(file);
        assertNotNull(report.notes(), "the report says what the proof did");
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("heap proof took")), report.notes().toString());
        return report;
    }

    private static Leak thread(LeakReport report, String name) {
        return report.leaks().stream().filter(l -> l.thread() != null && (l.thread().name().equals(name)
                        || (l.members() != null && l.members().stream().anyMatch(m -> name.equals(m.name())))))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not reported: " + report.toText()));
    }
}
