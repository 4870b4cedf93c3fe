package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertNoLineMatching;
import static dev.threadleak.junit.Fixtures.assertPassed;
import static dev.threadleak.junit.Fixtures.fullReportOf;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.onlyWarning;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.api.Threadleak;
import dev.threadleak.report.Leak;
import dev.threadleak.testsupport.Engines;
import dev.threadleak.testsupport.HookedReader;
import dev.threadleak.testsupport.HookedScheduler;
import dev.threadleak.testsupport.LibraryScheduler;
import dev.threadleak.testsupport.LibraryRegistry;
import dev.threadleak.testsupport.Listeners;
import dev.threadleak.testsupport.Pollers;
import dev.threadleak.testsupport.SeenThreads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.ShutdownMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.springframework.test.context.cache.DefaultCacheAwareContextLoaderDelegate;

/**
 * A thread or executor a static field holds as a singleton (through object fields alone) lives
 * as long as the JVM: a library's lazily made service is not the leak of the test that happened to
 * call it first, and what a static field of another class keeps through a collection (a worker per
 * region, made for whichever test names the region first) is judged when the class ends, whatever
 * the order of its tests. The heap dump that tells needs the agent.
 */
class SingletonThreadsTest {

    private static final String HELD = "held by static field dev\\.threadleak\\.junit\\.LazyServices\\.instance, one for "
            + "the whole JVM while that field holds it: not a test's leak";
    private static final String LEFTOVERS = "1 leak from test class `.*%s`: a test left it, and the code had not ended "
            + "it when the class ended \\(it was left for then by its test's check, as a static field held or kept it "
            + "when that test ended\\)";
    /** The service's worker and scheduler, held by one field: one reason, said once for both. */
    private static final String SINGLETON_NOTE = "note: also alive but ignored: (?=.*\"lazy-service-worker\" #\\d+)"
            + "(?=.*java\\.util\\.concurrent\\.ScheduledThreadPoolExecutor@\\p{XDigit}+).*, " + HELD + ".*";

    @BeforeEach
    void needsTheAgent() {
        assumeTrue(TestMode.agent(), "the heap dump that finds static holders needs the agent");
    }

    @AfterEach
    void endTheServices() throws InterruptedException {
        LazyServices.reset();
        OwnStaticTestCase.release();
    }

    @DetectThreadLeaks(grace = "100ms")
    static class CallsTheServiceTestCase {
        @Test
        void callsTheService() {
            LazyServices.service();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class CallsTheServiceAndLeaksTestCase {
        @Test
        void callsTheServiceAndLeaks() {
            LazyServices.service();
            startItsOwn();
        }
    }

    /** With the default grace period: a check that looks at the heap early. */
    @DetectThreadLeaks
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class WakesTheSleeperTestCase {
        static long sleeps;

        @Test
        @Order(1)
        void wakesTheSleeper() {
            LazyServices.sleeper(sleeps);
        }

        @Test
        @Order(2)
        void doesNothing() {
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {3_000, 10_000})
    void aJvmWideThreadAsleepInALoopIsNoTestsLeakNorItsClasss(long sleeps) {
        WakesTheSleeperTestCase.sleeps = sleeps;
        EngineExecutionResults results = run(WakesTheSleeperTestCase.class);
        assertPassed(results, "wakesTheSleeper");
        assertPassed(results, "doesNothing");
        assertPassed(results, "SingletonThreadsTest$WakesTheSleeperTestCase");
    }

    /** A test that reads the library's settings, whose first listener starts the library's loop. */
    @DetectThreadLeaks
    static class ListensTestCase {
        @Test
        void listens() {
            Listeners.listen();
        }
    }

    /**
     * Seata's trial: a library's pool, made before the test and held in a static field, runs the
     * loop the library starts on its first use; that loop is the library's, and only warns
     * at the class's end, kept by the field. (A loop the test's own code gave that pool stays its
     * leak, as one on the common pool does in ThreadLeakExtensionTest.) The test's call makes the
     * pool's worker, whose first task is the loop: a check that read the loop as not yet running,
     * then as begun, as the worker began it, took it for finished, and the class was not warned
     * (in two CI runs).
     */
    @Test
    void aLoopALibraryStartsOnItsOwnPoolOnlyWarns() throws Exception {
        // the library's pool made before the test class runs, as an earlier test of Seata's made it
        assertNotNull(Listeners.pool());
        try {
            EngineExecutionResults library = run(ListensTestCase.class);
            assertPassed(library, "listens()");
            assertPassed(library, "SingletonThreadsTest$ListensTestCase");
            String warning = onlyWarning(library);
            assertTrue(warning.contains("kept by static fields of code outside the tests"), warning);
        } finally {
            Listeners.stop();
        }
    }

    /**
     * A test whose call is the library's first use, which starts the library's poller; the test
     * also leaves a thread of its own, so that its report tells what its check made of the poller.
     */
    @DetectThreadLeaks
    static class UsesThePollersTestCase {
        static final CountDownLatch END_OWN = new CountDownLatch(1);

        @Test
        void uses() throws InterruptedException {
            Pollers.use();
            new Thread(() -> awaitQuietly(END_OWN), "own-leak").start();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A library's poller, run on its JVM-wide pool, whose future a static field of the library
     * holds: the library's singleton, as a thread such a field holds is. Asked about as its pool,
     * which a static field keeps through the pool's workers, it warned the class; caught before it
     * began, as itself, it was held, and at the class's end, running, asked about as its pool
     * again, no longer "held": the class failed. One run in four failed, one in two warned.
     */
    @Test
    void aPollerWhoseFutureALibraryHoldsIsItsSingleton() throws Exception {
        assertNotNull(Pollers.pool()); // made before the test class runs, as by an earlier test
        try {
            EngineExecutionResults results = run(UsesThePollersTestCase.class);
            ThreadLeakError error = leakError(results, "uses()");
            lineMatching(error, "THREAD LEAKED: \"own-leak\" .*");
            lineMatching(error, "note: also alive but ignored: .*held by static field "
                    + "dev\\.threadleak\\.testsupport\\.Pollers\\.poller, one for the whole JVM.*");
            assertPassed(results, "SingletonThreadsTest$UsesThePollersTestCase");
            assertEquals(List.of(), Fixtures.warnings(results));
        } finally {
            UsesThePollersTestCase.END_OWN.countDown();
            Pollers.stop();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class ArmsTheLibrarysTimerTestCase {
        @Test
        void arms() {
            LibraryScheduler.runOnceLater();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class StartsTheLibrarysTickTestCase {
        @Test
        void ticks() {
            LibraryScheduler.tickForever();
        }

        @Test
        void armsDaysAhead() {
            LibraryScheduler.runOnceInDays();
        }
    }

    /** A test that resets the sample data, whose first use of a cache region schedules its trim. */
    @DetectThreadLeaks(grace = "100ms")
    static class ResetsTheSampleDataTestCase {
        @Test
        void resets() {
            SampleData.reset();
        }
    }

    /**
     * Ebean's trial: a cache region's periodic trim, which the library's JVM-wide database schedules
     * on its own pool the first time a test uses that region, failed the test class whose heap dump
     * named the tests' helper's static field that also holds that database, and warned where it
     * named the library's: seven classes failed and nine warned, and which did moved with test
     * order. Kept through the library's object, it is what that code keeps, whichever field is named.
     */
    @Test
    void aTaskALibrarysObjectKeepsWarnsThoughAFieldOfTheTestsHoldsThatObject() {
        assumeTrue(TestMode.agent(), "the heap dump that finds static holders needs the agent");
        assertNotNull(SampleData.server()); // made before the test class runs, as by an earlier one
        try {
            EngineExecutionResults results = run(ResetsTheSampleDataTestCase.class);

            assertPassed(results, "resets()");
            assertPassed(results, "SingletonThreadsTest$ResetsTheSampleDataTestCase");
            String warning = onlyWarning(results);
            assertTrue(warning.contains("kept by static field dev.threadleak.junit.SampleData.server, along RegionCaches"),
                    warning);
            assertTrue(warning.contains("it was still not cancelled then; that field of the tests' holds a RegionCaches, "
                    + "code from outside the tests, which keeps it, so it is judged as what that code keeps"), warning);
        } finally {
            SampleData.shutdown();
        }
    }

    /** Two tests that each build the library's reader, and close neither. */
    @DetectThreadLeaks
    static class BuildsAReaderEachTestCase {
        @Test
        void builds() {
            HookedReader.build();
        }

        @Test
        void buildsAgain() {
            HookedReader.build();
        }
    }

    /** A test that builds the library's reader, and leaks a thread of its own. */
    @DetectThreadLeaks(grace = "100ms")
    static class BuildsAReaderAndLeaksTestCase {
        @Test
        void buildsAndLeaks() {
            HookedReader.build();
            startItsOwn();
        }
    }

    /** One test that builds the library's reader. */
    @DetectThreadLeaks
    static class BuildsOneReaderTestCase {
        @Test
        void builds() {
            HookedReader.build();
        }
    }

    /** A test whose call starts the library's scheduler, once per JVM. */
    @DetectThreadLeaks
    static class StartsTheSchedulerTestCase {
        @Test
        void starts() {
            HookedScheduler.start();
        }
    }

    /**
     * ShenYu's trial: a library's scheduler, started once per JVM and stopped only by a shutdown
     * hook, held by no field, failed whichever test first used the library. The hook keeps it for
     * the JVM's life: a warning at the class's end, as what a library's static map keeps.
     */
    @Test
    void aSchedulerOnlyAShutdownHookStopsOnlyWarns() throws Exception {
        try {
            EngineExecutionResults results = run(StartsTheSchedulerTestCase.class);
            assertPassed(results, "starts()");
            assertPassed(results, "SingletonThreadsTest$StartsTheSchedulerTestCase");
            String warning = onlyWarning(results);
            assertTrue(warning.contains("kept by static fields of code outside the tests")
                    && warning.contains("kept by a shutdown hook the code registered (java.lang.ApplicationShutdownHooks.hooks), "
                            + "along HookedScheduler$$Lambda"), // whose hook it is: its Runnable's class
                    warning);
            // the headline says it; the file, which has no headline, says it in a note
            assertFalse(warning.contains(ClassEndVerdicts.WARNED), warning);
            assertTrue(fullReportOf(warning).contains("note: " + ClassEndVerdicts.WARNED), warning);
        } finally {
            HookedScheduler.stop();
        }
    }

    /**
     * Prometheus client_java's trial: four of its five warnings were of a task its exemplar sampler
     * queues to run once, seconds ahead, on the library's scheduler for the JVM: it ends when it
     * runs, and is the library's. One that runs every 30 s, never cancelled, still warns, and so
     * does one due 12 days ahead (cache2k's timers of closed caches).
     */
    @Test
    void aTaskTheLibraryQueuedToRunOnceOnItsOwnSchedulerIsNoWarningOneThatRepeatsIs() {
        try {
            EngineExecutionResults once = run(ArmsTheLibrarysTimerTestCase.class);
            assertPassed(once, "arms()");
            assertPassed(once, "SingletonThreadsTest$ArmsTheLibrarysTimerTestCase");
            assertEquals(List.of(), Fixtures.warnings(once));

            EngineExecutionResults ticks = run(StartsTheLibrarysTickTestCase.class);
            assertPassed(ticks, "SingletonThreadsTest$StartsTheLibrarysTickTestCase");
            String warning = onlyWarning(ticks);
            assertTrue(warning.startsWith("2 leaks from test class"), warning);
            assertTrue(warning.contains("kept by static field dev.threadleak.testsupport.LibraryScheduler.EXECUTOR"),
                    warning);
            assertTrue(warning.contains("(periodic, queued, next run in") && warning.contains("(queued, runs in 11 d 23 h)"),
                    warning);
        } finally {
            LibraryScheduler.clear();
        }
    }

    /**
     * Prometheus client_java's trial: each test built an OpenTelemetry SDK, never closed, whose hook
     * alone keeps its reader: made per call, each is its test's leak, and the class fails; made by
     * one test alone, nothing tells it from a scheduler made once per JVM, and it warns.
     */
    @Test
    void whatAShutdownHookKeepsThatEachTestMadeFailsTheClass() throws Exception {
        try {
            EngineExecutionResults results = run(BuildsAReaderEachTestCase.class);

            assertPassed(results, "builds()");
            assertPassed(results, "buildsAgain()");
            ThreadLeakError error = leakError(results, "SingletonThreadsTest$BuildsAReaderEachTestCase");
            assertEquals(2, error.report().leaks().stream().mapToInt(Leak::count).sum(), error.getMessage());
            lineMatching(error, ".*left by 2 tests between them.*a shutdown hook the code registered kept it when "
                    + "its test ended.*");
            lineMatching(error, "2 leaks from test class .*: its tests left them, .*\\(each was left for then by its "
                    + "test's check, as a shutdown hook the code registered kept it when that test ended\\)");
            lineMatching(error, "note: shutdown hooks the code registered keep some of these, one made by each of "
                    + "several tests: .*");
        } finally {
            HookedReader.stopAll();
        }
        try {
            // a failing test's note says what keeps what it left for the class: a hook, not "static field ...hooks"
            ThreadLeakError error = leakError(run(BuildsAReaderAndLeaksTestCase.class), "buildsAndLeaks()");
            lineMatching(error, "note: also alive, left for the class's end: .*, kept by a shutdown hook the code "
                    + "registered: judged when the class ends");
        } finally {
            HookedReader.stopAll();
        }
        try {
            EngineExecutionResults results = run(BuildsOneReaderTestCase.class);

            assertPassed(results, "SingletonThreadsTest$BuildsOneReaderTestCase");
            assertTrue(onlyWarning(results).contains("a shutdown hook the code registered kept it when that test ended"),
                    onlyWarning(results));
        } finally {
            HookedReader.stopAll();
        }
    }

    /** A thread the test starts itself, in a call of its own: its leak, for 10 s. */
    static void startItsOwn() {
        Thread own = new Thread(() -> {
            try {
                new LinkedBlockingQueue<>().poll(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // ends
            }
        }, "the-tests-own");
        own.setDaemon(true);
        own.start();
    }

    @DetectThreadLeaks(grace = "100ms")
    static class LocksTestCase {
        @Test
        void locks() {
            LazyServices.lockClient().lock();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class LocksThenForgetsTheClientTestCase extends LocksTestCase {
        @AfterAll
        static void closeForgettingItsThreads() {
            LazyServices.forgetLockClient();
        }
    }

    /** As db-scheduler's tests: each instance asks for the suite's database, which the first one starts. */
    @DetectThreadLeaks(grace = "100ms")
    static class UsesTheSuitesDatabaseTestCase {
        final LazyServices.Database db = LazyServices.database();

        @Test
        void queries() {
            assertNotNull(db);
        }

        @Test
        void queriesAgain() {
            assertNotNull(db);
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class ConnectsFromItsOwnThreadAndLeaksTestCase {
        final LazyServices.Database db = LazyServices.database();

        @Test
        void connectsAndLeaks() throws InterruptedException {
            Thread caller = new Thread(db::connect, "the-tests-caller");
            caller.start();
            caller.join();
            startItsOwn();
        }
    }

    @DetectThreadLeaks(grace = "2s")
    static class FillsATricklingPoolAndLeaksTestCase {
        @Test
        void fillsAndLeaks() {
            assertNotNull(LazyServices.tricklingPool());
            startItsOwn();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class SchedulesOnTheSuitesPoolFromItsOwnTestCase {
        final LazyServices.Database db = LazyServices.database();

        @Test
        void schedulesFromItsOwnPool() throws InterruptedException {
            ThreadPoolExecutor own = new ThreadPoolExecutor(0, 1, 1, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
            own.execute(() -> db.housekeeper().scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS));
            own.shutdown();
            assertTrue(own.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class LocksAndLeaksTestCase {
        @Test
        void locksAndLeaks() {
            LazyServices.lockClient().lock();
            startItsOwn();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class StartsAWorkerPerCallTestCase {
        @Test
        void startsAWorkerPerCall() {
            LazyServices.service();
            LazyServices.startAnotherWorker();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class StartsATimerPerCallTestCase {
        @Test
        void startsATimerPerCall() {
            LazyServices.service();
            LazyServices.startAnotherTimer();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class SchedulesATaskPerCallTestCase {
        @Test
        void schedulesATaskPerCall() {
            LazyServices.service().refreshEveryHourForTheCaller();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class SchedulesATaskRunningAsTheTestEndsTestCase {
        @Test
        void schedulesATaskRunningAsItEnds() throws InterruptedException {
            CountDownLatch running = new CountDownLatch(1);
            LazyServices.service().refreshNowAndEveryHourForTheCaller(running);
            running.await();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class HandsARunToAPoolAsTheTestEndsTestCase {
        @Test
        void schedulesATaskHandedToAPoolAsItEnds() throws InterruptedException {
            CountDownLatch running = new CountDownLatch(1);
            LazyServices.service().refreshOnItsPoolNowAndEveryHourForTheCaller(running);
            running.await();
        }
    }

    /** Each test restarts the service: the scheduler the last restart forgot is held by nothing. */
    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class RestartsTheServiceTestCase {
        @Test
        @Order(1)
        void startsIt() throws InterruptedException {
            LazyServices.restart();
        }

        @Test
        @Order(2)
        void restartsIt() throws InterruptedException {
            LazyServices.restart();
        }
    }

    /**
     * A worker of the class's, in its own static field, started by its test and stopped by its
     * @AfterAll; left alone it would end by itself within the grace period, late in it.
     */
    @DetectThreadLeaks(grace = "60s")
    static class StopsItsWorkerAfterAllTestCase {
        static CountDownLatch stop;
        static Thread worker;
        static volatile boolean aliveAtAfterAll;

        @Test
        void startsTheClassesWorker() {
            worker = new Thread(() -> {
                try {
                    stop.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "the-classes-worker");
            worker.start();
        }

        @AfterAll
        static void stopIt() throws InterruptedException {
            aliveAtAfterAll = worker.isAlive();
            stop.countDown();
            worker.join();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class OwnStaticTestCase {
        static Thread kept;

        static void release() throws InterruptedException {
            if (kept != null) {
                kept.interrupt();
                kept.join(TimeUnit.SECONDS.toMillis(5));
                kept = null;
            }
        }

        @Test
        void keepsAThreadInItsOwnStaticField() {
            LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
            kept = new Thread(() -> {
                try {
                    queue.take();
                } catch (InterruptedException e) {
                    // released after the test
                }
            }, "kept-by-the-test");
            kept.setDaemon(true);
            kept.start();
        }
    }

    /**
     * The class's pool, made in the class's field by the test that first needs it and shut down
     * after all, runs a loop that test started on it until then (Commons VFS's FTP suites: the
     * class's server, started from a test, runs its acceptor so on a pool of its own).
     */
    abstract static class RunsALoopOnTheClassPool {
        static ExecutorService pool;

        @Test
        void startsALoop() throws InterruptedException {
            pool = Executors.newSingleThreadExecutor();
            CountDownLatch running = new CountDownLatch(1);
            pool.execute(() -> {
                running.countDown();
                try {
                    new LinkedBlockingQueue<>().take();
                } catch (InterruptedException e) {
                    // the pool is shut down
                }
            });
            running.await();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class ShutsTheClassPoolDownAfterAllTestCase extends RunsALoopOnTheClassPool {
        @AfterAll
        static void shutItDown() throws InterruptedException {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class LetsTheClassPoolRunTestCase extends RunsALoopOnTheClassPool {
        static void release() throws InterruptedException {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Two tests ask for one region, in the order of {@link #first}: whichever asks first starts its worker. */
    abstract static class SharesARegion {
        @Test
        @Order(1)
        void first() {
            LazyServices.service().region("shared");
        }

        @Test
        @Order(2)
        void second() {
            LazyServices.service().region("shared");
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class SharesARegionTestCase extends SharesARegion {
    }

    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class SharesARegionReversedTestCase extends SharesARegion {
        @Override
        @Test
        void first() {
            super.second();
        }

        @Override
        @Test
        void second() {
            super.first();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class SharesARegionEndedAfterAllTestCase extends SharesARegion {
        @AfterAll
        static void endTheService() throws InterruptedException {
            LazyServices.reset();
        }
    }

    /**
     * An event loop of the shape of Netty's: made without a thread, it starts one on its first
     * task and keeps it until it is closed.
     */
    static final class LazyLoop implements AutoCloseable {
        private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        private Thread thread;

        synchronized void execute(Runnable task) {
            tasks.add(task);
            if (thread == null) {
                thread = new Thread(this::loop, "lazy-loop");
                thread.setDaemon(true);
                thread.start();
            }
        }

        private void loop() {
            try {
                while (true) {
                    tasks.take().run();
                }
            } catch (InterruptedException e) {
                // closed
            }
        }

        @Override
        public synchronized void close() throws InterruptedException {
            if (thread != null) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
    }

    /** Two tests that use a loop: whichever comes first starts its thread. */
    interface UsesALoop {
        LazyLoop loop();

        @Test
        @Order(1)
        default void first() throws InterruptedException {
            CountDownLatch ran = new CountDownLatch(1);
            loop().execute(ran::countDown);
            ran.await();
        }

        @Test
        @Order(2)
        default void second() throws InterruptedException {
            first();
        }
    }

    /** The class's loop, made before its tests and closed after them. */
    abstract static class UsesTheClassLoop implements UsesALoop {
        static LazyLoop loop;

        @BeforeAll
        static void makeIt() {
            loop = new LazyLoop();
        }

        @Override
        public LazyLoop loop() {
            return loop;
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ClosesTheClassLoopAfterAllTestCase extends UsesTheClassLoop {
        @AfterAll
        static void closeIt() throws InterruptedException {
            loop.close();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class NeverClosesTheClassLoopTestCase extends UsesTheClassLoop {
        static void release() throws InterruptedException {
            if (loop != null) {
                loop.close();
            }
        }
    }

    /**
     * The same loop in a field of a test instance JUnit makes once for the class, made by whichever
     * test first needs it (Kotlin's {@code by lazy}; Commons VFS's suites make their manager so),
     * the class's {@code @AfterAll} being where it is closed.
     */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class UsesTheInstanceLoop implements UsesALoop {
        LazyLoop loop;

        @Override
        public synchronized LazyLoop loop() {
            if (loop == null) {
                loop = new LazyLoop();
            }
            return loop;
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ClosesTheInstanceLoopAfterAllTestCase extends UsesTheInstanceLoop {
        @AfterAll
        void closeIt() throws InterruptedException {
            loop.close();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class NeverClosesTheInstanceLoopTestCase extends UsesTheInstanceLoop {
        static final List<LazyLoop> LEFT = new CopyOnWriteArrayList<>();

        @AfterAll
        void keepForRelease() { // after the tests' checks: no static field held it then
            LEFT.add(loop);
        }

        static void release() throws InterruptedException {
            for (LazyLoop left : LEFT) {
                left.close();
            }
        }
    }

    /**
     * A delayed task a test leaves on the scheduler of a test instance JUnit makes once for the
     * class, whose {@code @AfterAll} stops it (airlift's {@code TestMoreFutures}: a timeout of 10 s
     * on a future the test never completes, each of 7 tests failed though the class's
     * {@code shutdownNow()} drops it).
     */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class DelaysOnTheInstanceSchedulerTestCase {
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                r -> new Thread(r, "instance-scheduler"));

        @Test
        void leavesATimeout() {
            scheduler.schedule(() -> { }, 30, TimeUnit.SECONDS);
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class StopsTheInstanceSchedulerAfterAllTestCase extends DelaysOnTheInstanceSchedulerTestCase {
        @AfterAll
        void stopIt() {
            scheduler.shutdownNow();
        }
    }

    /** {@code shutdown()}, which runs the delayed tasks it holds when they are due: the timeout is still to come. */
    @DetectThreadLeaks(grace = "100ms")
    static class ShutsTheInstanceSchedulerDownAfterAllTestCase extends DelaysOnTheInstanceSchedulerTestCase {
        static final List<ScheduledExecutorService> LEFT = new CopyOnWriteArrayList<>();

        @AfterAll
        void shutItDown() {
            scheduler.shutdown();
            LEFT.add(scheduler); // after the tests' checks, for release
        }

        static void release() {
            LEFT.forEach(ScheduledExecutorService::shutdownNow);
        }
    }

    /** Each test makes a new loop in the class's field; the class closes the one there after its tests, not the first. */
    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ReplacesTheClassLoopTestCase {
        static LazyLoop loop;
        static LazyLoop replaced;

        @Test
        @Order(1)
        void first() throws InterruptedException {
            startOne();
        }

        @Test
        @Order(2)
        void second() throws InterruptedException {
            replaced = loop;
            startOne();
        }

        private static void startOne() throws InterruptedException {
            loop = new LazyLoop();
            CountDownLatch ran = new CountDownLatch(1);
            loop.execute(ran::countDown);
            ran.await();
        }

        @AfterAll
        static void closeTheLast() throws InterruptedException {
            loop.close();
        }

        static void release() throws InterruptedException {
            if (replaced != null) {
                replaced.close();
                replaced = null;
            }
        }
    }

    /** A thread left waiting on a latch in the class's static field: the field does not keep it, it waits there. */
    @DetectThreadLeaks(grace = "100ms")
    static class WaitsOnTheClassLatchTestCase {
        static CountDownLatch gate;

        @Test
        void leavesAThreadWaitingOnIt() {
            Thread waiter = new Thread(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "waits-on-the-gate");
            waiter.setDaemon(true);
            waiter.start();
        }
    }

    /** Each test adds workers of its own to a library's cache, as RxJava's Schedulers.io() does. */
    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class AddsToALibraryCacheTestCase {
        private static void workers(String test) {
            for (int i = 0; i < 4; i++) {
                LibraryRegistry.worker(test + "-" + i);
            }
        }

        @Test
        @Order(1)
        void first() {
            workers("first");
        }

        @Test
        @Order(2)
        void second() {
            workers("second");
        }

        @Test
        @Order(3)
        void third() {
            workers("third");
        }
    }

    /** Two tests ask a library for one name's worker: whichever asks first starts it, and the library keeps it. */
    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class UsesALibraryRegistryTestCase {
        @Test
        @Order(1)
        void first() {
            LibraryRegistry.worker("shared");
        }

        @Test
        @Order(2)
        void second() {
            LibraryRegistry.worker("shared");
        }
    }

    /** A test makes a pool and hands it to a library's registry, which keeps it (dynamic-tp's AwareManager). */
    @DetectThreadLeaks(grace = "100ms")
    static class HandsItsOwnPoolToALibraryTestCase {
        @Test
        void registersAPoolItMade() throws Exception {
            ExecutorService pool = new LibraryRegistry.CallersPool(); // the library's class, built by the test
            pool.submit(() -> { }).get(); // its worker started, and idles for good
            LibraryRegistry.keep("made-by-a-test", pool);
        }
    }

    /**
     * A test's own single-thread pool, kept by a library until the class's {@code @AfterAll} has
     * the library let go of it, then waits for the collector to reclaim it: its wrapper's
     * finalizer (JDK 17) or cleaner (21+) shuts it down, and its worker ends.
     */
    @DetectThreadLeaks(grace = "100ms")
    static class HandsAPoolToALibraryThatLetsGoTestCase {
        private static final List<Thread> WORKERS = new CopyOnWriteArrayList<>();

        @Test
        void registersAPoolItMade() throws Exception {
            ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
                Thread worker = new Thread(r, "let-go-worker");
                WORKERS.add(worker);
                return worker;
            });
            pool.submit(() -> { }).get(); // its worker started, and idles for good
            LibraryRegistry.keep("let-go", pool);
        }

        @AfterAll
        static void letGoAndAwaitTheCollector() throws InterruptedException {
            LibraryRegistry.forget("let-go");
            // weakly: on JDK 19+ an ended thread still refers to its task, the pool's worker, and so to the pool
            WeakReference<Thread> worker = new WeakReference<>(WORKERS.remove(0));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (Thread t = worker.get(); t != null && t.isAlive() && System.nanoTime() < deadline; t = worker.get()) {
                System.gc(); // finds the wrapper unreachable; its finalizer or cleaner shuts the pool down
                t.join(20);
            }
            System.gc(); // and the pool, unreachable once its worker ended, is collected
        }
    }

    /** A test library's server shared by every class of the JVM, started by whichever class's @BeforeAll comes first. */
    @DetectThreadLeaks(grace = "100ms")
    static class StartsALibrarysSharedWorkerBeforeAllTestCase {
        @BeforeAll
        static void startTheSharedServer() {
            LibraryRegistry.worker("class-shared");
            LazyServices.classWideWorker(); // a singleton: judged by the class's check, for good
            Leftovers.track(new Thread(Leftovers.parkedOnQueue(), "class-own")).start();
        }

        @Test
        void usesIt() {
        }
    }

    /**
     * A server the test never stops, as ZooKeeper's: a thread nothing static reaches, which fails
     * the test, and a worker a library's registry of instances keeps, which waits for the class.
     */
    @DetectThreadLeaks(grace = "100ms")
    static class LeavesAServerPartlyRegisteredTestCase {
        @Test
        void startsAServer() {
            LibraryRegistry.worker("server");
            Leftovers.track(new Thread(Leftovers.parkedOnQueue(), "server-acceptor")).start();
        }
    }

    /**
     * A test has the library's current factory start a worker, which the factory keeps; the next
     * test sets another current factory (Hutool's trial: each test set the logging facade's
     * current factory, and the one that kept Log4j's scheduler was replaced), or none, as
     * {@code clears} says (Seata's client sets its instance field to null).
     */
    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class SetsTheLibrarysCurrentFactoryTestCase {
        static boolean clears;

        @Test
        @Order(1)
        void startsAWorker() {
            LibraryRegistry.currentWorker("log");
        }

        @Test
        @Order(2)
        void setsAnotherFactory() {
            if (clears) {
                LibraryRegistry.clearCurrent();
            } else {
                LibraryRegistry.newCurrent();
            }
        }
    }

    /**
     * servicecomb's trial: a test's server on a library's shared engine, kept in the test class's
     * static field, which its {@code @AfterAll} sets to null; the engine, with both its pools, stays
     * in the library's map.
     */
    @DetectThreadLeaks
    static class KeepsAServerOfALibrarysEngineTestCase {
        static Engines.Server server;

        @AfterAll
        static void dropsTheServer() {
            server = null;
        }

        @Test
        void servesOnTheSharedEngine() {
            server = Engines.shared("transport").createServer();
        }
    }

    /** The same, with the server in a local variable. */
    @DetectThreadLeaks
    static class UsesAServerOfALibrarysEngineTestCase {
        @Test
        void servesOnTheSharedEngine() {
            assertNotNull(Engines.shared("local").createServer());
        }
    }

    /** Two pools of one engine made on two lines are two leaks, each named, not one group of two naming one. */
    @Test
    void twoPoolsALibraryMakesOnTwoLinesAreNotOneGroup() throws InterruptedException {
        try {
            String warning = onlyWarning(run(UsesAServerOfALibrarysEngineTestCase.class));
            assertTrue(warning.contains("\"local-io\"") && warning.contains("\"local-acceptor\""), warning);
            assertFalse(warning.contains(" x2"), warning);
        } finally {
            Engines.endAll();
        }
    }

    /**
     * Both pools of the engine are kept by the library's map as the class ends: one warning each,
     * whatever the test class's field, which let go of the one it kept when the test ended, kept
     * then. The field's pool failed the class.
     */
    @Test
    void whatTheTestClasssFieldLetGoOfIsJudgedByWhatKeepsItAsTheClassEnds() throws InterruptedException {
        try {
            EngineExecutionResults results = run(KeepsAServerOfALibrarysEngineTestCase.class);

            assertPassed(results, "servesOnTheSharedEngine()");
            assertPassed(results, "SingletonThreadsTest$KeepsAServerOfALibrarysEngineTestCase");
            String warning = onlyWarning(results);
            assertTrue(warning.contains("\"transport-io\"") && warning.contains("\"transport-acceptor\""), warning);
            assertTrue(warning.matches("(?s).*the test class's static field .*KeepsAServerOfALibrarysEngineTestCase\\.server "
                    + "kept it when that test ended, .*; that field is null now, and a heap dump as the class ended "
                    + "looked for what keeps it.*kept by static field dev\\.threadleak\\.testsupport\\.Engines\\.ENGINES.*"),
                    warning);
        } finally {
            Engines.endAll();
        }
    }

    /** A test asks a library for a named pool whose run loop never ends: the library keeps both. */
    @DetectThreadLeaks(grace = "100ms")
    static class UsesALibraryPoolTestCase {
        @Test
        void asksForThePool() {
            LibraryRegistry.pool("log");
        }
    }

    /**
     * A test asks a library for a named worker, which another library's cache then meets and keeps
     * too: loaded last, that cache's class comes first in a heap dump's classes (Artemis's trial: a
     * shared Netty group's threads were named as kept by the Netty resolver's cache of executors).
     */
    @DetectThreadLeaks(grace = "100ms")
    static class AsksForAWorkerACacheAlsoKeepsTestCase {
        @Test
        void asksForTheWorker() {
            LibraryRegistry.worker("seen");
            SeenThreads.note("registry-seen");
        }
    }

    /** Two tests load one context, as Spring's test context cache hands it to whichever asks first. */
    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LoadsACachedContextTestCase {
        @Test
        @Order(1)
        void first() {
            DefaultCacheAwareContextLoaderDelegate.loadContext("app");
        }

        @Test
        @Order(2)
        void second() {
            DefaultCacheAwareContextLoaderDelegate.loadContext("app");
        }
    }

    /**
     * A context Spring's test context cache shares among test classes lives as long as the JVM on
     * purpose: its pool fails no test and warns no class. (The stand-in keeps it from the test
     * classes' own class path entry, which for another holder would fail the class.)
     */
    @Test
    void aPoolInAContextSpringsTestContextCacheSharesIsNoTestsLeak() throws InterruptedException {
        try {
            EngineExecutionResults results = run(LoadsACachedContextTestCase.class);

            assertPassed(results, "first()");
            assertPassed(results, "second()");
            assertPassed(results, "SingletonThreadsTest$LoadsACachedContextTestCase");
            assertEquals(List.of(), results.allEvents().reportingEntryPublished().list(), "no warning either");
        } finally {
            DefaultCacheAwareContextLoaderDelegate.closeAll();
        }
    }

    /** A test that loads a cached web context: its server's await thread asleep as the test ends. */
    @DetectThreadLeaks(grace = "100ms")
    static class LoadsACachedWebContextTestCase {
        @Test
        void loads() {
            DefaultCacheAwareContextLoaderDelegate.loadWebContext("web");
        }
    }

    /**
     * Petclinic's trial: Tomcat's await thread, asleep as its test ended, was left for the class's
     * end as a wake, and the class's end warned of it as kept by code outside the tests, naming
     * Spring's cache as its keeper (by where in its sleep the test ended: one run in seven on JDK 17,
     * three in four on 25).
     */
    @Test
    void aSleepingThreadOfACachedContextLeftForTheClasssEndIsNoLeakThereEither() throws InterruptedException {
        assumeTrue(TestMode.agent(), "the heap look finds the cache's static field");
        try {
            EngineExecutionResults results = run(LoadsACachedWebContextTestCase.class);

            assertPassed(results, "loads()");
            assertPassed(results, "SingletonThreadsTest$LoadsACachedWebContextTestCase");
            assertEquals(List.of(), Fixtures.warnings(results));
        } finally {
            DefaultCacheAwareContextLoaderDelegate.closeAll();
        }
    }

    /** A test starts a server and loses it: only Jetty's list of started servers refers to it. */
    @DetectThreadLeaks(grace = "100ms")
    static class LosesAJettyServerTestCase {
        @Test
        void startsAServerAndLosesIt() {
            new ShutdownMonitor.Server("lost-server-acceptor").start();
        }
    }

    /**
     * Jetty lists every started server in a static field until it is stopped: a server only that
     * list keeps is one nobody can stop any more, the test's leak, not a library's service that a
     * class's end warns of (AsyncHttpClient's trial: tests that lost a server each passed).
     */
    @Test
    void aServerOnlyJettysListOfStartedServersKeepsIsTheTestsLeak() throws InterruptedException {
        try {
            EngineExecutionResults results = run(LosesAJettyServerTestCase.class);

            ThreadLeakError error = leakError(results, "startsAServerAndLosesIt()");
            assertTrue(error.getMessage().contains("\"lost-server-acceptor\""), error.getMessage());
            assertFalse(error.getMessage().contains("kept by"), error.getMessage());
            assertPassed(results, "SingletonThreadsTest$LosesAJettyServerTestCase");
        } finally {
            ShutdownMonitor.stopAll();
        }
    }

    /** Two tests ask a library for a pool each; a later test has the library let go of both, running. */
    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class UsesALibraryPoolThatALaterTestForgetsTestCase {
        @Test
        @Order(1)
        void first() {
            LibraryRegistry.pool("forgotten-1");
        }

        @Test
        @Order(2)
        void second() {
            LibraryRegistry.pool("forgotten-2");
        }

        @Test
        @Order(3)
        void third() {
            LibraryRegistry.forget("forgotten-1");
            LibraryRegistry.forget("forgotten-2");
        }
    }

    /** Two tests ask a library for one name's server, whose poller's thread only the JVM refers to. */
    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class UsesALibraryServerTestCase {
        @Test
        @Order(1)
        void first() {
            LibraryRegistry.server("shared");
        }

        @Test
        @Order(2)
        void second() {
            LibraryRegistry.server("shared");
        }
    }

    /**
     * hippo4j's trial: a library's map of connection pools, emptied by a later test's close, which
     * ended none of the event loops the earlier test's pool had started, warned as "kept by" that
     * map: the class's end repeated what the test's check had found. It asks the heap now.
     */
    @Test
    void whatALibrarysMapKeptForTheClassAndLetGoOfFailsTheClass() throws InterruptedException {
        try {
            EngineExecutionResults results = run(UsesALibraryPoolThatALaterTestForgetsTestCase.class);

            assertPassed(results, "first()");
            assertPassed(results, "second()");
            ThreadLeakError error = leakError(results, "SingletonThreadsTest$UsesALibraryPoolThatALaterTestForgetsTestCase");
            // one group of the two tests' pools: its reason, made anew from the group, says it too
            lineMatching(error, "EXECUTOR LEAKED x2, .*");
            lineMatching(error, "  why: left by 2 tests between them .*: a static field kept it when its test ended, .*; "
                    + "as the class ended a heap dump found no static field keeping it: what let go of it \\(a later "
                    + "test, or an @AfterAll\\) did not end it.*");
            assertNoLineMatching(error, ".*kept by static field.*");
        } finally {
            LibraryRegistry.endAll();
        }
    }

    /**
     * A thread no static field refers to, running a Runnable the library's static map keeps (a
     * web server's poller): kept where its task is, so judged as the library's map is, at the
     * class's end, with a warning; not the first test's leak.
     */
    @Test
    void aThreadWhoseRunnableALibraryKeepsIsKeptWithIt() throws InterruptedException {
        try {
            EngineExecutionResults results = run(UsesALibraryServerTestCase.class);

            assertPassed(results, "first()");
            assertPassed(results, "second()");
            assertPassed(results, "SingletonThreadsTest$UsesALibraryServerTestCase");
            String warning = onlyWarning(results);
            assertTrue(warning.contains("THREAD LEAKED: \"shared-Poller\""), warning);
            assertTrue(warning.contains("kept by static field dev.threadleak.testsupport.LibraryRegistry.SERVERS, along "
                    + "LibraryRegistry$Server, by way of a collection, array or map on that path"),
                    "the chain names the server that keeps its poller: " + warning);
        } finally {
            LibraryRegistry.endAll();
        }
    }

    @Test
    void theWorkerTheSchedulerAndTheHousekeepingTaskOfALazilyMadeServiceFailNoTest() {
        assertPassed(run(CallsTheServiceTestCase.class), "callsTheService()");
    }

    /**
     * The class asks a library for its JVM-wide worker before all, keeps a handle on it in a
     * static field of its own, and gives it work, which starts its thread (Commons VFS's
     * {@code PatternFileSelectorTest}: {@code VFS.getManager()}'s manager in {@code VFS.instance},
     * a {@code FileObject} of it in the class's {@code baseFolder}, the cache's thread started by
     * the first file the class resolved).
     */
    @DetectThreadLeaks(grace = "100ms")
    static class KeepsAHandleOnALibraryWorkerTestCase {
        static Handle handle;

        record Handle(OnDemandWorker worker) {
        }

        @BeforeAll
        static void askForTheWorkerAndUseIt() {
            handle = new Handle(LazyServices.onDemandWorker());
            handle.worker().give(() -> { });
        }

        @Test
        void usesTheWorker() {
        }
    }

    /**
     * What a library keeps in its own static field is the library's, for the JVM's life, though
     * the test class keeps a handle on it too and the class's call started its thread: a class
     * a test framework entered holds as a singleton only what no other class holds.
     */
    @Test
    void aWorkerTheLibraryKeepsIsNoClasssLeakThoughTheClassKeepsAHandleOnIt() throws InterruptedException {
        // the library's class loaded before the test class, as Commons VFS's was: a heap dump lists
        // the class loaded last first, so the test class's field would come first in the dump's order
        LazyServices.reset();
        EngineExecutionResults results = run(KeepsAHandleOnALibraryWorkerTestCase.class);

        assertPassed(results, "usesTheWorker()");
        assertPassed(results, "SingletonThreadsTest$KeepsAHandleOnALibraryWorkerTestCase");
    }

    /** Each test remakes a library's JVM-wide pool (Dubbo's {@code ConfigManagerTest}), noting the JVM's proof time first. */
    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class RemakesTheSharedPoolEachTestTestCase {
        static final List<Duration> PROOF_TIME = new CopyOnWriteArrayList<>();

        @BeforeEach
        void remakeThePool() throws InterruptedException {
            PROOF_TIME.add(Threadleak.agent().heapProofTime());
            LazyServices.reset();
            LazyServices.sharedPool();
        }

        @Test
        @Order(1)
        void first() {
        }

        @Test
        @Order(2)
        void second() {
        }

        @Test
        @Order(3)
        void third() {
        }
    }

    /**
     * Dubbo's trial: each of a class's tests remade the library's pool, and each check waited and
     * dumped the heap to leave it out. The field the first proof found is read again by
     * reflection: seen holding the next pool, it is left out without a dump.
     */
    @Test
    void aJvmWidePoolEachTestMakesAnewIsLeftOutWithoutADumpOnceAProofFoundItsField() {
        RemakesTheSharedPoolEachTestTestCase.PROOF_TIME.clear();
        EngineExecutionResults results = run(RemakesTheSharedPoolEachTestTestCase.class);

        for (String test : List.of("first()", "second()", "third()")) {
            assertPassed(results, test);
        }
        List<Duration> proofTime = RemakesTheSharedPoolEachTestTestCase.PROOF_TIME;
        assertTrue(proofTime.get(1).compareTo(proofTime.get(0)) > 0, "the first test's check asked the heap: " + proofTime);
        assertEquals(proofTime.get(1), proofTime.get(2), "the second's did not");
    }

    /**
     * Once the JVM's proofs have taken {@code threadleak.prove.budget}, a check judges without one,
     * and says so: a singleton is then not told from a leak. A budget of 0 is spent from the start.
     */
    @Test
    void aSpentProofBudgetJudgesAsWithoutTheProofAndSaysWhy() throws InterruptedException {
        ThreadLeakError error = leakError(run(CallsTheServiceTestCase.class, Map.of("threadleak.prove.budget", "0")),
                "callsTheService()");

        lineMatching(error, "THREAD LEAKED: \"lazy-service-worker\" #\\d+ .*");
        lineMatching(error, "note: not asked of the heap: this JVM's heap proofs have taken .+, and its "
                + "threadleak\\.prove\\.budget is 0 ms; judged as with threadleak\\.prove=false: a thread or pool a static "
                + "field holds for the JVM's life cannot be told apart from a leak, and no wait is proven blocked forever");
        LazyServices.reset();
        assertPassed(run(CallsTheServiceTestCase.class, Map.of("threadleak.prove.budget", "none")), "callsTheService()");
    }

    /**
     * A server a held client starts in this JVM on its first use, whose threads no field holds
     * (maven-resolver's IPC locks, charged to whichever test locked first): the client's, as the
     * threads it started beside its own and their threads are; a thread the test starts itself in
     * another call is still its leak.
     */
    /**
     * db-scheduler's trial: the suite's database, started by whichever class came first, failed
     * that class for its connection pool's timers, which the pool's worker queued on the pool's
     * own scheduler and the pool's field keeps (through its list: taken for per-call work), and
     * failed its first test, in some runs, for the thread that reads the server's output.
     */
    @Test
    void whatAHeldPoolsWorkersSubmitAndWhatStartedWithItAreItsNotTheTests() throws InterruptedException {
        assumeTrue(TestMode.agent(), "pools and tasks are the agent's");
        try {
            EngineExecutionResults results = run(UsesTheSuitesDatabaseTestCase.class);

            assertPassed(results, "queries()");
            assertPassed(results, "queriesAgain()");
            assertPassed(results, "SingletonThreadsTest$UsesTheSuitesDatabaseTestCase");
        } finally {
            LazyServices.reset();
        }
    }

    /**
     * db-scheduler's tests ask the suite's connection pool for connections from their own
     * schedulers' threads: the pool's adder gets a new worker, started by such a thread, which
     * queues the connection's timer on the pool's scheduler and ends 5 s later. Its timer is the
     * pool's, not the test's; a failing test's report listed such timers as left for the class's end.
     */
    @Test
    void whatAHeldPoolsWorkerSubmitsIsItsThoughATestsThreadStartedThatWorker() throws InterruptedException {
        assertOnlyItsOwnLeakAndNothingLeftForTheClass(ConnectsFromItsOwnThreadAndLeaksTestCase.class,
                "connectsAndLeaks()");
    }

    /**
     * A check that asked the heap early, and again after its grace period about what came since,
     * told the timers a held pool's worker queued meanwhile as no one's: left for the class's end
     * (db-scheduler's trial, a failing test's note, in some runs).
     */
    @Test
    void whatAHeldPoolsWorkerSubmitsWhileTheCheckWaitsIsItsToo() throws InterruptedException {
        assertOnlyItsOwnLeakAndNothingLeftForTheClass(FillsATricklingPoolAndLeaksTestCase.class, "fillsAndLeaks()");
    }

    /** {@code test} of {@code testCase} fails for its own thread alone, and its class passes. */
    private static void assertOnlyItsOwnLeakAndNothingLeftForTheClass(Class<?> testCase, String test)
            throws InterruptedException {
        try {
            EngineExecutionResults results = run(testCase);

            ThreadLeakError error = leakError(results, test);
            assertEquals(1, error.report().leaks().size(), error.getMessage());
            lineMatching(error, "THREAD LEAKED: \"the-tests-own\" #\\d+ .*");
            assertFalse(error.getMessage().contains("left for the class's end"), error.getMessage());
            assertPassed(results, "SingletonThreadsTest$" + testCase.getSimpleName());
        } finally {
            LazyServices.reset();
        }
    }

    /** What the test's own pool's worker queued on the suite's pool, ended or not, is the test's. */
    @Test
    void aTimerATestsOwnPoolQueuedOnTheSuitesPoolIsStillItsLeak() throws InterruptedException {
        try {
            EngineExecutionResults results = run(SchedulesOnTheSuitesPoolFromItsOwnTestCase.class);

            assertPassed(results, "schedulesFromItsOwnPool()");
            ThreadLeakError error = leakError(results, "SingletonThreadsTest$SchedulesOnTheSuitesPoolFromItsOwnTestCase");
            assertEquals(1, error.report().leaks().size(), error.getMessage());
            lineMatching(error, "TASK LEAKED: .*ScheduledFutureTask@\\p{XDigit}+ .*\\(periodic, queued.*");
        } finally {
            LazyServices.reset();
        }
    }

    @Test
    void threadsStartedWithAHeldOneAreItsNotTheTests() throws InterruptedException {
        assertPassed(run(LocksTestCase.class), "locks()");
        LazyServices.reset();

        ThreadLeakError error = leakError(run(LocksAndLeaksTestCase.class), "locksAndLeaks()");
        assertEquals(1, error.report().leaks().size(), error.getMessage());
        lineMatching(error, "THREAD LEAKED: \"the-tests-own\" #\\d+ .*");
        String with = "started with \"lock-client-receiver\" #\\d+, which belongs to what is held by static field "
                + "dev\\.threadleak\\.junit\\.LazyServices\\.lockClient, one for the whole JVM while that field "
                + "holds it: not a test's leak";
        // one reason, said once for both
        lineMatching(error, "note: also alive but ignored: .*\"lock-server-(accept|handler)\" #\\d+ and "
                + "\"lock-server-(accept|handler)\" #\\d+, " + with + ".*");
    }

    /** Left out with a held thread, a thread is judged with it at the class's end, and its reason says so. */
    @Test
    void threadsStartedWithAHeldOneThatOutliveItsFieldFailTheClass() {
        EngineExecutionResults results = run(LocksThenForgetsTheClientTestCase.class);

        assertPassed(results, "locks()");
        ThreadLeakError error = leakError(results, "SingletonThreadsTest$LocksThenForgetsTheClientTestCase");
        // the client's thread and the server's accept thread, made at one line, are one group, told as either
        assertEquals(3, error.report().leaks().stream().mapToInt(Leak::count).sum(), error.getMessage());
        lineMatching(error, "  why: left by test `.*locks\\(\\)`: static field dev\\.threadleak\\.junit\\.LazyServices\\.lockClient "
                + "held \"lock-client-receiver\" #\\d+, which it was started with, when that test ended, so its check "
                + "left it out as a singleton; when the class ended no static field did, and it was still alive: what "
                + "emptied that field later \\(a test after that test, or an @AfterAll\\) did not end it");
    }

    @Test
    void aTestThatLeaksItsOwnThreadSaysWhichSingletonsItLeftOut() {
        ThreadLeakError error = leakError(run(CallsTheServiceAndLeaksTestCase.class), "callsTheServiceAndLeaks()");

        assertEquals(1, error.report().leaks().size(), error.getMessage());
        lineMatching(error, "THREAD LEAKED: \"the-tests-own\" #\\d+ .*");
        lineMatching(error, SINGLETON_NOTE);
    }

    @Test
    void aWorkerStartedPerCallIntoAStaticQueueIsStillALeakOfTheClassNamingTheTestThatMadeIt() {
        EngineExecutionResults results = run(StartsAWorkerPerCallTestCase.class);

        assertPassed(results, "startsAWorkerPerCall()");
        ThreadLeakError error = leakError(results, "SingletonThreadsTest$StartsAWorkerPerCallTestCase");
        assertEquals(1, error.report().leaks().size(), "the service's worker and scheduler are not leaks");
        lineMatching(error, String.format(LEFTOVERS, "StartsAWorkerPerCallTestCase"));
        lineMatching(error, "THREAD LEAKED: \"per-call-worker-0\" #\\d+ .*");
        lineMatching(error, "  why: left by test `.*startsAWorkerPerCall\\(\\)`: a static field kept it when that test "
                + "ended, so its verdict waited for the class's end, and it was still alive then");
        lineMatching(error, "  kept by static field dev\\.threadleak\\.junit\\.LazyServices\\.PER_CALL, by way of a "
                + "collection, array or map reached from it");
    }

    /** A {@code Timer} has no {@code shutdown()} to look for: the class-end verdict says it was not cancelled. */
    @Test
    void aTimerStartedPerCallIntoAStaticQueueIsNotCancelledAtTheClassEnd() {
        EngineExecutionResults results = run(StartsATimerPerCallTestCase.class);

        assertPassed(results, "startsATimerPerCall()");
        ThreadLeakError error = leakError(results, "SingletonThreadsTest$StartsATimerPerCallTestCase");
        assertEquals(1, error.report().leaks().size(), error.getMessage());
        lineMatching(error, "EXECUTOR LEAKED: java\\.util\\.Timer@\\p{XDigit}+ .*");
        lineMatching(error, "  why: left by test `.*startsATimerPerCall\\(\\)`: a static field kept it when that test "
                + "ended, so its verdict waited for the class's end, and it was still not cancelled then");
    }

    @Test
    void aPeriodicTaskScheduledPerCallOnTheServicesSchedulerIsALeakItsHousekeepingTaskIsNot() {
        EngineExecutionResults results = run(SchedulesATaskPerCallTestCase.class);

        assertPassed(results, "schedulesATaskPerCall()");
        ThreadLeakError error = leakError(results, "SingletonThreadsTest$SchedulesATaskPerCallTestCase");
        assertEquals(1, error.report().leaks().size(), error.getMessage());
        lineMatching(error, "TASK LEAKED: java\\.util\\.concurrent\\.ScheduledThreadPoolExecutor\\$ScheduledFutureTask@"
                + "\\p{XDigit}+ wrapping a lambda of dev\\.threadleak\\.junit\\.LazyServices\\$Service \\(periodic, queued, "
                + "next run in [^)]+\\).*");
        lineMatching(error, "  why: left by test `.*schedulesATaskPerCall\\(\\)`: a static field kept it when that test "
                + "ended, so its verdict waited for the class's end, and it was still not cancelled then");
        // the proof's note is of what that test left, and says so (Commons Pool's trial read it as the class's)
        lineMatching(error, "note: of what `.*schedulesATaskPerCall\\(\\)` left: static field "
                + "dev\\.threadleak\\.junit\\.LazyServices\\.instance holds some of what is left, not through a "
                + "collection.*");
        // and what that 1 is, which the class's look left out (Commons JCS's trial found it nowhere)
        lineMatching(error, "note: of what `.*schedulesATaskPerCall\\(\\)` left: also alive but ignored: .*held by "
                + "static field dev\\.threadleak\\.junit\\.LazyServices\\.instance, one for the whole JVM while that "
                + "field holds it: not a test's leak");
    }

    /**
     * The same task, caught in its first run: out of the scheduler's queue, only its worker's stack
     * holds it then. Where a dump finds it must not decide its verdict, so it is the same.
     */
    @Test
    void aPeriodicTaskCaughtInARunIsJudgedAsBetweenItsRuns() {
        EngineExecutionResults results = run(SchedulesATaskRunningAsTheTestEndsTestCase.class);

        assertPassed(results, "schedulesATaskRunningAsItEnds()");
        ThreadLeakError error = leakError(results, "SingletonThreadsTest$SchedulesATaskRunningAsTheTestEndsTestCase");
        assertEquals(1, error.report().leaks().size(), error.getMessage());
        lineMatching(error, "TASK LEAKED: .*ScheduledThreadPoolExecutor\\$ScheduledFutureTask@\\p{XDigit}+ wrapping a lambda "
                + "of dev\\.threadleak\\.junit\\.LazyServices\\$Service \\(periodic, running[,)].*");
        lineMatching(error, "  why: left by test `.*schedulesATaskRunningAsItEnds\\(\\)`: a static field kept it when "
                + "that test ended, so its verdict waited for the class's end, and it was still not cancelled then");
    }

    /**
     * The same task on a scheduler that hands each run to a pool (Mutiny's): caught in a run, only
     * that pool's worker holds it, and the run itself is a periodic task of that pool's. It is
     * judged as between its runs, told once, on its scheduler (it failed its test once in five
     * runs of Mutiny's suite, with a 2 ms period).
     */
    @Test
    void aPeriodicTaskCaughtInARunHandedToAnotherPoolIsJudgedAsBetweenItsRunsAndToldOnce() {
        EngineExecutionResults results = run(HandsARunToAPoolAsTheTestEndsTestCase.class);

        assertPassed(results, "schedulesATaskHandedToAPoolAsItEnds()");
        ThreadLeakError error = leakError(results, "SingletonThreadsTest$HandsARunToAPoolAsTheTestEndsTestCase");
        assertEquals(1, error.report().leaks().size(), error.getMessage());
        lineMatching(error, "TASK LEAKED: dev\\.threadleak\\.junit\\.HandingScheduler\\$Handed@\\p{XDigit}+ \\(periodic, "
                + ".*\\) on dev\\.threadleak\\.junit\\.HandingScheduler@.*");
        lineMatching(error, "  why: left by test `.*schedulesATaskHandedToAPoolAsItEnds\\(\\)`: a static field kept it "
                + "when that test ended, so its verdict waited for the class's end, and it was still not cancelled then");
    }

    @Test
    void aRegionsWorkerMadeByWhicheverTestAsksFirstFailsTheClassInEitherOrder() {
        for (Class<?> fixture : List.of(SharesARegionTestCase.class, SharesARegionReversedTestCase.class)) {
            EngineExecutionResults results = run(fixture);

            assertPassed(results, "first()");
            assertPassed(results, "second()");
            ThreadLeakError error = leakError(results, "SingletonThreadsTest$" + fixture.getSimpleName());
            assertEquals(1, error.report().leaks().size(), error.getMessage());
            lineMatching(error, String.format(LEFTOVERS, fixture.getSimpleName()));
            lineMatching(error, "THREAD LEAKED: \"region-shared-worker\" #\\d+ .*");
            lineMatching(error, "  kept by static field dev\\.threadleak\\.junit\\.LazyServices\\.instance, along "
                    + "LazyServices\\$Service, by way of a collection, array or map on that path");
            endTheServicesQuietly();
        }
    }

    /**
     * What the tests' own code made is theirs to end, though a library's field keeps it: the class
     * fails, naming the test, where what the library made for it only warns.
     */
    @Test
    void aPoolATestMadeAndHandedToALibrarysRegistryFailsTheClass() throws Exception {
        try {
            EngineExecutionResults results = run(HandsItsOwnPoolToALibraryTestCase.class);

            assertPassed(results, "registersAPoolItMade()");
            ThreadLeakError error = leakError(results, "SingletonThreadsTest$HandsItsOwnPoolToALibraryTestCase");
            lineMatching(error, String.format(LEFTOVERS, "HandsItsOwnPoolToALibraryTestCase"));
            lineMatching(error, "  why: left by test `.*registersAPoolItMade\\(\\)`: a static field kept it when that test "
                    + "ended, so its verdict waited for the class's end, and it was still not shut down then: the tests' "
                    + "own code made it, so it is theirs to end, whoever keeps it");
            lineMatching(error, "  kept by static field dev\\.threadleak\\.testsupport\\.LibraryRegistry\\.POOLS.*");
        } finally {
            LibraryRegistry.endAll();
        }
    }

    /**
     * The same pool, let go of by the library after its test and collected before the class ends
     * (the finalizer, or on JDK 21+ the JDK's cleaner, shut it down): still the test's leak, as it
     * would have been found collected at its own check, and the class's report says how it went,
     * with no "kept by" of what keeps it no more (Camel's trial: "still not shut down then" beside
     * "(collected, 0 workers)" and a library's field read as a false alarm).
     */
    @Test
    void aPoolATestMadeThatALibraryKeptAndTheCollectorTookBeforeTheClassEndedFailsTheClassSayingHow() throws Exception {
        try {
            EngineExecutionResults results = run(HandsAPoolToALibraryThatLetsGoTestCase.class);

            assertPassed(results, "registersAPoolItMade()");
            ThreadLeakError error = leakError(results, "SingletonThreadsTest$HandsAPoolToALibraryThatLetsGoTestCase");
            lineMatching(error, "EXECUTOR LEAKED: java\\.util\\.concurrent\\.ThreadPoolExecutor@\\p{XDigit}+ \\(collected, 0 "
                    + "workers\\).*");
            lineMatching(error, "  why: left by test `.*registersAPoolItMade\\(\\)`: a static field kept it when that test "
                    + "ended, so its verdict waited for the class's end, and it was still not shut down by the code then: "
                    + "the tests' own code made it, so it is theirs to end, whoever keeps it; it is gone now: only (a finalizer|"
                    + "the JDK's cleaner) stopped it, .* ago, once the collector found it unreachable; the code never did");
            assertNoLineMatching(error, "  kept by .*");
        } finally {
            LibraryRegistry.endAll();
        }
    }

    @Test
    void aWorkerALibraryKeepsInAStaticMapOnlyWarnsTheClassForItMayBeMeantToLiveForTheJvm() throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        try {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            EngineExecutionResults results;
            try {
                results = run(UsesALibraryRegistryTestCase.class);
            } finally {
                System.setErr(original);
            }

            assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("threadleak: warning: 1 leak from test class"),
                    "the build log's line says 'not failing' once, in the message: " + stderr);
            assertPassed(results, "first()");
            assertPassed(results, "second()");
            assertPassed(results, "SingletonThreadsTest$UsesALibraryRegistryTestCase");
            String warning = onlyWarning(results);
            assertTrue(warning.startsWith("1 leak from test class `SingletonThreadsTest.UsesALibraryRegistryTestCase` "
                    + "kept by static fields of code outside the tests when the class ended (not failing"), warning);
            assertTrue(warning.contains("if not, end them where their tests end (an @AfterEach) or in @AfterAll, or "
                    + "set threadleak.kept.outside=fail)"), warning);
            assertTrue(warning.contains("THREAD LEAKED: \"registry-shared\""), warning);
            assertTrue(warning.contains("kept by static field dev.threadleak.testsupport.LibraryRegistry.WORKERS"), warning);
            String file = fullReportOf(warning);
            assertTrue(file.contains("note: " + ClassEndVerdicts.WARNED), "the file says it warned");
            // whether the field still keeps it is asked of the heap once, as the class ends
            assertEquals(1, file.split("heap proof took", -1).length - 1, file);
        } finally {
            LibraryRegistry.endAll();
        }
    }

    /**
     * The trial on ElasticJob: the embedded ZooKeeper server a test library keeps in a static
     * field for every class of the JVM, started by the first class's @BeforeAll, failed that class
     * (its selector thread, kept through a set) and no other. What a class's own work leaves to
     * code outside the tests warns, as what its tests leave does; what nothing keeps still fails it.
     */
    @Test
    void aWorkerALibraryKeepsThatTheClasssBeforeAllStartedOnlyWarnsTheClass() throws Exception {
        try {
            EngineExecutionResults results = run(StartsALibrarysSharedWorkerBeforeAllTestCase.class);

            assertPassed(results, "usesIt()");
            ThreadLeakError error = leakError(results, "SingletonThreadsTest$StartsALibrarysSharedWorkerBeforeAllTestCase");
            assertEquals(1, error.report().leaks().size(), error.getMessage());
            lineMatching(error, "THREAD LEAKED: \"class-own\" #\\d+ .*");
            String warning = onlyWarning(results);
            assertTrue(warning.startsWith("1 leak from test class `SingletonThreadsTest.StartsALibrarysSharedWorkerBeforeAllTestCase` "
                    + "kept by static fields of code outside the tests when the class ended (not failing"), warning);
            assertTrue(warning.contains("THREAD LEAKED: \"registry-class-shared\""), warning);
            assertTrue(warning.contains("why: left by the class's @BeforeAll or @AfterAll (or a thread started there): "
                    + "still alive after the grace period that followed them"), warning);
            assertTrue(warning.contains("kept by static field dev.threadleak.testsupport.LibraryRegistry.WORKERS"), warning);
            assertFalse(warning.contains("also left leaks"), "the class's own failure is no test's to stop: " + warning);
            assertFalse(fullReportOf(warning).contains("heap proof took"),
                    "the singleton was judged by the class's check: no second dump");
        } finally {
            LibraryRegistry.endAll();
            Leftovers.releaseAll();
            LazyServices.reset();
        }
    }

    /**
     * The trial on ZooKeeper: one server nobody stopped was a test's failure and a class's warning
     * that said only that a library may mean its threads for the JVM. The warning says the test
     * that left them also left leaks of its own, which may be the same thing.
     */
    @Test
    void aWarningOfWhatATestThatLeakedAlsoLeftSaysTheyMayBeOneThing() throws InterruptedException {
        try {
            EngineExecutionResults results = run(LeavesAServerPartlyRegisteredTestCase.class);

            ThreadLeakError error = leakError(results, "startsAServer()");
            lineMatching(error, "THREAD LEAKED: \"server-acceptor\" #\\d+ .*");
            String warning = onlyWarning(results);
            assertTrue(warning.startsWith("1 leak from test class `SingletonThreadsTest.LeavesAServerPartlyRegisteredTestCase` "
                    + "kept by static fields of code outside the tests when the class ended (not failing: the tests that "
                    + "left them also left leaks of their own, reported with each test, and stopping those "
                    + "may end these too;"), warning);
            assertTrue(warning.contains("THREAD LEAKED: \"registry-server\""), warning);
            assertTrue(warning.contains("and it was still alive then; that test also left leaks of its own, "
                    + "reported with it, and this may be part of what it left running"), warning);
        } finally {
            LibraryRegistry.endAll();
            Leftovers.releaseAll();
        }
    }

    /**
     * The trial on Ratis: a cluster the tests share, kept by a static field, had its pools left for
     * the class's end and the run loops in them failing the first test. A task running in a pool
     * of the same check's leaks is judged with its pool.
     */
    @Test
    void aRunLoopInAPoolALibraryKeepsIsJudgedWithItsPool() throws InterruptedException {
        try {
            EngineExecutionResults results = run(UsesALibraryPoolTestCase.class);

            assertPassed(results, "asksForThePool()");
            String warning = onlyWarning(results);
            assertTrue(warning.contains("EXECUTOR LEAKED: java.util.concurrent.ThreadPoolExecutor@"), warning);
            assertTrue(warning.contains("kept by static field dev.threadleak.testsupport.LibraryRegistry.POOLS"), warning);
        } finally {
            LibraryRegistry.endAll();
        }
    }

    /**
     * Of two static fields that keep a thread, the report names the one of the code that made it
     * (its class or package is in the thread's creation stack), not one that met it later: that
     * field is the one a reader can end it through, and whether it is the test class's own decides
     * the verdict.
     */
    @Test
    void theFieldNamedAsKeeperIsTheOneOfTheCodeThatMadeIt() throws InterruptedException {
        try {
            EngineExecutionResults results = run(AsksForAWorkerACacheAlsoKeepsTestCase.class);

            assertPassed(results, "asksForTheWorker()");
            String warning = onlyWarning(results);
            assertTrue(warning.contains("THREAD LEAKED: \"registry-seen\""), warning);
            assertTrue(warning.contains("kept by static field dev.threadleak.testsupport.LibraryRegistry.WORKERS"), warning);
        } finally {
            SeenThreads.forgetAll();
            LibraryRegistry.endAll();
        }
    }

    /** The trial on HttpClient 5: RxJava's cached pool, added to by many tests, warned in a block per test. */
    @Test
    void workersThatSeveralTestsAddToOneLibraryFieldAreOneBlockNamingTheTests() throws InterruptedException {
        try {
            EngineExecutionResults results = run(AddsToALibraryCacheTestCase.class);

            String warning = onlyWarning(results);
            assertEquals(1, warning.split("THREAD LEAKED", -1).length - 1, "one block for the field: " + warning);
            assertTrue(warning.contains("THREAD LEAKED x12: \"registry-"), warning); // led by its oldest with a stack
            assertTrue(warning.contains("why: left by 3 tests between them (`SingletonThreadsTest.AddsToALibraryCacheTestCase.first()`, "
                    + "`SingletonThreadsTest.AddsToALibraryCacheTestCase.second()` and "
                    + "`SingletonThreadsTest.AddsToALibraryCacheTestCase.third()`): a static field "
                    + "kept it when its test ended"), warning);
            assertTrue(warning.contains("kept by static field dev.threadleak.testsupport.LibraryRegistry.WORKERS"), warning);
        } finally {
            LibraryRegistry.endAll();
        }
    }

    /**
     * The field that kept a worker when its test ended refers to another object when the class
     * ends: the class's warning names the field as it was then, and says nothing of what keeps
     * the worker now, which it did not look for, rather than that the field keeps it.
     */
    @Test
    void aWorkerKeptByAFieldSetToAnotherObjectSinceIsNotSaidToBeKeptByIt() throws InterruptedException {
        try {
            EngineExecutionResults results = run(SetsTheLibrarysCurrentFactoryTestCase.class);

            assertPassed(results, "SingletonThreadsTest$SetsTheLibrarysCurrentFactoryTestCase");
            String warning = onlyWarning(results);
            assertTrue(warning.contains("THREAD LEAKED: \"factory-log\""), warning);
            assertTrue(warning.matches("(?s).*why: left by test `.*startsAWorker\\(\\)`: a static field kept it when that "
                    + "test ended, .*; the field was dev\\.threadleak\\.testsupport\\.LibraryRegistry\\.current.*, and it "
                    + "refers to another object now: what keeps this now was not looked for.*"), warning);
            assertFalse(warning.contains("kept by static field dev.threadleak.testsupport.LibraryRegistry.current"), warning);
        } finally {
            LibraryRegistry.endAll();
        }
    }

    /** Seata's trial: a field set to null since reads so, not as "another object". */
    @Test
    void aWorkerKeptByAFieldSetToNullSinceSaysTheFieldIsNull() throws InterruptedException {
        try {
            SetsTheLibrarysCurrentFactoryTestCase.clears = true;
            String warning = onlyWarning(run(SetsTheLibrarysCurrentFactoryTestCase.class));
            assertTrue(warning.matches("(?s).*; the field was dev\\.threadleak\\.testsupport\\.LibraryRegistry\\.current.*, and it "
                    + "is null now: what keeps this now was not looked for.*"), warning);
        } finally {
            SetsTheLibrarysCurrentFactoryTestCase.clears = false;
            LibraryRegistry.endAll();
        }
    }

    /** For a team that ends every thread in {@code @AfterAll}, a library's kept worker fails the class instead. */
    @Test
    void aWorkerALibraryKeepsFailsTheClassWhenTheRunSaysSo() throws InterruptedException {
        try {
            EngineExecutionResults results = run(UsesALibraryRegistryTestCase.class,
                    Map.of(Configuration.KEPT_OUTSIDE, "fail"));

            assertPassed(results, "first()");
            assertPassed(results, "second()");
            ThreadLeakError error = leakError(results, "SingletonThreadsTest$UsesALibraryRegistryTestCase");
            lineMatching(error, String.format(LEFTOVERS, "UsesALibraryRegistryTestCase"));
            lineMatching(error, "THREAD LEAKED: \"registry-shared\" #\\d+ .*");
            lineMatching(error, "note: " + Pattern.quote(ClassEndVerdicts.OUTSIDE_FAILS));
            assertEquals(List.of(), results.allEvents().reportingEntryPublished().list(), "no warning besides");
        } finally {
            LibraryRegistry.endAll();
        }
    }

    /** The trial on Netty: a class's event-loop group failed whichever test used it first, and passed the rest. */
    @Test
    void theThreadAClassFixtureStartsOnATestsFirstUseIsNoTestsAndItsAfterAllEndsIt() {
        EngineExecutionResults results = run(ClosesTheClassLoopAfterAllTestCase.class);

        assertPassed(results, "first()");
        assertPassed(results, "second()");
        assertPassed(results, "SingletonThreadsTest$ClosesTheClassLoopAfterAllTestCase");
    }

    /** Commons VFS's trial: a per-class test instance's manager, made in a test and closed after all, failed the test. */
    @Test
    void theThreadATestStartsInAPerClassInstancesFieldIsTheClassesAndItsAfterAllEndsIt() {
        assumeTrue(TestMode.agent(), "the heap proof needs the agent");
        EngineExecutionResults results = run(ClosesTheInstanceLoopAfterAllTestCase.class);

        assertPassed(results, "first()");
        assertPassed(results, "second()");
        assertPassed(results, "SingletonThreadsTest$ClosesTheInstanceLoopAfterAllTestCase");
    }

    @Test
    void aDelayedTaskATestLeavesOnAPerClassInstancesSchedulerIsTheClassesAndItsAfterAllDropsIt() {
        assumeTrue(TestMode.agent(), "the heap proof needs the agent");
        EngineExecutionResults results = run(StopsTheInstanceSchedulerAfterAllTestCase.class);

        assertPassed(results, "leavesATimeout()");
        assertPassed(results, "SingletonThreadsTest$StopsTheInstanceSchedulerAfterAllTestCase");
    }

    @Test
    void aDelayedTaskThePerClassInstancesSchedulerStillHoldsAtTheClassEndFailsTheClassNamingTheTest() {
        assumeTrue(TestMode.agent(), "the heap proof needs the agent");
        PrintStream original = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            EngineExecutionResults results;
            try {
                results = run(ShutsTheInstanceSchedulerDownAfterAllTestCase.class);
            } finally {
                System.setErr(original);
            }

            assertPassed(results, "leavesATimeout()");
            // said where a runner that drops @AfterAll's failures (Surefire before 3.0.0-M5) cannot lose it
            assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("threadleak: failing 1 leak from test class "
                    + "`SingletonThreadsTest.ShutsTheInstanceSchedulerDownAfterAllTestCase`: a test left it"),
                    stderr.toString(StandardCharsets.UTF_8));
            ThreadLeakError error = leakError(results, "SingletonThreadsTest$ShutsTheInstanceSchedulerDownAfterAllTestCase");
            lineMatching(error, "TASK LEAKED: java\\.util\\.concurrent\\.ScheduledThreadPoolExecutor\\$ScheduledFutureTask@"
                    + "\\p{XDigit}+ .*\\(queued, runs in .*");
            lineMatching(error, "  why: left by test `.*leavesATimeout\\(\\)`: the per-class test instance .* kept it .*");
            lineMatching(error, ".*left for then by its test's check, as a static field of the test class, or its "
                    + "per-class test instance, kept it when that test ended.*");
        } finally {
            ShutsTheInstanceSchedulerDownAfterAllTestCase.release();
        }
    }

    @Test
    void aPerClassInstancesThreadNothingEndsFailsTheClassNamingTheTestThatStartedIt() throws InterruptedException {
        assumeTrue(TestMode.agent(), "the heap proof needs the agent");
        try {
            EngineExecutionResults results = run(NeverClosesTheInstanceLoopTestCase.class);

            assertPassed(results, "first()");
            assertPassed(results, "second()");
            ThreadLeakError error = leakError(results, "SingletonThreadsTest$NeverClosesTheInstanceLoopTestCase");
            lineMatching(error, "THREAD LEAKED: \"lazy-loop\" #\\d+ .*");
            lineMatching(error, "  why: left by test `.*NeverClosesTheInstanceLoopTestCase\\.first\\(\\)`: the per-class "
                    + "test instance dev\\.threadleak\\.junit\\.SingletonThreadsTest\\$NeverClosesTheInstanceLoopTestCase"
                    + "\\.this kept it .*");
            // the field of ours that holds the instance for the dump is no singleton's (Commons VFS's re-run)
            assertNoLineMatching(error, ".*PerClassInstance.*");
        } finally {
            NeverClosesTheInstanceLoopTestCase.release();
        }
    }

    @Test
    void aClassFixturesThreadNothingEndsFailsTheClassNamingTheTestThatStartedIt() throws InterruptedException {
        try {
            EngineExecutionResults results = run(NeverClosesTheClassLoopTestCase.class);

            assertPassed(results, "first()");
            assertPassed(results, "second()");
            ThreadLeakError error = leakError(results, "SingletonThreadsTest$NeverClosesTheClassLoopTestCase");
            lineMatching(error, "THREAD LEAKED: \"lazy-loop\" #\\d+ .*");
            lineMatching(error, "  why: left by test `.*NeverClosesTheClassLoopTestCase\\.first\\(\\)`: the test "
                    + "class's static field dev\\.threadleak\\.junit\\.SingletonThreadsTest\\$UsesTheClassLoop\\.loop "
                    + "kept it .*");
        } finally {
            NeverClosesTheClassLoopTestCase.release();
        }
    }

    /** Each test puts a new server in the class's field, and the class stops the one there after them (Jetty's tests). */
    @Test
    void whatEachTestPutsInTheClassesFieldIsJudgedAfterTheClassStopsTheLast() throws InterruptedException {
        try {
            EngineExecutionResults results = run(ReplacesTheClassLoopTestCase.class);

            assertPassed(results, "first()");
            assertPassed(results, "second()");
            ThreadLeakError error = leakError(results, "SingletonThreadsTest$ReplacesTheClassLoopTestCase");
            assertEquals(1, error.report().leaks().size(), error.getMessage());
            lineMatching(error, "  why: left by test `.*ReplacesTheClassLoopTestCase\\.first\\(\\)`: .*");
        } finally {
            ReplacesTheClassLoopTestCase.release();
        }
    }

    /** The Jetty trial: a waiter is reachable from the latch it waits on, through the latch's queue of waiters. */
    @Test
    void aThreadWaitingOnALatchInTheClassesFieldIsTheTestsLeak() {
        WaitsOnTheClassLatchTestCase.gate = new CountDownLatch(1);
        try {
            ThreadLeakError error = leakError(run(WaitsOnTheClassLatchTestCase.class), "leavesAThreadWaitingOnIt()");

            lineMatching(error, "THREAD LEAKED: \"waits-on-the-gate\" #\\d+ .*");
        } finally {
            WaitsOnTheClassLatchTestCase.gate.countDown();
        }
    }

    @Test
    void aRegionsWorkerTheClassEndsAfterAllFailsNothing() {
        EngineExecutionResults results = run(SharesARegionEndedAfterAllTestCase.class);

        assertPassed(results, "first()");
        assertPassed(results, "second()");
        assertPassed(results, "SingletonThreadsTest$SharesARegionEndedAfterAllTestCase");
    }

    @Test
    void aSingletonOrphanedByALaterTestFailsTheClassNamingTheTestThatMadeIt() {
        EngineExecutionResults results = run(RestartsTheServiceTestCase.class);

        assertPassed(results, "startsIt()");
        assertPassed(results, "restartsIt()");
        ThreadLeakError error = leakError(results, "SingletonThreadsTest$RestartsTheServiceTestCase");
        assertEquals(1, error.report().leaks().size(), error.getMessage());
        lineMatching(error, String.format(LEFTOVERS, "RestartsTheServiceTestCase"));
        lineMatching(error, "EXECUTOR LEAKED: java\\.util\\.concurrent\\.ScheduledThreadPoolExecutor@\\p{XDigit}+ .*");
        lineMatching(error, "  why: left by test `.*startsIt\\(\\)`: static field dev\\.threadleak\\.junit\\.LazyServices\\.instance "
                + "held it when that test ended, so its check left it out as a singleton; when the class ended no static "
                + "field did, and it was still not shut down: what emptied that field later \\(a test after that test, "
                + "or an @AfterAll\\) did not end it");
    }

    /**
     * The Netty trial: the first test to use a pool of its class's waited out the grace period
     * before the heap showed the class's field keeps it. Its check asks soon, and leaves it to the
     * class's end at once.
     */
    @Test
    void aWorkerInTheClassesOwnFieldIsLeftToTheClassWithoutWaitingOutTheGracePeriod() {
        StopsItsWorkerAfterAllTestCase.stop = new CountDownLatch(1);
        EngineExecutionResults results = run(StopsItsWorkerAfterAllTestCase.class);

        assertPassed(results, "startsTheClassesWorker()");
        assertPassed(results, "SingletonThreadsTest$StopsItsWorkerAfterAllTestCase");
        assertTrue(StopsItsWorkerAfterAllTestCase.aliveAtAfterAll, "the test's check left the worker to its class "
                + "without waiting for it to end by itself, 20 s on");
    }

    /** Commons VFS's FTP suites: the acceptor the class's server ran as a task on its pool failed the test that started it. */
    @Test
    void aTaskRunningOnAPoolTheTestClassHoldsIsTheClassesAndItsAfterAllEndsIt() {
        assumeTrue(TestMode.agent(), "the heap dump that finds static holders needs the agent");
        EngineExecutionResults results = run(ShutsTheClassPoolDownAfterAllTestCase.class);

        assertPassed(results, "startsALoop()");
        assertPassed(results, "SingletonThreadsTest$ShutsTheClassPoolDownAfterAllTestCase");
    }

    @Test
    void aTaskStillRunningOnTheClassPoolWhenTheClassEndsFailsTheClassNamingTheTest() throws InterruptedException {
        assumeTrue(TestMode.agent(), "the heap dump that finds static holders needs the agent");
        try {
            EngineExecutionResults results = run(LetsTheClassPoolRunTestCase.class);

            assertPassed(results, "startsALoop()");
            ThreadLeakError error = leakError(results, "SingletonThreadsTest$LetsTheClassPoolRunTestCase");
            lineMatching(error, "EXECUTOR LEAKED: java\\.util\\.concurrent\\.ThreadPoolExecutor@\\p{XDigit}+ \\(running, .*");
            lineMatching(error, "  why: left by test `.*LetsTheClassPoolRunTestCase\\.startsALoop\\(\\)`: the test class's "
                    + "static field dev\\.threadleak\\.junit\\.SingletonThreadsTest\\$RunsALoopOnTheClassPool\\.pool kept it .*");
            lineMatching(error, "  tasks left in it: 1 running: .*RunsALoopOnTheClassPool.* submitted at .*startsALoop.*");
        } finally {
            LetsTheClassPoolRunTestCase.release();
        }
    }

    /** Nothing ends the thread the test put in its class's field: the class fails as it ends, naming the test. */
    @Test
    void aThreadTheTestClassKeepsInItsOwnStaticFieldFailsTheClassNamingTheTest() {
        EngineExecutionResults results = run(OwnStaticTestCase.class);

        assertPassed(results, "keepsAThreadInItsOwnStaticField()");
        ThreadLeakError error = leakError(results, "SingletonThreadsTest$OwnStaticTestCase");
        lineMatching(error, "THREAD LEAKED: \"kept-by-the-test\" #\\d+ .*");
        lineMatching(error, "  why: left by test `.*keepsAThreadInItsOwnStaticField\\(\\)`: the test class's static "
                + "field dev\\.threadleak\\.junit\\.SingletonThreadsTest\\$OwnStaticTestCase\\.kept kept it when that "
                + "test ended, so its verdict waited for the class's end and its @AfterAll, and it was still alive then");
    }

    private static void endTheServicesQuietly() {
        try {
            LazyServices.reset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
