package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A test method a test class inherits from its superclass is the test's own code: the summary's
 * "via" line names it under a library's creation frame. Creation stacks need the agent.
 */
class InheritedTestMethodTest {

    @BeforeEach
    void needsTheAgent() {
        assumeTrue(TestMode.agent(), "creation stacks need the agent");
    }

    @AfterEach
    void release() throws InterruptedException {
        LazyServices.reset();
        Thread worker = SLOT.worker;
        if (worker != null) {
            worker.interrupt();
            worker.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /**
     * Where the fixtures leave their worker for release: a reference object, which the heap look
     * does not walk, so that the worker stays its test's leak (in a static field of the test class,
     * it would be the class's, judged as the class ends).
     */
    static final class WorkerSlot extends WeakReference<Object> {
        volatile Thread worker;

        WorkerSlot() {
            super(null);
        }
    }

    static final WorkerSlot SLOT = new WorkerSlot();

    abstract static class AbstractWorkerTestCase {
        @Test
        void startsAWorker() {
            SLOT.worker = LazyServices.startAWorkerNobodyKeeps();
        }
    }

    /** The code under test starts its worker 40 calls down, deeper than the agent's stack-depth. */
    @DetectThreadLeaks(grace = "100ms")
    static class DeepStackTestCase {
        @Test
        void startsAWorkerDeepDown() {
            SLOT.worker = LazyServices.startDeepDown(40);
        }
    }

    @Test
    void aCreationStackCutAboveTheTestStillNamesTheTestWhereItEnteredTheCode() {
        ThreadLeakError error = leakError(run(DeepStackTestCase.class), "startsAWorkerDeepDown()");

        lineMatching(error, "    via dev\\.threadleak\\.junit\\.InheritedTestMethodTest\\$DeepStackTestCase"
                + "\\.startsAWorkerDeepDown\\(InheritedTestMethodTest\\.java:\\d+\\)");
    }

    /** A helper nested in the test that extends the code under test: the code's frames are still not the test's. */
    @DetectThreadLeaks(grace = "100ms")
    static class HelperExtendsTheCodeTestCase {
        static class RecordingStarter extends LazyServices.Starter {
        }

        @Test
        void startsThroughAHelper() {
            SLOT.worker = new RecordingStarter().start();
        }
    }

    @Test
    void theViaLineIsTheTestsFrameNotTheCodeItsHelperExtends() {
        ThreadLeakError error = leakError(run(HelperExtendsTheCodeTestCase.class), "startsThroughAHelper()");

        lineMatching(error, "    via dev\\.threadleak\\.junit\\.InheritedTestMethodTest\\$HelperExtendsTheCodeTestCase"
                + "\\.startsThroughAHelper\\(InheritedTestMethodTest\\.java:\\d+\\)");
    }

    @DetectThreadLeaks(grace = "100ms")
    static class InheritsItsTestTestCase extends AbstractWorkerTestCase {
    }

    abstract static class AbstractRegionTestCase {
        @Test
        void asksForARegion() {
            LazyServices.service().region("nested");
        }
    }

    /** Its nested class's test method is inherited: a leak it leaves for the outer class's end is reported there. */
    @DetectThreadLeaks(grace = "100ms")
    static class OuterTestCase {
        @Nested
        class Inner extends AbstractRegionTestCase {
        }
    }

    @Test
    void theOuterClasssSummaryNamesTheTestMethodANestedClassInherits() {
        ThreadLeakError error = leakError(run(OuterTestCase.class), "InheritedTestMethodTest$OuterTestCase");

        lineMatching(error, "  created by \"[^\"]+\" #\\d+ at dev\\.threadleak\\.junit\\.LazyServices\\.parkedWorker\\(.*");
        lineMatching(error, "    via dev\\.threadleak\\.junit\\.InheritedTestMethodTest\\$AbstractRegionTestCase\\.asksForARegion\\("
                + "InheritedTestMethodTest\\.java:\\d+\\)");
    }

    @Test
    void theSummarysViaLineNamesTheInheritedTestMethod() {
        ThreadLeakError error = leakError(run(InheritsItsTestTestCase.class), "startsAWorker()");

        lineMatching(error, "  created by \"[^\"]+\" #\\d+ at dev\\.threadleak\\.junit\\.LazyServices\\.parkedWorker\\(.*");
        lineMatching(error, "    via dev\\.threadleak\\.junit\\.InheritedTestMethodTest\\$AbstractWorkerTestCase\\.startsAWorker\\("
                + "InheritedTestMethodTest\\.java:\\d+\\)");
    }
}
