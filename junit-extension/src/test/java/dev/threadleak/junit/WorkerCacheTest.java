package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertPassed;
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

/**
 * A worker idle in RxJava's {@code Schedulers.io()} cache is the cache's to end, a minute after its
 * last use (HttpClient's trial: 483 such workers warned two classes, with advice no test can take);
 * one a test left with work scheduled on it is still told.
 */
class WorkerCacheTest {

    @AfterEach
    void evict() throws InterruptedException {
        IoScheduler.evictAll();
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

    @Test
    void workersIdleInTheCacheAreNeitherATestsNorItsClasssLeak() {
        assumeTrue(TestMode.agent(), "the cache is known by where it makes its workers: a creation stack");
        EngineExecutionResults results = run(GivesItsWorkersBackTestCase.class);

        assertPassed(results, "runsATaskOnAWorker()");
        assertPassed(results, "runsTwoAtOnce()");
        assertPassed(results, "WorkerCacheTest$GivesItsWorkersBackTestCase");
        assertEquals(List.of(), Fixtures.warnings(results));
    }

    @Test
    void aWorkerLeftWithWorkScheduledIsStillTold() {
        assumeTrue(TestMode.agent(), "the cache is known by where it makes its workers: a creation stack");
        EngineExecutionResults results = run(LeavesWorkScheduledTestCase.class);

        String warning = Fixtures.onlyWarning(results);
        assertTrue(warning.contains("\"RxCachedThreadScheduler-"), warning);
        assertTrue(warning.contains("1 queued"), warning);
    }
}
