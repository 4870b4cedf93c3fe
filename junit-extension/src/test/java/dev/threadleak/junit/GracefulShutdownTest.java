package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertPassed;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.io.Deadline;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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

    /** Starts {@code it} as the test's loop and shuts it down gracefully, not waiting for it, as Netty's tests do. */
    private static void shutDownWithoutWaiting(SingleThreadEventExecutor it) throws InterruptedException {
        loop = it;
        it.start();
        it.shutdownGracefully();
    }

    @DetectThreadLeaks(grace = "100ms")
    static class ShutsDownWithoutWaitingTestCase {
        @Test
        void shutsDownGracefully() throws InterruptedException {
            shutDownWithoutWaiting(new SingleThreadEventExecutor(1_000));
        }
    }

    /** The loop sleeps in its quiet period as the first test ends, then blocks for good in its own work. */
    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class StuckAfterItsQuietPeriodTestCase {
        @Test
        @Order(1)
        void shutsDownGracefully() throws InterruptedException {
            shutDownWithoutWaiting(new SingleThreadEventExecutor(60_000, 1_000, true));
        }

        @Test
        @Order(2)
        void seesItStuck() throws InterruptedException {
            Deadline deadline = Deadline.after(Duration.ofSeconds(20));
            while (loop.thread().getState() != Thread.State.WAITING && !deadline.hasPassed()) {
                deadline.sleep(Duration.ofMillis(10));
            }
            assertEquals(Thread.State.WAITING, loop.thread().getState(), "stuck in its own work");
        }
    }

    /** Netty's SingleThreadIoEventLoopTest: the class ends while the loop still sleeps in its quiet period, then it sticks. */
    @DetectThreadLeaks(grace = "2s")
    static class ClassEndsInTheQuietPeriodTestCase {
        @Test
        void shutsDownGracefully() throws InterruptedException {
            shutDownWithoutWaiting(new SingleThreadEventExecutor(60_000, 300, true));
        }
    }

    /**
     * Netty's SimpleChannelPoolTest: its loop's quiet period (Netty's default, 2 s) outlasted the
     * grace period its class's end waited, and ended as that did: reported, alive and no longer
     * asleep. Here the quiet period is shorter than the grace period, and long.
     */
    @DetectThreadLeaks(grace = "60s")
    static class ClassEndsWhileTheLoopGoesRoundTestCase {
        @Test
        void shutsDownGracefully() throws InterruptedException {
            shutDownWithoutWaiting(new SingleThreadEventExecutor(30_000, 20, false));
        }
    }

    /**
     * Netty's DefaultChannelPipelineTailTest: a loop of the class's, started by its first test, shut
     * down by its @AfterAll. The grace period outlasts the quiet period (each test that starts such
     * a loop pays it, until the heap look finds the class's field), so that waiting would end it.
     */
    @DetectThreadLeaks(grace = "6s")
    static class AfterAllShutsDownGracefullyTestCase {
        static SingleThreadEventExecutor group;

        @BeforeAll
        static void makeTheLoop() {
            group = new SingleThreadEventExecutor(5_000, 20, false);
            loop = group;
        }

        @AfterAll
        static void shutItDown() throws InterruptedException {
            group.shutdownGracefully();
        }

        @Test
        void usesTheLoop() {
            group.start();
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

    /** The trial's second round on Netty: a loop seen in its quiet period once, and stuck for good after it. */
    @Test
    void aLoopStuckAfterItsQuietPeriodFailsTheClassWhereItIsLookedAtAgain() {
        try {
            EngineExecutionResults results = run(StuckAfterItsQuietPeriodTestCase.class);

            assertPassed(results, "shutsDownGracefully()");
            assertPassed(results, "seesItStuck()");
            ThreadLeakError error = leakError(results, "GracefulShutdownTest$StuckAfterItsQuietPeriodTestCase");
            lineMatching(error, "THREAD LEAKED: \"defaultEventLoop-1-1\" #\\d+ .*");
            lineMatching(error, "  why: left by test `.*shutsDownGracefully\\(\\)`: it was in Netty's graceful "
                    + "shutdown when that test ended, .*");
        } finally {
            loop.release();
        }
    }

    @Test
    void aLoopStillInItsQuietPeriodAsTheClassEndsIsWaitedForThere() {
        try {
            EngineExecutionResults results = run(ClassEndsInTheQuietPeriodTestCase.class);

            assertPassed(results, "shutsDownGracefully()");
            ThreadLeakError error = leakError(results, "GracefulShutdownTest$ClassEndsInTheQuietPeriodTestCase");
            lineMatching(error, "THREAD LEAKED: \"defaultEventLoop-1-1\" #\\d+ .*");
        } finally {
            loop.release();
        }
    }

    @Test
    void aClassEndsWithoutWaitingOutALoopSeenGoingRoundItsQuietPeriod() {
        assertTheClassEndDidNotWaitOutTheLoop(ClassEndsWhileTheLoopGoesRoundTestCase.class, "shutsDownGracefully()");
    }

    @Test
    void aClassEndsWithoutWaitingOutTheQuietPeriodOfALoopItsAfterAllShutDown() {
        // snapshot mode cannot see the class's static field hold the loop: the test that started it is blamed
        assumeTrue(TestMode.agent(), "the agent's heap look finds the class's static field");
        assertTheClassEndDidNotWaitOutTheLoop(AfterAllShutsDownGracefullyTestCase.class, "usesTheLoop()");
    }

    /** The loop's quiet period is shorter than the class's grace period: waited out, the loop would have ended. */
    private static void assertTheClassEndDidNotWaitOutTheLoop(Class<?> fixture, String test) {
        try {
            EngineExecutionResults results = run(fixture);

            assertPassed(results, test);
            assertPassed(results, "GracefulShutdownTest$" + fixture.getSimpleName());
            assertTrue(loop.thread().isAlive(), "the class's end stopped waiting once it saw the loop check "
                    + "for tasks again, before its quiet period ended");
        } finally {
            loop.endQuietPeriod();
        }
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
