package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertNoLineMatching;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * A component whose {@code start()} builds a new thread each time, over the one before, and whose
 * {@code stop()} ends only the last (logstash-logback-encoder's appender, started twice by its
 * test): the test fails for the first thread, and a note says that a later start through the same
 * code ended. Which threads ended is known only to the agent.
 */
class SecondStartTest {

    @BeforeEach
    void needsTheAgent() {
        assumeTrue(TestMode.agent(), "which threads ended is known to the agent only");
    }

    @AfterEach
    void release() throws InterruptedException {
        Leftovers.releaseAll();
    }

    /** No guard against a second start: the first worker is forgotten, and runs on. */
    static final class Appender {
        private static int made;
        private CountDownLatch stopped;
        private Thread worker;

        void start() {
            stopped = new CountDownLatch(1);
            worker = Leftovers.track(new Thread(Leftovers.waitingFor(stopped), "appender-" + ++made));
            worker.start();
        }

        void stop() throws InterruptedException {
            stopped.countDown();
            worker.join();
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class StartsTwiceTestCase {
        @Test
        void startsTwiceStopsOnce() throws InterruptedException {
            Appender appender = new Appender();
            appender.start();
            appender.start();
            appender.stop();
        }

        @Test
        void startsTwoAndStopsOne() throws InterruptedException {
            Appender left = new Appender();
            left.start();
            Appender stopped = new Appender();
            stopped.start();
            stopped.stop();
        }

        @Test
        void startsAgainAfterItsLeakFromTheSameLine() throws InterruptedException {
            for (int i = 0; i < 2; i++) {
                Appender appender = new Appender();
                appender.start();
                if (i == 1) {
                    appender.stop();
                }
            }
        }
    }

    @Test
    void aSecondStartThatEndedIsNamedBesideTheThreadTheFirstLeft() {
        EngineExecutionResults results = run(StartsTwiceTestCase.class);
        ThreadLeakError twice = leakError(results, "startsTwiceStopsOnce()");
        lineMatching(twice, "note: \"appender-\\d+\", left, and \"appender-\\d+\", which has ended, were both "
                + "started through dev\\.threadleak\\.junit\\.SecondStartTest\\$Appender\\.start\\(SecondStartTest\\.java:\\d+\\), "
                + "the first from .*StartsTwiceTestCase\\.startsTwiceStopsOnce\\(SecondStartTest\\.java:\\d+\\), "
                + "the second later from .*StartsTwiceTestCase\\.startsTwiceStopsOnce\\(SecondStartTest\\.java:\\d+\\): "
                + "if the second start was meant to replace the first, nothing stopped the first");
        // two components, one stopped: the same words fit, and say what may be, not what is
        lineMatching(leakError(results, "startsTwoAndStopsOne()"), "note: .* were both started through .*");
        // a loop's one line starts both: the stacks do not part in the application's code
        assertNoLineMatching(leakError(results, "startsAgainAfterItsLeakFromTheSameLine()"),
                ".*were both started through.*");
    }
}
