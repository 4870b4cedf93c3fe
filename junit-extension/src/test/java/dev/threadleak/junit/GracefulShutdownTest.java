package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertPassed;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.run;

import io.netty.util.concurrent.SingleThreadEventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * A loop the test shut down gracefully, without waiting, ends by itself once its quiet period
 * passes: no leak, whatever the grace period (the trial on Netty: tests three times as slow, and a
 * quiet period longer than the grace period failed a test that had shut its loop down).
 */
class GracefulShutdownTest {

    private static SingleThreadEventExecutor loop;

    @AfterEach
    void awaitTheLoop() throws InterruptedException {
        if (loop != null) {
            loop.awaitTermination();
            loop = null;
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class ShutsDownWithoutWaitingTestCase {
        @Test
        void shutsDownGracefully() throws InterruptedException {
            loop = new SingleThreadEventExecutor(1_000);
            loop.start();
            loop.shutdownGracefully();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class NeverShutsDownTestCase {
        @Test
        void startsIt() {
            loop = new SingleThreadEventExecutor(0);
            loop.start();
        }
    }

    @Test
    void aLoopInItsQuietPeriodLongerThanTheGracePeriodIsNoLeak() {
        EngineExecutionResults results = run(ShutsDownWithoutWaitingTestCase.class);

        assertPassed(results, "shutsDownGracefully()");
    }

    @Test
    void aLoopNobodyShutDownIsStillALeak() throws InterruptedException {
        EngineExecutionResults results = run(NeverShutsDownTestCase.class);

        try {
            // in the class's static field: judged when the class ends, where the agent's heap look finds that field
            String failed = TestMode.agent() ? "GracefulShutdownTest$NeverShutsDownTestCase" : "startsIt()";
            lineMatching(leakError(results, failed), "THREAD LEAKED: \"defaultEventLoop-1-1\" #\\d+ .*");
        } finally {
            loop.shutdownGracefully();
        }
    }
}
