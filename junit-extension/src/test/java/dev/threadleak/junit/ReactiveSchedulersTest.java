package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertNoLineMatching;
import static dev.threadleak.junit.Fixtures.assertPassed;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactivex.rxjava3.internal.schedulers.IoScheduler;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import reactor.core.scheduler.Schedulers;

/**
 * The executors of reactive libraries' JVM-wide schedulers. A worker idle in RxJava's
 * {@code Schedulers.io()} cache is the cache's to end, a minute after its last use (HttpClient's
 * trial: 483 such workers warned two classes, with advice no test can take); Reactor's
 * {@code parallel()} is the JVM's. What a test left scheduled on either is still told.
 */
class ReactiveSchedulersTest {

    @AfterEach
    void evict() throws InterruptedException {
        IoScheduler.evictAll();
        Schedulers.shutdownNow();
    }

    @DetectThreadLeaks(grace = "100ms")
    static class GivesItsWorkersBackTestCase {
        @Test
        void runsATaskOnAWorker() throws Exception {
            ScheduledExecutorService worker = IoScheduler.worker();
            worker.submit(() -> { }).get();
            IoScheduler.release(worker);
        }

        @Test
        void runsTwoAtOnce() throws Exception {
            ScheduledExecutorService one = IoScheduler.worker();
            ScheduledExecutorService two = IoScheduler.worker();
            one.submit(() -> { }).get();
            two.submit(() -> { }).get();
            IoScheduler.release(one);
            IoScheduler.release(two);
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class LeavesWorkScheduledTestCase {
        @Test
        void schedulesForever() {
            IoScheduler.worker().scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class UsesTheParallelSchedulerFirstTestCase {
        @Test
        void runsATask() throws Exception {
            Schedulers.parallel().submit(() -> { }).get();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class LeavesATaskOnTheParallelSchedulerTestCase {
        @Test
        void schedulesForever() {
            Schedulers.parallel().scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
        }
    }

    /**
     * The r2dbc-pool trial: Reactor's parallel() keeps its executors for the JVM in an array, and
     * warned whichever class first asked for it.
     */
    @Test
    void theParallelSchedulersExecutorsAreNoLeakOfTheTestThatMadeThem() {
        assumeTrue(TestMode.agent(), "the heap look finds the static field that keeps them");
        EngineExecutionResults results = run(UsesTheParallelSchedulerFirstTestCase.class);

        assertPassed(results, "runsATask()");
        assertPassed(results, "ReactiveSchedulersTest$UsesTheParallelSchedulerFirstTestCase");
        assertEquals(List.of(), Fixtures.warnings(results));
    }

    @Test
    void aTaskATestLeftOnTheParallelSchedulerIsStillTold() {
        assumeTrue(TestMode.agent(), "the heap look finds the static field that keeps them");
        EngineExecutionResults results = run(LeavesATaskOnTheParallelSchedulerTestCase.class);

        assertPassed(results, "schedulesForever()");
        ThreadLeakError error = leakError(results, "ReactiveSchedulersTest$LeavesATaskOnTheParallelSchedulerTestCase");
        lineMatching(error, "TASK LEAKED: .* wrapping a lambda of .*LeavesATaskOnTheParallelSchedulerTestCase .*");
        lineMatching(error, "  why: left by test `.*schedulesForever\\(\\)`: .*the tests' own code made it, so it is "
                + "theirs to end, whoever keeps it");
        assertNoLineMatching(error, "EXECUTOR LEAKED.*");
    }

    @Test
    void workersIdleInTheCacheAreNeitherATestsNorItsClasssLeak() {
        assumeTrue(TestMode.agent(), "the cache is known by where it makes its workers: a creation stack");
        EngineExecutionResults results = run(GivesItsWorkersBackTestCase.class);

        assertPassed(results, "runsATaskOnAWorker()");
        assertPassed(results, "runsTwoAtOnce()");
        assertPassed(results, "ReactiveSchedulersTest$GivesItsWorkersBackTestCase");
        assertEquals(List.of(), Fixtures.warnings(results));
    }

    @Test
    void aWorkerLeftWithWorkScheduledIsStillTold() {
        assumeTrue(TestMode.agent(), "the cache is known by where it makes its workers: a creation stack");
        EngineExecutionResults results = run(LeavesWorkScheduledTestCase.class);

        String warning = Fixtures.onlyWarning(results);
        assertTrue(warning.contains("\"RxCachedThreadScheduler-"), warning);
        assertTrue(warning.contains("1 queued"), warning);
        assertTrue(warning.contains("it is a worker of RxJava's Schedulers.io() cache of workers, which shuts a worker "
                + "down once it has gone unused"), warning);
        assertTrue(warning.contains("what is queued or running in it keeps it, not a missing shutdown"), warning);
    }
}
