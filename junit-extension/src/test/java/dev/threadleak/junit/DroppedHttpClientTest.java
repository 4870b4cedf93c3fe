package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertPassed;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpClient;
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

    /** Its instance, which keeps the client, is JUnit's until after the check. */
    @DetectThreadLeaks
    static class KeepsAClientTestCase {
        HttpClient client;

        @Test
        void makesAClientAndKeepsIt() {
            client = HttpClient.newHttpClient();
            HttpClient closing = client;
            Leftovers.onRelease(() -> {
                if (closing instanceof AutoCloseable c) { // JDK 21+; on 17 it ends once collected
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

    @Test
    void aClientTheTestKeepsLeavesItsSelectorThread() {
        EngineExecutionResults results = run(KeepsAClientTestCase.class);

        lineMatching(leakError(results, "makesAClientAndKeepsIt()"),
                "THREAD LEAKED: \"HttpClient-\\d+-SelectorManager\" #\\d+ .*");
    }
}
