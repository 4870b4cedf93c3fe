package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertPassed;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.WeakReference;
import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The JDK's {@code HttpClient} has no {@code close()} on JDK 17: a client is done with when it is
 * dropped, and its selector thread ends when it next wakes (every 3 s) and sees its client
 * collected. microhttp's trial: a test that dropped its client failed one run in two, the thread
 * ending up to 3 s after the dump's collection, past the grace period the check waited after it.
 */
class DroppedHttpClientTest {

    @BeforeEach
    void needsTheAgent() {
        assumeTrue(TestMode.agent(), "the collection is the heap proof's");
    }

    @AfterEach
    void release() throws InterruptedException {
        Leftovers.releaseAll();
    }

    @DetectThreadLeaks
    static class DropsAClientTestCase {
        @Test
        void makesAClientAndDropsIt() {
            HttpClient.newHttpClient(); // its selector now waits 3 s in its select, which nothing will wake
        }
    }

    /**
     * Its instance, which keeps the client, is JUnit's until after the check (an autowired
     * {@code TestRestTemplate}'s client, its context closed by {@code @DirtiesContext}: petclinic's
     * trial failed every such test); by the class's end it is let go of, and the client collected.
     */
    @DetectThreadLeaks
    static class KeepsAClientTestCase {
        HttpClient client;

        @Test
        void makesAClientAndKeepsIt() {
            client = HttpClient.newHttpClient();
            WeakReference<HttpClient> weakly = new WeakReference<>(client); // the instance alone keeps it
            Leftovers.onRelease(() -> {
                if (weakly.get() instanceof AutoCloseable c) { // JDK 21+; on 17 it ends once collected
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
    }

    @Test
    void aClientTheTestDroppedLeavesNoThreadBehind() {
        assertPassed(run(DropsAClientTestCase.class), "makesAClientAndDropsIt()");
    }

    /** What a static field of its class keeps outlives the class: not JUnit's to let go of. */
    @DetectThreadLeaks
    static class KeepsAClientInAStaticFieldTestCase {
        static HttpClient client;

        @Test
        void makesAClientAndKeepsIt() {
            client = HttpClient.newHttpClient();
            Leftovers.onRelease(() -> client = null);
        }
    }

    @Test
    void aClientOnlyTheTestInstanceKeepsIsJudgedWhenTheClassEndsAndEndsThen() {
        EngineExecutionResults results = run(KeepsAClientTestCase.class);

        assertPassed(results, "makesAClientAndKeepsIt()");
        assertPassed(results, "DroppedHttpClientTest$KeepsAClientTestCase");
        assertEquals(List.of(), Fixtures.warnings(results));
    }

    @Test
    void aClientAStaticFieldKeepsStillLeavesItsSelectorThread() {
        EngineExecutionResults results = run(KeepsAClientInAStaticFieldTestCase.class);

        assertPassed(results, "makesAClientAndKeepsIt()");
        ThreadLeakError error = leakError(results, "DroppedHttpClientTest$KeepsAClientInAStaticFieldTestCase");
        lineMatching(error, "THREAD LEAKED: \"HttpClient-\\d+-SelectorManager\" #\\d+ .*");
        lineMatching(error, "  why: left by test .*: it was an HttpClient's selector thread, .*: what keeps its client "
                + "outlives such an instance");
    }
}
