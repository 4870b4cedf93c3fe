package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertNoLineMatching;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lines;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.noteMatching;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.report.Leak;
import dev.threadleak.report.Verdict;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code threadleak.prove}: a check left with a parked thread proves from the heap whether
 * anything can still wake it. Needs the agent; the surefire executions of the agent mode run it.
 */
class HeapProofTest {

    private static final String REPLIER = "forgotten-reply";
    private static final String PROOF_NOTE = "note: heap proof took [\\d.]+ m?s \\(dump [\\d.]+ m?s, analysis [\\d.]+ m?s; .*\\): "
            + "of the JVM's waiting threads, \\d+ blocked forever.*";
    private static final AtomicBoolean STOP_POLLING = new AtomicBoolean();

    @BeforeEach
    void needsTheAgent() {
        assumeTrue(TestMode.agent(), "the heap proof needs the agent");
    }

    /**
     * Not through {@link Leftovers}: a list of the thread or of its queue would be a holder the
     * proof must count, and the leak would be provably wakeable. So we find it by name.
     */
    @AfterEach
    void releaseTheFixturesThreads() throws InterruptedException {
        STOP_POLLING.set(true);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(REPLIER) || t.getName().equals("poller")) {
                t.interrupt();
                t.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
        STOP_POLLING.set(false);
    }

    /** The reply is put on a queue that only the replier's own stack holds once the test has moved on. */
    static void leaveAReplyNobodyWillTake() {
        startReplier(new SynchronousQueue<>());
    }

    /** Starts the replier, which puts its reply on {@code replies} and waits for a taker. */
    static void startReplier(SynchronousQueue<String> replies) {
        Thread replier = new Thread(() -> {
            try {
                replies.put("answer");
            } catch (InterruptedException e) {
                // released after the test
            }
        }, REPLIER);
        replier.setDaemon(true);
        replier.start();
    }

    @DetectThreadLeaks(grace = "100ms")
    static class ForgottenReplyTestCase {
        @Test
        void forgetsTheReply() {
            leaveAReplyNobodyWillTake();
        }
    }

    /** Two tests, each leaving its replier: the second's proof finds the first's too. */
    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class TwoForgottenRepliesTestCase {
        @Test
        void a_leavesTheFirstReply() {
            leaveAReplyNobodyWillTake();
        }

        @Test
        void b_leavesTheSecondReply() {
            leaveAReplyNobodyWillTake();
        }
    }

    /** A test that does not join a thread still at work as it ends, which ends within the grace period. */
    @DetectThreadLeaks(grace = "2s")
    static class UnjoinedWorkerTestCase {
        @Test
        void leavesAThreadFinishingItsWork() {
            Thread worker = new Thread(() -> {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
                double x = 0;
                while (System.nanoTime() < end) {
                    x += Math.sqrt(x + 1);
                }
                STOP_POLLING.compareAndSet(x < 0, false); // keeps the work from being optimised away
            }, "finishing-work");
            worker.setDaemon(true);
            worker.start();
        }
    }

    /** A grace period no test would wait out: the heap's answer, asked early, ends it. */
    @DetectThreadLeaks(grace = "60s")
    static class ForgottenReplyLongGraceTestCase {
        @Test
        void forgetsTheReply() {
            leaveAReplyNobodyWillTake();
        }
    }

    /**
     * The next test could still take the reply: the instance lives on, held by JUnit's state on the
     * test's thread. Nor is the replier kept by the instance, a holder made once per class: it waits
     * on the instance's queue, in one of the queue's nodes (on JDK 25 it was left for the class's end).
     */
    @DetectThreadLeaks(grace = "100ms")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class ReplyKeptForTheNextTestTestCase {
        private final SynchronousQueue<String> replies = new SynchronousQueue<>();

        @Test
        void leavesAReplyForTheNextTest() {
            startReplier(replies);
        }
    }

    /**
     * jboss-logmanager's tests without their handler's close(): its worker parks on the handler's
     * queue, which the test instance keeps until after the check. The early dump finds it can still
     * be woken, and nothing changes after: that dump is the only one.
     */
    @DetectThreadLeaks(grace = "1s")
    static class ReplyTheInstanceKeepsTestCase {
        private final SynchronousQueue<String> replies = new SynchronousQueue<>();

        @Test
        void leavesAReplyOnItsQueue() {
            startReplier(replies);
        }
    }

    /**
     * The one thread that could take the reply ends 600 ms after the test, past the early dump,
     * without taking it: a second proof, after the grace period, finds the reply blocked forever.
     */
    @DetectThreadLeaks(grace = "1500ms")
    static class TakerEndsAfterTheEarlyDumpTestCase {
        @Test
        void leavesAReplyItsTakerNeverTakes() {
            SynchronousQueue<String> replies = new SynchronousQueue<>();
            startReplier(replies);
            Thread taker = new Thread(() -> {
                try {
                    Thread.sleep(600); // holds the queue, then ends without taking
                } catch (InterruptedException e) {
                    // ends
                }
                replies.isEmpty();
            }, "late-taker");
            taker.setDaemon(true);
            taker.start();
        }
    }

    /**
     * Moquette's trial: Hikari's connection adder, a pool never shut down whose idle worker ends
     * after 5 s, was reported after a quick heap dump and not after a 5.5 s one. Here the worker
     * ends 250 ms after its task, past the 100 ms grace period, as the check dumps the heap.
     */
    @DetectThreadLeaks(grace = "100ms")
    static class PoolIdlingOutDuringTheProofTestCase {
        private ThreadPoolExecutor pool; // the test instance keeps it past the check, as Hikari's pool is kept

        @Test
        void leavesItsPoolRunning() throws Exception {
            pool = new ThreadPoolExecutor(1, 1, 250, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
            pool.allowCoreThreadTimeOut(true);
            pool.submit(() -> { }).get();
        }
    }

    @DetectThreadLeaks(grace = "100ms", prove = "false")
    static class ProofOffByAttributeTestCase {
        @Test
        void forgetsTheReply() {
            leaveAReplyNobodyWillTake();
        }
    }

    /**
     * A pool shut down with its worker busy: its running task ends as the proof's collection takes
     * what it waits for, and the worker takes the queued one (JetCache's encoder tests, whose pools
     * ran on after their shutdown).
     */
    @DetectThreadLeaks(grace = "100ms")
    static class BusyPoolShutDownTestCase {
        static volatile long testEnded;
        static volatile long firstEnded;
        private static Object referent;

        @Test
        void shutsDownAPoolStillRunning() throws Exception {
            referent = new Object();
            WeakReference<Object> ref = new WeakReference<>(referent);
            System.gc(); // into the old generation: let go of, only a full collection (the proof's) takes it
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    r -> new Thread(r, "poller")); // released by the interrupt after each test
            CountDownLatch firstRuns = new CountDownLatch(1);
            pool.submit(() -> {
                firstRuns.countDown();
                while (ref.get() != null) {
                    Thread.sleep(2);
                }
                firstEnded = System.nanoTime();
                return null;
            });
            pool.submit(() -> {
                new CountDownLatch(1).await();
                return null;
            });
            firstRuns.await();
            pool.shutdown();
            referent = null;
            testEnded = System.nanoTime();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class SleepingPollerTestCase {
        @Test
        void leavesAPoller() {
            startPoller();
        }
    }

    /** Until {@code t} waits, or 10 s have passed. */
    static void awaitWaiting(Thread t) {
        Fixtures.awaitState(t, Thread.State.WAITING);
    }

    static Thread startPoller() {
        Thread poller = new Thread(() -> {
            while (!STOP_POLLING.get()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "poller");
        poller.setDaemon(true);
        poller.start();
        return poller;
    }

    @DetectThreadLeaks(grace = "100ms")
    static class PollerAndItsJoinerTestCase {
        @Test
        void leavesAPollerAndAThreadJoiningIt() {
            Thread poller = startPoller();
            Thread joiner = new Thread(() -> {
                try {
                    poller.join();
                } catch (InterruptedException e) {
                    // released after the test
                }
            }, REPLIER);
            joiner.setDaemon(true);
            joiner.start();
            awaitWaiting(joiner);
        }
    }

    /** Parked in {@code Object.wait(0)}, which JDK 17 does not let the agent record: native there. */
    @DetectThreadLeaks(grace = "100ms")
    static class WaitsOnAMonitorTestCase {
        @Test
        void leavesAWaiter() {
            Thread waiter = new Thread(() -> {
                Object monitor = new Object();
                synchronized (monitor) {
                    try {
                        monitor.wait(0); // as ReferenceQueue.remove() does: native on JDK 17, not recorded
                    } catch (InterruptedException e) {
                        // released after the test
                    }
                }
            }, REPLIER);
            waiter.setDaemon(true);
            waiter.start();
            awaitWaiting(waiter);
        }
    }

    /** What the cleaner of {@link LeavesACleanerTestCase} watches: anyone may let go of it. */
    static volatile Object watched;

    /**
     * A cleaner thread in {@code ReferenceQueue.remove()}, the reference it waits for on its own
     * stack only: the collector queues it once the referent goes.
     */
    @DetectThreadLeaks(grace = "100ms")
    static class LeavesACleanerTestCase {
        @Test
        void leavesACleaner() {
            watched = new Object();
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            Thread cleaner = new Thread(() -> {
                WeakReference<Object> reference = new WeakReference<>(watched, queue);
                try {
                    queue.remove();
                } catch (InterruptedException e) {
                    // released after the test
                }
                Reference.reachabilityFence(reference);
            }, REPLIER);
            cleaner.setDaemon(true);
            cleaner.start();
            awaitWaiting(cleaner);
        }
    }

    /**
     * Proven blocked forever, before: the queue's lock was on no stack but the cleaner's, and the
     * collector, which queues a reference once its referent goes, is no thread of the heap. Such a
     * thread is judged when its class ends, as a {@code Cleaner}'s is ({@link CleanerThreadTest}).
     */
    @Test
    void aCleanerWaitingOnAReferenceQueueForAReferentAnyoneCanLetGoOfIsNoProvenLeak() {
        assumeTrue(TestMode.javaVersion() >= 21, "JDK 17's ReferenceQueue waits in a native Object.wait, unrecorded");
        try {
            EngineExecutionResults results = run(LeavesACleanerTestCase.class);
            ThreadLeakError error = leakError(results, "HeapProofTest$LeavesACleanerTestCase");

            lineMatching(error, "THREAD LEAKED: \"" + REPLIER + "\" #\\d+ .*");
            lineMatching(error, "  waiting .* on java.lang.ref.ReferenceQueue.*");
            // the proof ran, and did not count it among the JVM's blocked forever (others' leftovers may be)
            noteMatching(error, "(of what .* left: )?heap proof took .*");
            assertNoLineMatching(error, ".*blocked forever \\([^)]*\"" + REPLIER + "\".*");
            assertTrue(error.report().notes().stream().noneMatch(n -> n.matches(".*blocked forever \\([^)]*\"" + REPLIER
                    + "\".*")), error.report().notes().toString());
            assertEquals(Verdict.LEAKED, error.report().leaks().get(0).verdict());
        } finally {
            watched = null;
        }
    }

    /**
     * A wait the agent did not record (JDK 17's native {@code Object.wait(long)}) leaves nothing to
     * prove, while the dump still asks which static fields hold the thread: its notes say so
     * without "not run" beside that dump's own (Commons IO's trial read them as a contradiction).
     */
    @Test
    void aWaitTheAgentDidNotRecordIsNotProvenAndTheNotesDoNotSayTheDumpDidNotRun() {
        assumeTrue(TestMode.javaVersion() < 21, "Object.wait is Java code from JDK 21 on, and recorded");
        ThreadLeakError error = leakError(run(WaitsOnAMonitorTestCase.class), "leavesAWaiter()");

        lineMatching(error, "THREAD LEAKED: \"" + REPLIER + "\" #\\d+ .*");
        assertNoLineMatching(error, ".*not run.*");
        if (error.report().notes().stream().anyMatch(n -> n.startsWith("heap proof took "))) {
            return; // a thread an earlier test class left in a wait the agent recorded was proven: the notes are its
        }
        lineMatching(error, "note: no wait to prove from the heap: no thread is in an untimed wait the agent recorded "
                + "\\(on Java 17 .*\\)");
        noteMatching(error, "no static field of the program holds what is left[;: ].*");
    }

    @Test
    void byDefaultAThreadParkedOnAQueueNobodyCanReachIsProvenBlockedForeverAndTheReportSaysWhatTheProofTook() {
        ThreadLeakError error = leakError(run(ForgottenReplyTestCase.class), "forgetsTheReply()");

        lineMatching(error, "THREAD BLOCKED_FOREVER: \"" + REPLIER + "\" #\\d+ \\(platform, daemon\\) WAITING, age [\\d.]+ m?s");
        lineMatching(error, "  parked .* in SynchronousQueue.put on java.util.concurrent.SynchronousQueue@\\p{XDigit}+ .*");
        lineMatching(error, "    because unreachable from every running thread and static field, .*");
        lineMatching(error, PROOF_NOTE);
        // named, not only by id: a note also counts other tests' threads, which this report does not list
        lineMatching(error, "note: heap proof took .*, \\d+ blocked forever \\(.*\"" + REPLIER + "\" #\\d+.*");
        assertEquals(Verdict.BLOCKED_FOREVER, error.report().leaks().get(0).verdict());
    }

    /**
     * The proof is of the whole JVM's waits: the second test's note names its own replier and
     * counts the first test's apart (jboss-logmanager's trial read an earlier test's thread, named
     * there, as the later test's for a moment; Wicket's read a thousand workers of an earlier test,
     * named first in every later test's note).
     */
    @Test
    void aNoteNamesTheTestsOwnBlockedThreadsAndCountsEarlierTestsApart() {
        var results = run(TwoForgottenRepliesTestCase.class);
        ThreadLeakError second = leakError(results, "b_leavesTheSecondReply()");
        long own = second.report().leaks().get(0).thread().id();

        assertEquals(1, second.report().leaks().size(), second.getMessage());
        // the test's own; then how many are the first test's, and earlier test classes'
        String named = ".* blocked forever \\(\"" + REPLIER + "\" #" + own + "; [1-9]\\d* not this test's\\).*";
        assertTrue(second.report().notes().stream().anyMatch(n -> n.matches(named)),
                named + " in " + second.report().notes());
    }

    /**
     * A passing test pays no heap dump for a thread still at work in Java code 200 ms in: most end
     * within the grace period (Vavr's trial: tests that do not join their threads paid 1.5-7.4 s a
     * run in dumps of 150-400 MB heaps).
     */
    @Test
    void aThreadStillAtWorkAsTheTestEndsCostsAPassingTestNoDump() throws InterruptedException {
        int dumps;
        EngineExecutionResults results;
        try (HeapDumps counted = HeapDumps.counting()) {
            results = run(UnjoinedWorkerTestCase.class);
            dumps = counted.taken();
        }

        Fixtures.assertPassed(results, "leavesAThreadFinishingItsWork()");
        assertEquals(0, dumps);
    }

    /** Before: the check waited its whole 60 s for a verdict the dump 200 ms in already had. */
    @Test
    void aThreadTheEarlyDumpProvesBlockedForeverIsNotWaitedForToTheEndOfTheGracePeriod() {
        ThreadLeakError error = leakError(run(ForgottenReplyLongGraceTestCase.class), "forgetsTheReply()");

        // its age is how long the check waited: under 10 s, not the 60 s grace period
        lineMatching(error, "THREAD BLOCKED_FOREVER: \"" + REPLIER + "\" #\\d+ \\(platform, daemon\\) WAITING, "
                + "age (\\d+ ms|\\d\\.\\d s)");
        lineMatching(error, PROOF_NOTE);
    }

    /**
     * The early dump proved it, and it waits as it did then: a second dump could only say the same
     * (the forgotten sender's failing test paid one).
     */
    @Test
    void aThreadTheEarlyDumpProvesBlockedForeverCostsOneDump() throws InterruptedException {
        ThreadLeakError error;
        int dumps;
        try (HeapDumps counted = HeapDumps.counting()) {
            error = leakError(run(ForgottenReplyLongGraceTestCase.class), "forgetsTheReply()");
            dumps = counted.taken();
        }

        assertEquals(Verdict.BLOCKED_FOREVER, error.report().leaks().get(0).verdict(), error.getMessage());
        lineMatching(error, "    because unreachable from every running thread and static field, .*");
        lineMatching(error, PROOF_NOTE);
        assertEquals(1, dumps, error.getMessage());
    }

    @Test
    void aWaitTheEarlyDumpFoundServableCostsOneDumpWhenNothingChangedSince() throws InterruptedException {
        ThreadLeakError error;
        int dumps;
        try (HeapDumps counted = HeapDumps.counting()) {
            error = leakError(run(ReplyTheInstanceKeepsTestCase.class), "leavesAReplyOnItsQueue()");
            dumps = counted.taken();
        }

        lineMatching(error, "THREAD LEAKED: \"" + REPLIER + "\" #\\d+ .*");
        // the full report's note (one that settles nothing stays out of the failure's message); it
        // counts the whole JVM's waiting threads, earlier tests' too
        assertTrue(error.report().notes().stream().anyMatch(n -> n.matches("heap proof took .*, [1-9]\\d* can still "
                + "be woken .*")), error.report().notes().toString());
        assertEquals(1, dumps, error.getMessage());
    }

    @Test
    void aWaitWhoseOnlyServerEndedAfterTheEarlyDumpIsProvenAgain() {
        ThreadLeakError error = leakError(run(TakerEndsAfterTheEarlyDumpTestCase.class),
                "leavesAReplyItsTakerNeverTakes()");

        lineMatching(error, "THREAD BLOCKED_FOREVER: \"" + REPLIER + "\" #\\d+ .*");
        assertEquals(1, error.report().leaks().size(), error.getMessage());
    }

    /** Left running when its grace period ended, it stays a leak however long the proof took. */
    @Test
    void aPoolWhoseIdleWorkerEndsWhileTheHeapIsDumpedIsStillALeak() {
        ThreadLeakError error = leakError(run(PoolIdlingOutDuringTheProofTestCase.class), "leavesItsPoolRunning()");

        lineMatching(error, "EXECUTOR LEAKED: java.util.concurrent.ThreadPoolExecutor@\\p{XDigit}+ .*idle workers end after "
                + "250 ms.*");
    }

    @Test
    void aQueueTheTestInstanceKeepsForTheNextTestIsNotProvenBlockedForever() {
        ThreadLeakError error = leakError(run(ReplyKeptForTheNextTestTestCase.class), "leavesAReplyForTheNextTest()");

        lineMatching(error, "THREAD LEAKED: \"" + REPLIER + "\" #\\d+ .*");
        noteMatching(error, "heap proof took [\\d.]+ m?s .*: of the JVM's waiting threads, \\d+ blocked forever.*");
    }

    /**
     * A task the worker of a shut-down pool took up while the check waited after the proof is told
     * running, as it is then, not queued as before the proof: the pool is seen busy. The one it ran
     * before ended, and is no leak.
     */
    @Test
    void aTaskBegunWhileTheCheckWaitedAfterTheProofIsToldRunningNotQueued() {
        ThreadLeakError error = leakError(run(BusyPoolShutDownTestCase.class), "shutsDownAPoolStillRunning()");

        assumeTrue(BusyPoolShutDownTestCase.firstEnded - BusyPoolShutDownTestCase.testEnded
                >= TimeUnit.MILLISECONDS.toNanos(100), "the collector took the referent before the check's proof");
        lineMatching(error, "TASK LEAKED: .* \\(running\\) on java\\.util\\.concurrent\\.ThreadPoolExecutor@.*");
        assertNoLineMatching(error, ".*\\(queued\\).*");
        assertEquals(1, error.report().leaks().size(), error.getMessage());
    }

    @Test
    void withTheProofOffTheSameLeakStaysLeakedAndNoProofIsTaken() {
        ThreadLeakError error = leakError(run(ForgottenReplyTestCase.class, Map.of(Configuration.PROVE, "false")),
                "forgetsTheReply()");

        lineMatching(error, "THREAD LEAKED: \"" + REPLIER + "\" #\\d+ \\(platform, daemon\\) WAITING, age [\\d.]+ m?s");
        assertNoLineMatching(error, ".*heap proof.*");
        // the report is all a reader has: it says its verdicts are the weaker ones (JetCache's trial)
        lineMatching(error, "note: not asked of the heap: threadleak\\.prove=false, so a thread or pool a static field "
                + "holds for the JVM's life cannot be told apart from a leak, and no wait is proven blocked forever");
    }

    @Test
    void theAnnotationAttributeWinsOverTheConfigurationParameter() {
        ThreadLeakError error = leakError(run(ProofOffByAttributeTestCase.class, Map.of(Configuration.PROVE, "true")),
                "forgetsTheReply()");

        lineMatching(error, "THREAD LEAKED: \"" + REPLIER + "\" #\\d+ .*");
        assertNoLineMatching(error, ".*heap proof.*");
    }

    /**
     * The proof looks again at a thread parked with no timeout, for its verdict; what it does not
     * prove is told as the grace period last saw it. A report told the two from moments a proof
     * apart: Commons Exec's pumper "age 26 ms", its joiner "parked 439 ms" on it.
     */
    @Test
    void aJoinerTheProofLooksAtAgainIsToldAsOfTheSameMomentAsTheThreadItJoins() {
        ThreadLeakError error = leakError(run(PollerAndItsJoinerTestCase.class), "leavesAPollerAndAThreadJoiningIt()");

        Leak poller = named(error, "poller");
        Leak joiner = named(error, REPLIER);
        lineMatching(error, "  parked [\\d.]+ m?s in Thread.join on thread \"poller\" #\\d+");
        // the join began after the poller started: parked longer than the poller is old is two moments
        assertTrue(joiner.blockedOn().sinceMillis() <= poller.ageMillis(), error.getMessage());
        assertTrue(joiner.ageMillis() <= poller.ageMillis(), error.getMessage());
    }

    private static Leak named(ThreadLeakError error, String name) {
        return error.report().leaks().stream().filter(l -> l.thread() != null && name.equals(l.thread().name()))
                .findFirst().orElseThrow(() -> new AssertionError("no leak of " + name + ": " + error.getMessage()));
    }

    /** The dump only asks which static fields hold it (none: see {@link SingletonThreadsTest}). */
    @Test
    void aLeakThatIsNotParkedOnAChannelIsNotProven() {
        ThreadLeakError error = leakError(run(SleepingPollerTestCase.class), "leavesAPoller()");

        lineMatching(error, "THREAD LEAKED: \"poller\" #\\d+ .*");
        assertNoLineMatching(error, ".*heap proof.*");
        noteMatching(error, "no static field of the program holds what is left; being held by one is what marks a JVM-wide singleton "
                + "\\(from a heap dump of \\d+ MB, \\d+ ms\\)");
        assertNoLineMatching(error, "note: no static field.*"); // it settles nothing: the full report's, not the summary's
    }
}
