package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertNoLineMatching;
import static dev.threadleak.junit.Fixtures.assertPassed;
import static dev.threadleak.junit.Fixtures.failure;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.noteMatching;
import static dev.threadleak.junit.Fixtures.lines;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.io.Deadline;
import dev.threadleak.junit.DetectThreadLeaks.Scope;
import dev.threadleak.report.Durations;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.threadleaktest.Announcer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * What users see, in whichever mode this JVM is in (see {@link TestMode}): each test runs a
 * fixture class ({@code ...TestCase}) through the Jupiter engine and checks the outcome and the
 * message line by line.
 */
class ThreadLeakExtensionTest {

    /**
     * A thread parked in {@code LinkedBlockingQueue.take}, as the summary says it: with the agent,
     * what it waits on; from a snapshot, the first frame of the code that parked it.
     */
    private static void assertParkedOnQueue(ThreadLeakError error) {
        if (TestMode.agent()) {
            lineMatching(error, "  parked [\\d.]+ m?s in LinkedBlockingQueue.take on java.util.concurrent.LinkedBlockingQueue@"
                    + "\\p{XDigit}+ \\(size 0 of unbounded\\)");
            lineMatching(error, "    at dev.threadleak.junit.Leftovers.lambda\\$parkedOnQueue\\$\\d+\\(Leftovers.java:\\d+\\)");
        } else {
            lineMatching(error, "  now at dev.threadleak.junit.Leftovers.lambda\\$parkedOnQueue\\$\\d+\\(Leftovers.java:\\d+\\)");
        }
    }

    @AfterEach
    void releaseWhatTheFixturesLeaked() throws InterruptedException {
        Leftovers.releaseAll();
    }

    // --- one invocation of a repeated test leaks -----------------------------------------------

    @DetectThreadLeaks(grace = "100ms")
    static class LeakyRepetitionTestCase {
        @RepeatedTest(3)
        void repeats(RepetitionInfo repetition) {
            if (repetition.getCurrentRepetition() == 2) {
                Thread worker = new Thread(Leftovers.parkedOnQueue(), "leaky-repetition");
                worker.setDaemon(true);
                Leftovers.track(worker).start();
            }
        }
    }

    @Test
    void onlyTheInvocationThatLeakedFailsNamedByItsDisplayName() {
        EngineExecutionResults results = run(LeakyRepetitionTestCase.class);

        ThreadLeakError error = leakError(results, "repetition 2 of 3");
        assertEquals("1 leak from test `ThreadLeakExtensionTest.LeakyRepetitionTestCase.repeats(RepetitionInfo)"
                + " repetition 2 of 3`", lines(error).get(0));
        assertPassed(results, "repetition 1 of 3");
        assertPassed(results, "repetition 3 of 3");
    }

    // --- a retrying template names every try after its method --------------------------------

    /** Tries named as a retrying template names them (AsyncHttpClient's {@code @RepeatedIfExceptionsTest}). */
    static final class TriesNamedAfterTheirMethod implements TestTemplateInvocationContextProvider {
        @Override
        public boolean supportsTestTemplate(ExtensionContext context) {
            return true;
        }

        @Override
        public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
            String method = context.getDisplayName();
            return Stream.of(1, 2).map(i -> new TestTemplateInvocationContext() {
                @Override
                public String getDisplayName(int invocationIndex) {
                    return method;
                }
            });
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class LeakyTryTestCase {
        static final AtomicInteger TRIES = new AtomicInteger();

        @TestTemplate
        @ExtendWith(TriesNamedAfterTheirMethod.class)
        void retries() {
            if (TRIES.incrementAndGet() == 2) {
                Thread worker = new Thread(Leftovers.parkedOnQueue(), "leaky-try");
                worker.setDaemon(true);
                Leftovers.track(worker).start();
            }
        }
    }

    @Test
    void aTryNamedAfterItsMethodIsNamedByItsIndex(@TempDir Path dir) throws IOException {
        LeakyTryTestCase.TRIES.set(0);
        EngineExecutionResults results = run(LeakyTryTestCase.class, Map.of("threadleak.report.dir", dir.toString()));

        List<Throwable> failures = results.testEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()).toList();
        assertEquals(1, failures.size(), failures::toString);
        assertEquals(1, results.testEvents().succeeded().count());
        assertEquals("1 leak from test `ThreadLeakExtensionTest.LeakyTryTestCase.retries() [2]`",
                lines(failures.get(0)).get(0), "was `...retries() retries()`: which try?");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("dev.threadleak.junit.ThreadLeakExtensionTest$LeakyTryTestCase.retries()_[2].json",
                    "dev.threadleak.junit.ThreadLeakExtensionTest$LeakyTryTestCase.retries()_[2].txt"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    // --- a thread parked on a queue -------------------------------------------------------

    @DetectThreadLeaks(grace = "100ms")
    static class LeakyThreadTestCase {
        @Test
        void leaks() {
            Thread worker = new Thread(Leftovers.parkedOnQueue(), "leaky-worker");
            worker.setDaemon(true);
            Leftovers.track(worker).start();
        }

        @Test
        void joinsItsThread() throws InterruptedException {
            Thread worker = new Thread(() -> { }, "joined-worker");
            worker.start();
            worker.join();
        }
    }

    @Test
    void aThreadLeftParkedOnAQueueFailsTheTestThatStartedIt() {
        EngineExecutionResults results = run(LeakyThreadTestCase.class);

        ThreadLeakError error = leakError(results, "leaks()");
        List<String> lines = lines(error);
        assertEquals("1 leak from test `ThreadLeakExtensionTest.LeakyThreadTestCase.leaks()`", lines.get(0));
        assertEquals("THREAD LEAKED: \"leaky-worker\" #" + error.report().leaks().get(0).thread().id()
                + " (platform, daemon) WAITING, age " + Durations.format(error.report().leaks().get(0).ageMillis()),
                lines.get(1));
        assertEquals("  why: still alive 100 ms after the test ended", lines.get(2));
        if (TestMode.agent()) {
            assertTrue(Pattern.matches("  created by \"main\" #\\d+ at dev.threadleak.junit.ThreadLeakExtensionTest"
                    + "\\$LeakyThreadTestCase.leaks\\(ThreadLeakExtensionTest.java:\\d+\\)", lines.get(3)), lines.get(3));
        } else {
            assertEquals("  created by an unknown thread (creation stack not captured)", lines.get(3));
            lineMatching(error, "note: snapshot mode \\(the threadleak agent is not loaded, and this JVM does not "
                    + "allow attaching \\(-XX:\\+DisableAttachMechanism\\)\\): threads are judged by what is alive "
                    + "after the test; who created them and where is unknown, and ages count from the start of the test");
        }
        assertParkedOnQueue(error);
        lineMatching(error, "full report: '.*dev.threadleak.junit.ThreadLeakExtensionTest\\$LeakyThreadTestCase"
                + ".leaks\\(\\).txt'");
        lineMatching(error, "json report: '.*dev.threadleak.junit.ThreadLeakExtensionTest\\$LeakyThreadTestCase"
                + ".leaks\\(\\).json'");
        assertEquals(TestMode.snapshot() ? "snapshot" : "agent", error.report().jvm().mode());
        assertEquals(1, error.report().leakCount());
        assertEquals(0, error.getStackTrace().length, "the extension's own frames say nothing: the report is the content");
        assertPassed(results, "joinsItsThread()");
    }

    // --- a pool never shut down, one shut down, the common pool -----------------------------

    @DetectThreadLeaks(grace = "100ms")
    static class PoolsTestCase {
        @Test
        void neverShutsItsPoolDown() throws Exception {
            ExecutorService pool = Leftovers.track(Executors.newFixedThreadPool(2, Leftovers.named("leaky-pool")));
            pool.submit(() -> "done").get();
        }

        @Test
        @DetectThreadLeaks(grace = "30s") // polled: it passes as soon as the worker has ended, however loaded the machine
        void shutsItsPoolDown() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2, Leftovers.named("closed-pool"));
            pool.submit(() -> "done").get();
            pool.shutdown(); // no awaitTermination: the worker ends within the grace period
        }

        @Test
        void usesTheCommonPool() {
            assertEquals("x", CompletableFuture.supplyAsync(() -> "x").join());
        }
    }

    @Test
    void aPoolNeverShutDownFailsAndTheCommonPoolIsNotALeak() {
        EngineExecutionResults results = run(PoolsTestCase.class);

        ThreadLeakError error = leakError(results, "neverShutsItsPoolDown()");
        assertEquals("1 leak from test `ThreadLeakExtensionTest.PoolsTestCase.neverShutsItsPoolDown()`",
                lines(error).get(0));
        if (TestMode.agent()) {
            // The agent reports a pool as one executor, created where the test made it. Its worker may
            // still be active: the future is done before the worker has finished the run.
            lineMatching(error, "EXECUTOR LEAKED: java.util.concurrent.ThreadPoolExecutor@\\p{XDigit}+ \\(running, "
                    + "1 daemon worker \"leaky-pool-1\" #\\d+, 0 queued, [01] active\\), age [\\d.]+ m?s");
            lineMatching(error, "  why: not shut down when the test ended");
            lineMatching(error, "  created by \"main\" #\\d+ at dev.threadleak.junit.ThreadLeakExtensionTest"
                    + "\\$PoolsTestCase.neverShutsItsPoolDown\\(ThreadLeakExtensionTest.java:\\d+\\)");
        } else {
            lineMatching(error, "THREAD LEAKED: \"leaky-pool-1\" #\\d+ \\(platform, daemon\\) WAITING, age [\\d.]+ m?s");
            lineMatching(error, "  now at .*");
        }
        assertPassed(results, "shutsItsPoolDown()");
        assertPassed(results, "usesTheCommonPool()");
    }

    @DetectThreadLeaks(grace = "100ms")
    static class CommonPoolTaskTestCase {
        @Test
        void leavesATaskRunningOnTheCommonPool() throws InterruptedException {
            CountDownLatch running = new CountDownLatch(1);
            Runnable waits = Leftovers.waitingFor(new CountDownLatch(1));
            CompletableFuture.runAsync(() -> {
                running.countDown();
                waits.run();
            });
            running.await();
        }
    }

    /**
     * Whichever runs it (the common pool, or on JDK 17 and 21 where that pool has one worker, a
     * thread of its own), a {@code runAsync} task the test left running is its leak, told as a task.
     */
    @Test
    void aTaskLeftRunningOnTheCommonPoolFailsItsTest() {
        assumeTrue(TestMode.agent(), "who submitted a task is the agent's to know");
        ThreadLeakError error = leakError(run(CommonPoolTaskTestCase.class), "leavesATaskRunningOnTheCommonPool()");

        assertEquals(1, error.report().leakCount(), error.getMessage());
        Leak task = error.report().leaks().get(0);
        assertEquals(LeakKind.TASK, task.kind(), error.getMessage());
        assertEquals("java.util.concurrent.CompletableFuture$AsyncRun", task.task().type());
        lineMatching(error, "  why: submitted in the test and not finished when it ended; runAsync runs it on (the "
                + "common pool, which lives as long as the JVM|a thread of its own \\(the JDK's choice where the common pool has "
                + "one worker\\)), and its future's cancel\\(\\) interrupts nothing");
        lineMatching(error, "  submitted by \"main\" #\\d+ at dev.threadleak.junit.ThreadLeakExtensionTest"
                + "\\$CommonPoolTaskTestCase.leavesATaskRunningOnTheCommonPool\\(ThreadLeakExtensionTest.java:\\d+\\)");
    }

    @DetectThreadLeaks(grace = "100ms")
    static class ForkJoinSubmitTestCase {
        static final ForkJoinPool POOL = new ForkJoinPool(2); // the suite's: made before the test

        @Test
        void leavesACallableOnASharedForkJoinPool() throws Exception {
            POOL.submit(() -> "done").get();
            Runnable waits = Leftovers.waitingFor(new CountDownLatch(1));
            POOL.submit(() -> {
                waits.run();
                return "never";
            });
        }
    }

    /**
     * A {@code Callable} handed to a {@code ForkJoinPool}'s {@code submit} is followed in the task the
     * pool wraps it in: left unfinished on the test class's own pool, made before the test, it holds
     * one of that pool's workers until the class shuts the pool down, and is judged when the class
     * ends, naming the test; the one that ended is not. (On the common pool, see {@code ExecutorsIT}:
     * here an earlier test's work may hold its one worker, and a task queued behind it is not this test's.)
     */
    @Test
    void aCallableLeftOnTheClasssOwnForkJoinPoolFailsTheClassNamingItsTest() {
        assumeTrue(TestMode.agent(), "who submitted a task is the agent's to know");
        EngineExecutionResults results = run(ForkJoinSubmitTestCase.class);
        assertPassed(results, "leavesACallableOnASharedForkJoinPool()");
        ThreadLeakError error = leakError(results, "ThreadLeakExtensionTest$ForkJoinSubmitTestCase");

        assertEquals(1, error.report().leakCount(), error.getMessage());
        Leak task = error.report().leaks().get(0);
        assertEquals(LeakKind.TASK, task.kind(), error.getMessage());
        lineMatching(error, "TASK LEAKED: .*java.util.concurrent.ForkJoinTask\\$Adapted(Interruptible)?Callable@\\w+ wrapping "
                + "a lambda of dev.threadleak.junit.ThreadLeakExtensionTest\\$ForkJoinSubmitTestCase \\((running|queued)\\) "
                + "on java.util.concurrent.ForkJoinPool@\\w+, age .*");
        lineMatching(error, "  why: left by test `ThreadLeakExtensionTest.ForkJoinSubmitTestCase.leavesACallableOnASharedForkJoinPool\\(\\)`: the test class's "
                + "static field dev.threadleak.junit.ThreadLeakExtensionTest\\$ForkJoinSubmitTestCase.POOL .*");
        lineMatching(error, "  submitted by \"main\" #\\d+ at dev.threadleak.junit.ThreadLeakExtensionTest"
                + "\\$ForkJoinSubmitTestCase.leavesACallableOnASharedForkJoinPool\\(ThreadLeakExtensionTest.java:\\d+\\)");
    }

    /** A pool closed with shutdownNow(), its queued work dropped, as a connection pool's close() does. */
    @DetectThreadLeaks(grace = "100ms")
    static class ClosesWithShutdownNowTestCase {
        @Test
        void dropsItsQueuedWorkOnClose() throws Exception {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            CountDownLatch busy = new CountDownLatch(1);
            pool.submit(() -> {
                busy.countDown();
                return new CountDownLatch(1).await(1, TimeUnit.MINUTES); // until shutdownNow() interrupts it
            });
            busy.await();
            pool.submit(() -> { });
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void workAPoolsShutdownNowDroppedIsNoLeak() {
        assertPassed(run(ClosesWithShutdownNowTestCase.class), "dropsItsQueuedWorkOnClose()");
    }

    /** A pool a field initializer makes: a new instance per test, so the pool is the test's. */
    @DetectThreadLeaks(grace = "100ms")
    static class FieldPoolTestCase {
        private final ExecutorService pool = Leftovers.track(Executors.newFixedThreadPool(1,
                Leftovers.named("field-pool")));

        @Test
        void usesThePoolItsFieldMade() throws Exception {
            pool.submit(() -> "done").get();
        }
    }

    @Test
    void aPoolAFieldInitializerMadeIsTheTestsLeak() {
        EngineExecutionResults results = run(FieldPoolTestCase.class);

        ThreadLeakError error = leakError(results, "usesThePoolItsFieldMade()");
        if (TestMode.agent()) {
            lineMatching(error, "EXECUTOR LEAKED: java.util.concurrent.ThreadPoolExecutor@\\p{XDigit}+ \\(running, "
                    + "1 daemon worker \"field-pool-1\" #\\d+, .*");
            lineMatching(error, "  created by \"main\" #\\d+ at dev.threadleak.junit.ThreadLeakExtensionTest"
                    + "\\$FieldPoolTestCase.<init>\\(ThreadLeakExtensionTest.java:\\d+\\)");
        } else {
            lineMatching(error, "THREAD LEAKED: \"field-pool-1\" #\\d+ .*");
        }
    }

    /**
     * An instance made per class is the class's: what its fields start is judged at the class's
     * end, after its @AfterAll, as what @BeforeAll starts is; no test is blamed for it.
     */
    @DetectThreadLeaks(grace = "100ms")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassFieldPoolTestCase {
        // its worker started with it: snapshot mode, which knows no pools, would blame the test that started it
        private final ExecutorService pool = Leftovers.track(prestarted(Executors.newFixedThreadPool(1,
                Leftovers.named("per-class-pool"))));

        private static ExecutorService prestarted(ExecutorService pool) {
            ((ThreadPoolExecutor) pool).prestartAllCoreThreads();
            return pool;
        }

        @Test
        void usesThePoolItsFieldMade() throws Exception {
            pool.submit(() -> "done").get();
        }

        @Test
        void usesItAgain() throws Exception {
            pool.submit(() -> "again").get();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassFieldPoolShutDownTestCase {
        private final ExecutorService pool = PerClassFieldPoolTestCase.prestarted(Executors.newFixedThreadPool(1));

        @Test
        void usesThePoolItsFieldMade() throws Exception {
            pool.submit(() -> "done").get();
        }

        @AfterAll
        void shutItDown() throws InterruptedException {
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aPoolTheFieldOfAnInstanceMadePerClassMadeIsTheClasssLeak() {
        EngineExecutionResults results = run(PerClassFieldPoolTestCase.class);

        assertPassed(results, "usesThePoolItsFieldMade()");
        assertPassed(results, "usesItAgain()");
        ThreadLeakError error = leakError(results, "ThreadLeakExtensionTest$PerClassFieldPoolTestCase");
        assertEquals("1 leak from test class `ThreadLeakExtensionTest.PerClassFieldPoolTestCase`, left at "
                + "the class's end: started by @BeforeAll, @AfterAll, an extension's beforeAll or its test instance made"
                + " per class, or a thread started there (a pool may be running a test's task too)", lines(error).get(0));
        if (TestMode.agent()) {
            lineMatching(error, "EXECUTOR LEAKED: java.util.concurrent.ThreadPoolExecutor@\\p{XDigit}+ \\(running, "
                    + "1 daemon worker \"per-class-pool-1\" #\\d+, .*");
            lineMatching(error, "  created by \"main\" #\\d+ at dev.threadleak.junit.ThreadLeakExtensionTest"
                    + "\\$PerClassFieldPoolTestCase.<init>\\(ThreadLeakExtensionTest.java:\\d+\\)");
        } else {
            lineMatching(error, "THREAD LEAKED: \"per-class-pool-1\" #\\d+ .*");
        }

        EngineExecutionResults shutDown = run(PerClassFieldPoolShutDownTestCase.class);
        assertPassed(shutDown, "usesThePoolItsFieldMade()");
        assertPassed(shutDown, "ThreadLeakExtensionTest$PerClassFieldPoolShutDownTestCase");
    }

    // --- a parked virtual thread (Java 21+) --------------------------------------------------

    @DetectThreadLeaks(grace = "100ms")
    static class VirtualThreadTestCase {
        @Test
        void leavesAVirtualThreadParked() {
            Leftovers.track(VirtualThreads.start("leaky-virtual", Leftovers.parkedOnQueue()));
        }

        @Test
        void joinsItsVirtualThread() throws InterruptedException {
            VirtualThreads.start("joined-virtual", () -> { }).join();
        }
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void aParkedVirtualThreadFailsTheTest() {
        EngineExecutionResults results = run(VirtualThreadTestCase.class);

        ThreadLeakError error = leakError(results, "leavesAVirtualThreadParked()");
        assertEquals("1 leak from test `ThreadLeakExtensionTest.VirtualThreadTestCase.leavesAVirtualThreadParked()`",
                lines(error).get(0));
        lineMatching(error, "VIRTUAL_THREAD LEAKED: \"leaky-virtual\" #\\d+ \\(virtual\\) WAITING, age [\\d.]+ m?s");
        assertParkedOnQueue(error);
        if (TestMode.agent()) {
            lineMatching(error, "  created by \"main\" #\\d+ at dev.threadleak.junit.VirtualThreads.start\\(.*\\)");
            lineMatching(error, "    via dev.threadleak.junit.ThreadLeakExtensionTest\\$VirtualThreadTestCase"
                    + ".leavesAVirtualThreadParked\\(ThreadLeakExtensionTest.java:\\d+\\)");
        } else {
            lineMatching(error, "note: virtual threads are seen through the JDK's JSON thread dump");
        }
        assertPassed(results, "joinsItsVirtualThread()");
    }

    // --- a periodic task whose next run is past the grace period -------------------------------

    /** Commons Lang's TimedSemaphore: a pool never shut down, ticking every 10 min. */
    @DetectThreadLeaks(grace = "60s")
    static class SchedulesAFarOffTickTestCase {
        /** Weakly: a field of the test class's own would leave the pool for the class's end. */
        static WeakReference<ScheduledExecutorService> pool;

        @Test
        void schedulesATickEveryTenMinutes() {
            ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
            ticks.scheduleAtFixedRate(() -> { }, 10, 10, TimeUnit.MINUTES);
            pool = new WeakReference<>(ticks);
        }
    }

    @Test
    void aCheckDoesNotWaitForAPeriodicTaskWhoseNextRunIsPastTheGracePeriod() {
        assumeTrue(TestMode.agent(), "tasks are known through the agent; snapshot mode sees a thread, and waits");
        try {
            ThreadLeakError error = leakError(run(SchedulesAFarOffTickTestCase.class), "schedulesATickEveryTenMinutes()");

            lineMatching(error, ".*\\(periodic, (ran \\d+ times?, )?next run in (9|10) m \\d+ s\\).*");
            // an age under a minute: the check did not wait out its 60 s grace period for the tick
            lineMatching(error, "EXECUTOR LEAKED: java\\.util\\.concurrent\\.ScheduledThreadPoolExecutor@.*, age (\\d+ ms|[\\d.]+ s)");
        } finally {
            ScheduledExecutorService ticks = SchedulesAFarOffTickTestCase.pool.get();
            if (ticks != null) {
                ticks.shutdownNow();
            }
        }
    }

    // --- a thread that spins -----------------------------------------------------------------------

    /** Commons IO's reaper, interrupted: it loops on its interrupt at full speed, never ending. */
    @DetectThreadLeaks(grace = "100ms")
    static class LeavesASpinningThreadTestCase {
        static final AtomicBoolean STOP = new AtomicBoolean();

        @Test
        void leavesItSpinning() {
            Thread spinner = new Thread(() -> {
                while (!STOP.get()) {
                    Thread.onSpinWait();
                }
            }, "spinner");
            spinner.setDaemon(true);
            spinner.start();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Deadline deadline = Deadline.after(Duration.ofSeconds(20));
            while (threads.getThreadCpuTime(spinner.getId()) < 200_000_000L && !deadline.hasPassed()) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void aSpinningThreadsReportSaysHowMuchCpuItUsed() {
        assumeTrue(TestMode.agent(), "the agent measures it");
        try {
            ThreadLeakError error = leakError(run(LeavesASpinningThreadTestCase.class), "leavesItSpinning()");

            Long cpu = error.report().leaks().get(0).thread().cpuMillis();
            assertTrue(cpu != null && cpu >= 200, "CPU time of the spinner: " + cpu);
        } finally {
            LeavesASpinningThreadTestCase.STOP.set(true);
        }
    }

    // --- a thread that ends 300 ms after its test, within the grace period ---------------------

    @DetectThreadLeaks(grace = "2s")
    static class LingeringThreadTestCase {
        static final CountDownLatch TEST_OVER = new CountDownLatch(1);

        @AfterEach
        void testIsOver() {
            TEST_OVER.countDown();
        }

        @Test
        void leavesAThreadThatEndsSoonAfter() {
            Thread worker = new Thread(() -> {
                Leftovers.waitingFor(TEST_OVER).run();
                busyFor(300); // its last piece of work, after the test is over
            }, "lingering-worker");
            worker.setDaemon(true);
            Leftovers.track(worker).start();
        }

        private static void busyFor(long millis) {
            try {
                TimeUnit.MILLISECONDS.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aThreadEndingWithinTheGracePeriodPassesAndTheCheckStopsWaitingWhenItEnds() {
        long start = System.nanoTime();
        EngineExecutionResults results = run(LingeringThreadTestCase.class);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertPassed(results, "leavesAThreadThatEndsSoonAfter()");
        assertTrue(millis >= 300 && millis < 1_800, "the check waited " + millis + " ms: polled, not slept out");
    }

    // --- ignoring by name, frame, creator, library ------------------------------------------

    @DetectThreadLeaks(grace = "100ms", ignoreNames = "benign-.*")
    static class IgnoreByNameTestCase {
        @Test
        void startsABenignThread() {
            startParked("benign-poller");
        }

        @Test
        void startsABenignAndALeakyThread() {
            startParked("benign-watcher");
            startParked("leaky-neighbour");
        }
    }

    @Test
    void threadsIgnoredByNameDoNotCountAndAreNamedWhenSomethingElseLeaks() {
        EngineExecutionResults results = run(IgnoreByNameTestCase.class);

        assertPassed(results, "startsABenignThread()");
        ThreadLeakError error = leakError(results, "startsABenignAndALeakyThread()");
        assertEquals("1 leak from test `ThreadLeakExtensionTest.IgnoreByNameTestCase.startsABenignAndALeakyThread()`",
                lines(error).get(0));
        lineMatching(error, "THREAD LEAKED: \"leaky-neighbour\" .*");
        assertNoLineMatching(error, "THREAD LEAKED: \"benign-watcher\" .*");
        lineMatching(error, "note: also alive but ignored: \"benign-watcher\" #\\d+, thread name matches `benign-.\\*` "
                + "\\(@DetectThreadLeaks on ThreadLeakExtensionTest.IgnoreByNameTestCase\\)");
    }

    @Test
    void threadNamesCanBeIgnoredByAConfigurationParameter() {
        EngineExecutionResults results = run(LeakyThreadTestCase.class,
                Map.of("threadleak.ignore.names", "other-.*, leaky-w.{1,9}"));

        assertPassed(results, "leaks()");
    }

    /** Parks in its own {@code run}, so that its current stack names it. */
    static final class Housekeeper implements Runnable {
        private final Runnable parked = Leftovers.parkedOnQueue();

        @Override
        public void run() {
            parked.run();
        }
    }

    @DetectThreadLeaks(grace = "100ms", ignoreFrames = "dev.threadleak.junit.ThreadLeakExtensionTest$Housekeeper.run")
    static class IgnoreByCurrentFrameTestCase {
        @Test
        void startsAHousekeeper() {
            Thread t = new Thread(new Housekeeper(), "housekeeper");
            t.setDaemon(true);
            Leftovers.track(t).start();
        }
    }

    @DetectThreadLeaks(grace = "100ms", ignoreFrames = "dev.threadleak.junit.ThreadLeakExtensionTest$IgnoreByCreationFrameTestCase.*")
    static class IgnoreByCreationFrameTestCase {
        @Test
        void startsMetrics() {
            startParked("metrics-reporter");
        }
    }

    @Test
    void threadsAreIgnoredByAFrameOfTheirCurrentStackOrOfTheirCreationStack() {
        assertPassed(run(IgnoreByCurrentFrameTestCase.class), "startsAHousekeeper()");

        EngineExecutionResults byCreation = run(IgnoreByCreationFrameTestCase.class);
        if (TestMode.agent()) {
            assertPassed(byCreation, "startsMetrics()");
        } else {
            // Snapshots have no creation stacks: the rule cannot match, and the thread is reported.
            lineMatching(leakError(byCreation, "startsMetrics()"), "THREAD LEAKED: \"metrics-reporter\" .*");
        }
    }

    @DetectThreadLeaks(grace = "100ms", ignoreCreators = "spawner")
    static class IgnoreByCreatorTestCase {
        @Test
        void aThreadStartsAnotherAndEnds() throws InterruptedException {
            Thread spawner = new Thread(() -> startParked("spawned-worker"), "spawner");
            spawner.start();
            spawner.join();
        }
    }

    @Test
    void threadsAreIgnoredByTheNameOfTheThreadThatCreatedThem() {
        EngineExecutionResults results = run(IgnoreByCreatorTestCase.class);
        if (TestMode.agent()) {
            assertPassed(results, "aThreadStartsAnotherAndEnds()");
        } else {
            ThreadLeakError error = leakError(results, "aThreadStartsAnotherAndEnds()");
            lineMatching(error, "THREAD LEAKED: \"spawned-worker\" .*");
            lineMatching(error, "note: ignoring by creator needs the agent: in snapshot mode the creator rules were "
                    + "not applied");
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class LibraryThreadTestCase {
        @Test
        void usesALibraryThatKeepsAHousekeeper() {
            startParked("acme-housekeeper");
        }
    }

    @Test
    void librariesShipTheirKnownThreadsThroughTheServiceLoader() {
        assertPassed(run(LibraryThreadTestCase.class), "usesALibraryThatKeepsAHousekeeper()");
    }

    @DetectThreadLeaks(grace = "100ms")
    static class JUnitThreadsTestCase {
        @Test
        @org.junit.jupiter.api.Timeout(10)
        void timedOnTheSameThread() {
        }

        @Test
        @org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
        void timedOnASeparateThread() {
        }

        @Test
        void assertsATimeoutPreemptively() {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> { });
        }
    }

    @Test
    void junitsOwnThreadsAreNotLeaks() {
        EngineExecutionResults results = run(JUnitThreadsTestCase.class);
        assertPassed(results, "timedOnTheSameThread()");
        assertPassed(results, "timedOnASeparateThread()");
        assertPassed(results, "assertsATimeoutPreemptively()");
        assertPassed(results, "ThreadLeakExtensionTest$JUnitThreadsTestCase");
    }

    @DetectThreadLeaks(grace = "100ms")
    static class TimedAndLeakyTestCase {
        @Test
        @org.junit.jupiter.api.Timeout(10)
        void timedAndLeaks() {
            startParked("timed-leak");
        }
    }

    /** The Log4j trial: "ScheduledThreadPoolExecutor@6d511b5f, JUnit's own thread" read as two things. */
    @Test
    void theTimeoutWatcherALeakyTestStartedIsNamedAsJUnitsInTheFailure() {
        ThreadLeakError error = leakError(run(TimedAndLeakyTestCase.class), "timedAndLeaks()");

        lineMatching(error, "THREAD LEAKED: \"timed-leak\" .*");
        lineMatching(error, "note: also alive but ignored: .*, part of JUnit \\(its timeout watcher, or a timeout's or "
                + "a parallel run's threads\\), not the test's");
    }

    // --- scope CLASS, and the class's own @BeforeAll threads ----------------------------------

    @DetectThreadLeaks(grace = "100ms", scope = Scope.CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ClassScopeTestCase {
        static Thread shared;

        @Test
        @Order(1)
        void startsASharedWorker() {
            shared = startParked("shared-worker");
        }

        @Test
        @Order(2)
        void usesIt() {
            assertTrue(shared.isAlive());
        }
    }

    @DetectThreadLeaks(grace = "100ms", scope = Scope.CLASS)
    static class ClassScopeStoppedInAfterAllTestCase {
        static final CountDownLatch STOP = new CountDownLatch(1);
        static Thread shared;

        @Test
        void startsASharedWorker() {
            shared = new Thread(Leftovers.waitingFor(STOP), "stopped-in-after-all");
            shared.start();
        }

        @AfterAll
        static void stopIt() throws InterruptedException {
            STOP.countDown();
            shared.join();
        }
    }

    @Test
    void withScopeClassTheClassIsCheckedAfterItsAfterAllMethods() {
        EngineExecutionResults results = run(ClassScopeTestCase.class);
        assertPassed(results, "startsASharedWorker()");
        assertPassed(results, "usesIt()");
        ThreadLeakError error = leakError(results, "ThreadLeakExtensionTest$ClassScopeTestCase");
        assertEquals("1 leak from test class `ThreadLeakExtensionTest.ClassScopeTestCase`", lines(error).get(0));
        assertEquals("class", error.report().scope().kind());
        assertEquals("dev.threadleak.junit.ThreadLeakExtensionTest$ClassScopeTestCase", error.report().scope().name());
        lineMatching(error, "THREAD LEAKED: \"shared-worker\" .*");
        lineMatching(error, "  why: still alive 100 ms after the test class ended");

        assertPassed(run(ClassScopeStoppedInAfterAllTestCase.class), "ThreadLeakExtensionTest$ClassScopeStoppedInAfterAllTestCase");
    }

    @DetectThreadLeaks(grace = "100ms")
    static class LeakyBeforeAllTestCase {
        @BeforeAll
        static void startServer() {
            startParked("server-acceptor");
        }

        @Test
        void test() {
        }
    }

    @Test
    void threadsStartedByBeforeAllAndNeverStoppedFailTheClass() {
        EngineExecutionResults results = run(LeakyBeforeAllTestCase.class);
        assertPassed(results, "test()");
        ThreadLeakError error = leakError(results, "ThreadLeakExtensionTest$LeakyBeforeAllTestCase");
        // a plain thread runs no test's task: said only where a pool may be among them, or the agent cannot tell
        assertEquals("1 leak from test class `ThreadLeakExtensionTest.LeakyBeforeAllTestCase`, left at the "
                + "class's end: started by @BeforeAll or @AfterAll, an extension's beforeAll, or a thread started there"
                + (TestMode.agent() ? "" : " (a pool may be running a test's task too)"), lines(error).get(0));
        lineMatching(error, "THREAD LEAKED: \"server-acceptor\" .*");
    }

    /** Starts a server for the class, as a test framework's extension does (Helidon's {@code @ServerTest}). */
    static final class StartsAServerForTheClass implements org.junit.jupiter.api.extension.BeforeAllCallback {
        @Override
        public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) {
            startParked("extension-server");
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    @org.junit.jupiter.api.extension.ExtendWith(StartsAServerForTheClass.class)
    static class ServerOfAnExtensionTestCase {
        @Test
        void usesTheServer() {
        }

        @Test
        void usesItAgain() {
        }
    }

    /**
     * Helidon's trial: what another extension's beforeAll started (its server, whose timer its
     * stop left running) was no test's and no class's; 62 of 79 such timers went unreported.
     */
    @Test
    void threadsAnExtensionsBeforeAllStartedAndNeverStoppedFailTheClassNotItsTests() {
        EngineExecutionResults results = run(ServerOfAnExtensionTestCase.class);

        assertPassed(results, "usesTheServer()");
        assertPassed(results, "usesItAgain()");
        ThreadLeakError error = leakError(results, "ThreadLeakExtensionTest$ServerOfAnExtensionTestCase");
        lineMatching(error, "THREAD LEAKED: \"extension-server\" .*");
    }

    @DetectThreadLeaks(grace = "100ms")
    static class EnclosingTestCase {
        @org.junit.jupiter.api.Nested
        class InnerTestCase {
            @Test
            void leaks() {
                startParked("nested-leak");
            }
        }
    }

    @Test
    void nestedClassesAreCheckedWithTheSettingsOfTheirEnclosingClass() {
        ThreadLeakError error = leakError(run(EnclosingTestCase.class), "leaks()");
        assertEquals("1 leak from test `ThreadLeakExtensionTest.EnclosingTestCase.InnerTestCase.leaks()`",
                lines(error).get(0));
        lineMatching(error, "  why: still alive 100 ms after the test ended");
    }

    static final CyclicBarrier[] CLASSES_RUNNING = new CyclicBarrier[1];

    @DetectThreadLeaks(grace = "100ms", scope = Scope.CLASS)
    static class LeakyClassInParallelTestCase {
        @Test
        void leaks() throws Exception {
            CLASSES_RUNNING[0].await(10, TimeUnit.SECONDS);
            startParked("class-parallel-leak");
            CLASSES_RUNNING[0].await(10, TimeUnit.SECONDS);
        }
    }

    @DetectThreadLeaks(grace = "100ms", scope = Scope.CLASS)
    static class CleanClassInParallelTestCase {
        @Test
        void isClean() throws Exception {
            CLASSES_RUNNING[0].await(10, TimeUnit.SECONDS);
            CLASSES_RUNNING[0].await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withTheAgentAClassRunningBesideALeakyOneIsNotBlamedForItsThreads() {
        assumeTrue(TestMode.agent(), "without the agent, concurrent classes cannot be told apart");
        CLASSES_RUNNING[0] = new CyclicBarrier(2);
        EngineExecutionResults results = Fixtures.run(Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"),
                LeakyClassInParallelTestCase.class, CleanClassInParallelTestCase.class);

        assertPassed(results, "leaks()");
        assertPassed(results, "isClean()");
        ThreadLeakError error = leakError(results, "ThreadLeakExtensionTest$LeakyClassInParallelTestCase");
        lineMatching(error, "THREAD LEAKED: \"class-parallel-leak\" .*");
        assertPassed(results, "ThreadLeakExtensionTest$CleanClassInParallelTestCase");
    }

    // --- a test that fails and leaks ----------------------------------------------------------

    @DetectThreadLeaks(grace = "100ms")
    static class FailingAndLeakingTestCase {
        @Test
        void failsAndLeaks() {
            startParked("leaky-on-failure");
            throw new AssertionFailedError("the test's own failure");
        }
    }

    @Test
    void whenTheTestFailsTooTheLeakIsAttachedToItsFailureAsSuppressed() {
        Throwable failure = failure(run(FailingAndLeakingTestCase.class), "failsAndLeaks()");

        assertInstanceOf(AssertionFailedError.class, failure);
        assertEquals("the test's own failure", failure.getMessage());
        assertEquals(1, failure.getSuppressed().length);
        ThreadLeakError leak = assertInstanceOf(ThreadLeakError.class, failure.getSuppressed()[0]);
        assertEquals("1 leak from test `ThreadLeakExtensionTest.FailingAndLeakingTestCase.failsAndLeaks()`",
                lines(leak).get(0));
        lineMatching(leak, "THREAD LEAKED: \"leaky-on-failure\" .*");
    }

    @DetectThreadLeaks(grace = "100ms")
    static class LeaksThenAbortsTestCase {
        @Test
        void leaksThenAborts() {
            startParked("leaky-before-an-abort");
            Assumptions.assumeTrue(false, "/items/1 not supported");
        }
    }

    /**
     * What a test made before an assumption aborted it fails it all the same, and the headline says
     * it was aborted (Brave's trial: the abort was only a suppressed exception below the report).
     */
    @Test
    void aTestAbortedAfterItLeakedFailsSayingItWasAborted() {
        Throwable failure = failure(run(LeaksThenAbortsTestCase.class), "leaksThenAborts()");

        ThreadLeakError leak = assertInstanceOf(ThreadLeakError.class, failure);
        assertEquals("1 leak from test `ThreadLeakExtensionTest.LeaksThenAbortsTestCase.leaksThenAborts()`, which was "
                + "aborted (Assumption failed: /items/1 not supported) after it made them", lines(leak).get(0));
        assertInstanceOf(TestAbortedException.class, failure.getSuppressed()[0]);
        assertTrue(leak.report().notes().stream().anyMatch(n -> n.startsWith("the test was aborted (Assumption failed: "
                + "/items/1 not supported) after it made what is left, which is judged all the same")),
                "the report files say it too");
        assertNoLineMatching(leak, "note: the test was aborted.*"); // the message's headline said it
    }

    /** A pool a class initializer makes, whose first worker its initializer's own task starts. */
    static final class PoolOfAnInitializer {
        static final ForkJoinPool POOL = new ForkJoinPool(1);

        static {
            // the worker starts here, with this <clinit> on the stack (a method of another class:
            // a lambda of this one would wait for this initializer to end, which waits for it)
            POOL.submit(Thread::yield).join();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class StartsAThreadFromATaskOnAnInitializersPoolTestCase {
        @Test
        void startsAThread() {
            PoolOfAnInitializer.POOL.submit(() -> startParked("started-by-a-pools-task")).join();
        }
    }

    /**
     * A {@code ForkJoinPool}'s worker is its pool's, not the class initializer's that happened to
     * be on the stack when the pool started it: what the tests it later runs start is theirs
     * (Shiro's trial: on JDK 24+ a JUnit worker blocked in Mockito's initializer had its pool start
     * another, and every thread the tests that one ran made was taken for the initializer's).
     */
    @Test
    void aThreadATestsTaskStartsOnAPoolWorkerAnInitializerStartedIsTheTests() {
        assumeTrue(TestMode.agent(), "who created a thread is the agent's to know");
        ThreadLeakError error = leakError(run(StartsAThreadFromATaskOnAnInitializersPoolTestCase.class), "startsAThread()");

        lineMatching(error, "THREAD LEAKED: \"started-by-a-pools-task\" .*");
    }

    // --- two tests at the same time, one leaking ------------------------------------------------

    @DetectThreadLeaks(grace = "100ms")
    static class ConcurrentTestsTestCase {
        static CyclicBarrier bothRunning;
        static CyclicBarrier leakStarted;

        @Test
        void leaks() throws Exception {
            bothRunning.await(10, TimeUnit.SECONDS);
            startParked("parallel-leak");
            leakStarted.await(10, TimeUnit.SECONDS);
        }

        @Test
        void isClean() throws Exception {
            bothRunning.await(10, TimeUnit.SECONDS);
            leakStarted.await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void inParallelOnlyTheTestThatLeakedFailsWithTheAgentAndSnapshotsSaySoWhenTheyCannotTell() {
        ConcurrentTestsTestCase.bothRunning = new CyclicBarrier(2);
        ConcurrentTestsTestCase.leakStarted = new CyclicBarrier(2);
        EngineExecutionResults results = run(ConcurrentTestsTestCase.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"));

        ThreadLeakError leaked = leakError(results, "leaks()");
        assertEquals("1 leak from test `ThreadLeakExtensionTest.ConcurrentTestsTestCase.leaks()`", lines(leaked).get(0));
        lineMatching(leaked, "THREAD LEAKED: \"parallel-leak\" .*");
        if (TestMode.agent()) {
            assertPassed(results, "isClean()");
        } else {
            ThreadLeakError blamed = leakError(results, "isClean()");
            lineMatching(blamed, "THREAD LEAKED: \"parallel-leak\" .*");
            lineMatching(blamed, "note: parallel execution without the agent: threads started by tests running at the "
                    + "same time cannot be told apart, so these may belong to one of the tests that ran alongside: "
                    + "`ThreadLeakExtensionTest.ConcurrentTestsTestCase.leaks\\(\\)`. With the agent "
                    + "\\(-javaagent:threadleak-agent.jar\\) each leak is charged to the test that started it");
        }
    }

    // --- how the extension is switched on ----------------------------------------------------

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @DetectThreadLeaks(grace = "100ms")
    @interface LeakChecked {
    }

    @LeakChecked
    static class MetaAnnotatedTestCase {
        @Test
        void leaks() {
            startParked("meta-leak");
        }
    }

    static class MethodAnnotatedTestCase {
        @Test
        @DetectThreadLeaks(grace = "100ms")
        void checkedAndLeaks() {
            startParked("method-leak");
        }

        @Test
        void notChecked() {
            startParked("unchecked-leak");
        }
    }

    static class UnannotatedTestCase {
        @Test
        void leaks() {
            startParked("autodetected-leak");
        }
    }

    @Test
    void theAnnotationWorksAsAMetaAnnotationAndOnAMethod() {
        lineMatching(leakError(run(MetaAnnotatedTestCase.class), "leaks()"), "THREAD LEAKED: \"meta-leak\" .*");

        EngineExecutionResults results = run(MethodAnnotatedTestCase.class);
        lineMatching(leakError(results, "checkedAndLeaks()"), "THREAD LEAKED: \"method-leak\" .*");
        assertPassed(results, "notChecked()");
    }

    @Test
    void extensionAutoDetectionChecksEveryClassWithoutAnnotations() {
        assertPassed(run(UnannotatedTestCase.class), "leaks()");

        EngineExecutionResults results = run(UnannotatedTestCase.class, Map.of(
                "junit.jupiter.extensions.autodetection.enabled", "true",
                "threadleak.grace", "100ms"));
        assertEquals("1 leak from test `ThreadLeakExtensionTest.UnannotatedTestCase.leaks()`",
                lines(leakError(results, "leaks()")).get(0));
    }

    // --- what a leak does: fail, warn, and the JSON report ---------------------------------------

    @Test
    void withActionWarnTheTestPassesAndTheReportIsPublished() {
        EngineExecutionResults results = run(LeakyThreadTestCase.class, Map.of("threadleak.action", "warn"));

        assertPassed(results, "leaks()");
        List<ReportEntry> entries = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow()).toList();
        assertEquals(1, entries.size());
        assertTrue(entries.get(0).getKeyValuePairs().get("threadleak")
                .startsWith("1 leak from test `ThreadLeakExtensionTest.LeakyThreadTestCase.leaks()`\n"));
    }

    /** The build log's line names the one setting that made it a warning, the one to change. */
    @Test
    void aWarningNamesTheSettingThatMadeItOne() {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            assertPassed(run(LeakyThreadTestCase.class, Map.of("threadleak.action", "warn")), "leaks()");
        } finally {
            System.setErr(original);
        }

        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("threadleak: warning (threadleak.action=warn), "
                + "not failing: 1 leak from test `ThreadLeakExtensionTest.LeakyThreadTestCase.leaks()`"), stderr::toString);
    }

    @Test
    void eachFailingTestWritesAJsonReportIntoTheReportDirectory(@TempDir Path dir) throws Exception {
        ThreadLeakError error = leakError(run(LeakyThreadTestCase.class,
                Map.of("threadleak.report.dir", dir.toString())), "leaks()");

        Path file = dir.resolve("dev.threadleak.junit.ThreadLeakExtensionTest$LeakyThreadTestCase.leaks().json");
        assertTrue(Files.isRegularFile(file), "no " + file);
        assertEquals("json report: '" + file + "'", lines(error).get(lines(error).size() - 1),
                "quoted: a shell takes a test's () and a nested class's $ for syntax");
        LeakReport report = ReportJson.read(file);
        assertEquals(1, report.leakCount());
        assertEquals(TestMode.snapshot() ? "snapshot" : "agent", report.jvm().mode());
        assertEquals("test", report.scope().kind());
        assertEquals("leaky-worker", report.leaks().get(0).thread().name());
    }

    /**
     * A build without {@code clean} keeps the last run's reports: a test clean now has its old one
     * removed, as a leaking test has its rewritten, and their repetitions' ({@code -2}, ...) that
     * this run did not write are gone too; what is not a report of a test run now stays.
     */
    @Test
    void aTestCleanNowHasItsReportFromAnEarlierRunRemoved(@TempDir Path dir) throws Exception {
        String clean = "dev.threadleak.junit.ThreadLeakExtensionTest$LeakyThreadTestCase.joinsItsThread()";
        String leaky = "dev.threadleak.junit.ThreadLeakExtensionTest$LeakyThreadTestCase.leaks()";
        for (String old : List.of(clean + ".txt", clean + ".json", clean + "-2.json", leaky + ".json", leaky + "-2.txt",
                leaky + "-3.json", leaky + "-x.txt", "com.acme.OtherTest.runs().txt", "notes.md")) {
            Files.writeString(dir.resolve(old), "an earlier run's");
        }
        Path linked = Files.createDirectory(dir.resolve("elsewhere")).resolve("kept.txt");
        Files.writeString(linked, "the user's");
        Files.delete(dir.resolve(clean + ".txt"));
        Files.createSymbolicLink(dir.resolve(clean + ".txt"), linked);

        EngineExecutionResults results = run(LeakyThreadTestCase.class, Map.of("threadleak.report.dir", dir.toString()));

        assertPassed(results, "joinsItsThread()");
        assertFalse(Files.exists(dir.resolve(clean + ".json")), "the clean test's old report is gone");
        assertTrue(Files.isSymbolicLink(dir.resolve(clean + ".txt")) && Files.readString(linked).equals("the user's"),
                "what is not a regular file is the user's: left alone");
        assertTrue(Files.readString(dir.resolve(leaky + ".json")).contains("leaky-worker"), "rewritten by this run");
        for (String repeat : List.of(clean + "-2.json", leaky + "-2.txt", leaky + "-3.json")) {
            assertFalse(Files.exists(dir.resolve(repeat)), "a repetition this run did not write: " + repeat);
        }
        assertTrue(Files.exists(dir.resolve(leaky + "-x.txt")), "not a repetition's name");
        assertTrue(Files.exists(dir.resolve("com.acme.OtherTest.runs().txt")), "a test not run now: its report stays");
        assertTrue(Files.exists(dir.resolve("notes.md")));
    }

    @DetectThreadLeaks(grace = "100ms")
    static class LeaksOnItsFirstRunTestCase {
        static final AtomicInteger RUNS = new AtomicInteger();

        @Test
        void leaksOnItsFirstRunOnly() {
            if (RUNS.incrementAndGet() == 1) {
                startParked("first-run-worker");
            }
        }
    }

    /**
     * Surefire's {@code rerunFailingTestsCount} runs the launcher again in the same JVM: a rerun
     * that passes keeps the failing run's report, which Surefire's summary names (Apache Curator's
     * trial: it was removed as an earlier build's).
     */
    @Test
    void aRerunThatPassesKeepsTheReportOfTheRunThatFailed(@TempDir Path dir) {
        LeaksOnItsFirstRunTestCase.RUNS.set(0);
        Map<String, String> parameters = Map.of("threadleak.report.dir", dir.toString());
        Path report = dir.resolve("dev.threadleak.junit.ThreadLeakExtensionTest$LeaksOnItsFirstRunTestCase"
                + ".leaksOnItsFirstRunOnly().txt");

        leakError(run(LeaksOnItsFirstRunTestCase.class, parameters), "leaksOnItsFirstRunOnly()");
        assertTrue(Files.exists(report), report.toString());
        assertPassed(run(LeaksOnItsFirstRunTestCase.class, parameters), "leaksOnItsFirstRunOnly()");
        assertTrue(Files.exists(report), "the failing run's report, which Surefire's summary names");
    }

    // --- the heap proof (more in HeapProofTest) -----------------------------------------------

    @Test
    void withoutAReportDirectoryTheMessageIsTheFullReport() {
        ThreadLeakError error = leakError(run(LeakyThreadTestCase.class, Map.of("threadleak.report.dir", "none")), "leaks()");

        assertEquals("threadleak: 1 leak in test `dev.threadleak.junit.ThreadLeakExtensionTest$LeakyThreadTestCase"
                + ".leaks()`", lines(error).get(1));
        assertNoLineMatching(error, "(full|json) report: .*");
    }

    /** A test that makes five pools, one per line, and shuts none down. */
    @DetectThreadLeaks(grace = "100ms")
    static class MakesFivePoolsTestCase {
        @Test
        void makesThem() {
            started("first");
            started("second");
            started("third");
            started("fourth");
            started("fifth");
        }

        private static void started(String name) {
            Leftovers.track(new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    Leftovers.named(name))).prestartAllCoreThreads();
        }
    }

    /** jline3's trial: a test's two executors were told in another order in each run, as a map gave them. */
    @Test
    void executorsAreToldInTheOrderTheyWereMade() {
        assumeTrue(TestMode.agent(), "executors are known through the agent; snapshot mode sees threads");
        ThreadLeakError error = leakError(run(MakesFivePoolsTestCase.class), "makesThem()");

        assertEquals(List.of("first-1", "second-1", "third-1", "fourth-1", "fifth-1"), error.report().leaks().stream()
                .filter(l -> l.kind() == LeakKind.EXECUTOR).map(l -> l.executor().workers().get(0).name()).toList(),
                error.getMessage());
    }

    /** Tests that cancel, and leave, a timer of a subclass of {@code Timer}, as jmdns's {@code StarterTimer} is. */
    @DetectThreadLeaks(grace = "100ms")
    static class UsesATimerSubclassTestCase {
        static final class StarterTimer extends Timer {
            StarterTimer() {
                super("starter-timer", true);
            }

            @Override
            public void cancel() {
                super.cancel();
            }
        }

        private static TimerTask periodic() {
            return new TimerTask() {
                @Override
                public void run() {
                    // a run
                }
            };
        }

        @Test
        void cancelsIt() {
            Timer timer = new StarterTimer();
            timer.schedule(periodic(), 0, 1_000);
            timer.cancel();
        }

        @Test
        void leavesIt() {
            Leftovers.track(new StarterTimer()).schedule(periodic(), 0, 1_000);
        }
    }

    /**
     * jmdns's trial: a periodic task of a cancelled {@code StarterTimer} read "TASK LEAKED (periodic,
     * queued)": what a cancel drops was known of {@code java.util.Timer} by its class name alone.
     */
    @Test
    void aCancelledTimerOfASubclassLeavesNoTaskBehind() {
        assumeTrue(TestMode.agent(), "tasks are known through the agent; snapshot mode sees threads");
        EngineExecutionResults results = run(UsesATimerSubclassTestCase.class);

        assertPassed(results, "cancelsIt()");
        ThreadLeakError left = leakError(results, "leavesIt()");
        lineMatching(left, "EXECUTOR LEAKED: .*\\$StarterTimer@\\p{XDigit}+ \\(running, 1 daemon worker \"starter-timer\".*");
        lineMatching(left, "  why: not cancelled when the test ended.*"); // a Timer has no shutdown to call
    }

    /** A test that starts a library of a {@code javax.} package, and does not close it. */
    @DetectThreadLeaks(grace = "100ms")
    static class UsesALibraryOfAJavaxPackageTestCase {
        @Test
        void announces() {
            Announcer announcer = Announcer.start();
            Leftovers.track(announcer.timer());
            Leftovers.track(announcer.responder());
        }
    }

    /**
     * jmdns's trial: every class of a {@code javax.} package counted as the JDK's, so the timers and
     * pools of {@code javax.jmdns} were taken for the JDK's own and never reported, and none of its
     * frames was a creation's "at". The JDK's are the packages of its modules.
     */
    @Test
    void whatALibraryOfAJavaxPackageMadeIsReportedAsItsNotTheJdks() {
        assumeTrue(TestMode.agent(), "executors are known through the agent; snapshot mode sees threads");
        ThreadLeakError error = leakError(run(UsesALibraryOfAJavaxPackageTestCase.class), "announces()");

        lineMatching(error, "EXECUTOR LEAKED: java\\.util\\.Timer@\\p{XDigit}+ \\(running, 1 daemon worker \"announcer-timer\".*");
        lineMatching(error, "EXECUTOR LEAKED: java\\.util\\.concurrent\\.ThreadPoolExecutor@\\p{XDigit}+ \\(running, 1 worker.*");
        assertEquals(2, lines(error).stream().filter(l -> l.matches("  created by \"main\" #\\d+ at javax\\.threadleaktest"
                + "\\.Announcer\\.<init>\\(Announcer\\.java:\\d+\\)")).count(), error.getMessage());
    }

    @Test
    void aQueueThatSomethingStillHoldsIsNotProvenAndSnapshotModeSaysItCannotProve() {
        ThreadLeakError error = leakError(run(LeakyThreadTestCase.class, Map.of(Configuration.PROVE, "true")), "leaks()");

        // Leftovers keeps the queue to release the worker: a running thread can still wake it.
        lineMatching(error, "THREAD LEAKED: \"leaky-worker\" .*");
        if (TestMode.agent()) {
            noteMatching(error, "heap proof took [\\d.]+ m?s .*, \\d+ can still be woken"
                    + "( \\(a running thread, a static field or native code's global reference can reach what serves the wait\\))?");
        } else {
            lineMatching(error, "note: threadleak.prove=true has no effect in snapshot mode: the heap proof needs the "
                    + "agent's record of what each thread waits on");
        }
    }

    // --- the mode switch ---------------------------------------------------------------------

    @Test
    void snapshotModeCanBeChosenEvenWithTheAgentLoaded() {
        assumeTrue(TestMode.agent());
        ThreadLeakError error = leakError(run(LeakyThreadTestCase.class, Map.of("threadleak.mode", "snapshot")), "leaks()");

        assertEquals("snapshot", error.report().jvm().mode());
        lineMatching(error, "note: snapshot mode \\(threadleak.mode=snapshot\\): .*");
        lineMatching(error, "THREAD LEAKED: \"leaky-worker\" .*");
    }

    @Test
    void modeAgentFailsWithWhatToChangeWhenTheAgentCannotBeHad() {
        assumeTrue(TestMode.snapshot());
        Throwable failure = failure(run(LeakyThreadTestCase.class, Map.of("threadleak.mode", "agent")),
                "ThreadLeakExtensionTest$LeakyThreadTestCase");

        assertInstanceOf(ExtensionConfigurationException.class, failure);
        assertEquals("threadleak: threadleak.mode=agent, but the threadleak agent is not loaded, and this JVM does not "
                + "allow attaching (-XX:+DisableAttachMechanism). Give the test JVM "
                + "-javaagent:/path/to/threadleak-agent.jar (Maven: surefire's argLine), or set threadleak.mode=auto "
                + "to fall back to thread snapshots.", failure.getMessage());
    }

    private static Thread startParked(String name) {
        Thread t = new Thread(Leftovers.parkedOnQueue(), name);
        t.setDaemon(true);
        Leftovers.track(t).start();
        return t;
    }
}
