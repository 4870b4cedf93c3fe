package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertPassed;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * A thread or executor a static field holds as a singleton (through object fields alone) lives
 * as long as the JVM: a library's lazily made service is not the leak of the test that happened to
 * call it first. The heap dump that tells needs the agent.
 */
class SingletonThreadsTest {

    private static final String HELD = "held by static field dev\\.threadleak\\.junit\\.LazyServices\\.instance, so it "
            + "lives as long as the JVM: not a test's leak";
    private static final String SINGLETON_NOTE = "note: also alive but ignored: .*\"lazy-service-worker\" #\\d+, " + HELD
            + ".*java\\.util\\.concurrent\\.ScheduledThreadPoolExecutor@\\p{XDigit}+, " + HELD + ".*";

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
    static class StartsAWorkerPerCallTestCase {
        @Test
        void startsAWorkerPerCall() {
            LazyServices.service();
            LazyServices.startAnotherWorker();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class SchedulesATaskPerCallTestCase {
        @Test
        void schedulesATaskPerCall() {
            LazyServices.service().refreshEveryHourForTheCaller();
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

    @Test
    void theWorkerTheSchedulerAndTheHousekeepingTaskOfALazilyMadeServiceFailNoTest() {
        assertPassed(run(CallsTheServiceTestCase.class), "callsTheService()");
    }

    @Test
    void aWorkerStartedPerCallIntoAStaticQueueIsStillALeakAndTheReportNamesTheSingletonItLeftOut() {
        ThreadLeakError error = leakError(run(StartsAWorkerPerCallTestCase.class), "startsAWorkerPerCall()");

        lineMatching(error, "THREAD LEAKED: \"per-call-worker-0\" #\\d+ .*");
        lineMatching(error, "  kept by static field dev\\.threadleak\\.junit\\.LazyServices\\.PER_CALL, through a "
                + "collection, array or map: it lives until that lets go of it");
        lineMatching(error, SINGLETON_NOTE);
        assertEquals(1, error.report().leaks().size(), "the service's worker and scheduler are not leaks");
    }

    @Test
    void aPeriodicTaskScheduledPerCallOnTheServicesSchedulerIsALeakItsHousekeepingTaskIsNot() {
        ThreadLeakError error = leakError(run(SchedulesATaskPerCallTestCase.class), "schedulesATaskPerCall()");

        assertEquals(1, error.report().leaks().size(), error.getMessage());
        lineMatching(error, "TASK LEAKED: java\\.util\\.concurrent\\.ScheduledThreadPoolExecutor\\$ScheduledFutureTask@.*");
        lineMatching(error, "note: also alive but ignored: .*ScheduledFutureTask@\\p{XDigit}+, " + HELD + ".*");
    }

    @Test
    void aSingletonOrphanedByALaterTestFailsTheClassNamingTheTestThatMadeIt() {
        EngineExecutionResults results = run(RestartsTheServiceTestCase.class);

        assertPassed(results, "startsIt()");
        assertPassed(results, "restartsIt()");
        ThreadLeakError error = leakError(results, "SingletonThreadsTest$RestartsTheServiceTestCase");
        assertEquals(1, error.report().leaks().size(), error.getMessage());
        lineMatching(error, "1 leak from test class `.*RestartsTheServiceTestCase`, left by its tests: held by a static "
                + "field when each test ended, by none when the class ended");
        lineMatching(error, "EXECUTOR LEAKED: java\\.util\\.concurrent\\.ScheduledThreadPoolExecutor@\\p{XDigit}+ .*");
        lineMatching(error, "  why: left by test `.*startsIt\\(\\)`: a static field held it when that test ended, .*");
    }

    @Test
    void aThreadTheTestClassKeepsInItsOwnStaticFieldIsItsLeak() {
        ThreadLeakError error = leakError(run(OwnStaticTestCase.class), "keepsAThreadInItsOwnStaticField()");

        lineMatching(error, "THREAD LEAKED: \"kept-by-the-test\" #\\d+ .*");
    }
}
