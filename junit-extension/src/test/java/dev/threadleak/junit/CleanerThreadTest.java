package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertPassed;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.testsupport.FileReaper;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * A {@code Cleaner}'s thread lives as long as its {@code Cleaner} is reachable, and nothing else
 * ends it. airlift's trial: each of Jetty's servers makes one, and a test that stopped its server
 * left the thread until a collection; with {@code prove=false} every such test of
 * {@code TestTestingHttpServer} failed, and with the proof each paid a heap dump to see it end.
 */
class CleanerThreadTest {

    /** What {@link KeepsACleanerTestCase} keeps, released after it. */
    static final List<Cleaner> KEPT = new ArrayList<>();

    @BeforeEach
    void needsTheAgent() {
        assumeTrue(TestMode.agent(), "a scope's check of the agent's");
    }

    /** A server that made a {@code Cleaner} of its own, stopped, and let go of. */
    static void useAndLetGo(List<Cleaner> keep) {
        Cleaner cleaner = Cleaner.create();
        cleaner.register(new Object(), () -> { });
        keep.add(cleaner);
    }

    @DetectThreadLeaks(grace = "100ms", prove = "false")
    static class LetsGoOfACleanerTestCase {
        @Test
        void letsGo() {
            useAndLetGo(new ArrayList<>());
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class LetsGoOfACleanerWithTheProofTestCase {
        @Test
        void letsGo() {
            useAndLetGo(new ArrayList<>());
        }
    }

    @DetectThreadLeaks(grace = "100ms", prove = "false")
    static class KeepsACleanerTestCase {
        @Test
        void keeps() {
            useAndLetGo(KEPT);
        }
    }

    /** airlift's {@code TestHttpServerProvider}: the last test's stopped server, still in the instance's field. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DetectThreadLeaks(grace = "100ms")
    static class KeepsACleanerInThePerClassInstanceTestCase {
        final List<Cleaner> server = new ArrayList<>();

        @Test
        void keepsItInTheInstance() {
            useAndLetGo(server);
        }

        @Test
        void keepsAnotherInTheInstance() {
            useAndLetGo(server);
        }

        @Test
        void keepsAThirdInTheInstance() {
            useAndLetGo(server);
        }
    }

    /**
     * A test instance made per test whose field holds a stopped server's {@code Cleaner}: JUnit
     * holds the instance until after the test's check, and lets go of it then.
     */
    @DetectThreadLeaks(grace = "100ms")
    static class KeepsACleanerInThePerTestInstanceTestCase {
        final List<Cleaner> server = new ArrayList<>();

        @Test
        void keepsItInTheInstance() {
            useAndLetGo(server);
        }

        @Test
        void keepsItInTheInstanceToo() {
            useAndLetGo(server);
        }
    }

    @DetectThreadLeaks(grace = "100ms", prove = "false")
    static class KeepsACleanerInThePerTestInstanceWithoutTheProofTestCase
            extends KeepsACleanerInThePerTestInstanceTestCase {
    }

    /** On JDK 21+ each test failed: no static field keeps it, and the proof did not see JUnit let go. */
    @Test
    void aCleanerThePerTestInstanceKeepsIsNoLeak() {
        EngineExecutionResults results = run(KeepsACleanerInThePerTestInstanceTestCase.class);

        assertPassed(results, "keepsItInTheInstance()");
        assertPassed(results, "keepsItInTheInstanceToo()");
        assertPassed(results, "CleanerThreadTest$KeepsACleanerInThePerTestInstanceTestCase");
    }

    @Test
    void aCleanerThePerTestInstanceKeepsIsNoLeakWithoutTheProof() {
        EngineExecutionResults results = run(KeepsACleanerInThePerTestInstanceWithoutTheProofTestCase.class);

        assertPassed(results, "keepsItInTheInstance()");
        assertPassed(results, "CleanerThreadTest$KeepsACleanerInThePerTestInstanceWithoutTheProofTestCase");
    }

    /** Without the proof no dump says who keeps it: the instance made for the class may. */
    @DetectThreadLeaks(grace = "100ms", prove = "false")
    static class KeepsACleanerInThePerClassInstanceWithoutTheProofTestCase
            extends KeepsACleanerInThePerClassInstanceTestCase {
    }

    /** What it left running failed the test: the Cleaner it also left is not the class's failure too. */
    @DetectThreadLeaks(grace = "100ms", prove = "false")
    static class LeaksAndKeepsACleanerTestCase {
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Test
        void leaksAndKeeps() {
            useAndLetGo(KEPT);
            Thread client = new Thread(() -> {
                try {
                    RELEASE.await();
                } catch (InterruptedException e) {
                    // ends
                }
            }, "unstopped-client");
            client.setDaemon(true);
            client.start();
        }
    }

    @Test
    void aCleanerThePerClassInstanceKeepsIsNoLeakOfTheClassWithoutTheProof() {
        EngineExecutionResults results = run(KeepsACleanerInThePerClassInstanceWithoutTheProofTestCase.class);

        assertPassed(results, "keepsItInTheInstance()");
        assertPassed(results, "CleanerThreadTest$KeepsACleanerInThePerClassInstanceWithoutTheProofTestCase");
    }

    /** airlift's TestHttpServerCipher: its unstopped HttpClients failed each test, and their Cleaners the class. */
    @Test
    void aCleanerLeftByATestThatFailedForWhatItLeftRunningDoesNotFailTheClassToo() {
        try {
            EngineExecutionResults results = run(LeaksAndKeepsACleanerTestCase.class);

            lineMatching(leakError(results, "leaksAndKeeps()"), "THREAD LEAKED: \"unstopped-client\" #\\d+ .*");
            assertPassed(results, "CleanerThreadTest$LeaksAndKeepsACleanerTestCase");
        } finally {
            LeaksAndKeepsACleanerTestCase.RELEASE.countDown();
            KEPT.clear();
        }
    }

    @Test
    void aCleanerThePerClassInstanceKeepsEndsWithItAndIsNoLeakOfTheClass() {
        EngineExecutionResults results = run(KeepsACleanerInThePerClassInstanceTestCase.class);

        assertPassed(results, "keepsItInTheInstance()");
        assertPassed(results, "keepsAnotherInTheInstance()");
        assertPassed(results, "keepsAThirdInTheInstance()");
        assertPassed(results, "CleanerThreadTest$KeepsACleanerInThePerClassInstanceTestCase");
    }

    @Test
    void aCleanerTheTestLetGoOfIsNoLeakWithoutTheProof() {
        assertPassed(run(LetsGoOfACleanerTestCase.class), "letsGo()");
    }

    @Test
    void aCleanerTheTestLetGoOfIsNoLeakWithTheProof() {
        assertPassed(run(LetsGoOfACleanerWithTheProofTestCase.class), "letsGo()");
    }

    /**
     * Collected first, the thread of one that is still kept is still there, and still told, by the
     * class's end (a test's instance might have held it), naming the test.
     */
    @Test
    void aCleanerThatIsStillKeptLeavesItsThread() {
        try {
            ThreadLeakError error = leakError(run(KeepsACleanerTestCase.class), "CleanerThreadTest$KeepsACleanerTestCase");
            lineMatching(error, "THREAD LEAKED: \"Cleaner-\\d+\" #\\d+ .*");
            lineMatching(error, ".*it was a Cleaner's thread still there after a collection, which its test instance could "
                    + "have held.*");
            lineMatching(error, ".*keeps\\(\\).*");
            // judged without the proof, and said so, as a test's report says it
            lineMatching(error, "note: not asked of the heap: threadleak\\.prove=false, .*");
        } finally {
            KEPT.clear(); // its thread ends with it, at a later collection
        }
    }
    /**
     * Wicket's {@code FileUploadFieldTest}: an upload tracked by Commons IO's file reaper, whose
     * marker the test instance still holds; the test's tear-down tells the reaper to end once it has
     * nothing left to track, and interrupts it to look. It ends after the collection that follows
     * JUnit's letting go of the instance, and its test failed as one that ignored its cancellation.
     */
    @DetectThreadLeaks(grace = "100ms")
    static class TracksAnUploadTestCase {
        private final FileReaper reaper = new FileReaper();
        private final Object upload = new Object();

        @Test
        void uploads() {
            reaper.track(upload);
        }

        @AfterEach
        void destroy() {
            reaper.exitWhenFinished();
        }
    }

    /** The same reaper, never told to end. */
    @DetectThreadLeaks(grace = "100ms")
    static class NeverEndsTheReaperTestCase {
        private final Object upload = new Object();

        @Test
        void uploads() {
            new FileReaper().track(upload);
        }
    }

    @Test
    void aReaperThatEndsOnceWhatItTracksIsCollectedIsNoLeak() {
        EngineExecutionResults results = run(TracksAnUploadTestCase.class);

        assertPassed(results, "uploads()");
        assertPassed(results, "CleanerThreadTest$TracksAnUploadTestCase");
    }

    @Test
    void aReaperNeverToldToEndFailsTheClass() {
        EngineExecutionResults results = run(NeverEndsTheReaperTestCase.class);

        assertPassed(results, "uploads()");
        ThreadLeakError error = leakError(results, "CleanerThreadTest$NeverEndsTheReaperTestCase");
        lineMatching(error, "THREAD LEAKED: \"File Reaper\" #\\d+ .*");
        lineMatching(error, "  why: left by test `.*uploads\\(\\)`: it waited on a reference queue when that test ended, "
                + "which only the collector serves, so its verdict waited for the class's end, when JUnit had let go "
                + "of an instance made per test; it was still alive then, after a collection: .*");
    }
}
