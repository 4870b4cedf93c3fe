package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.lines;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.api.AgentUnavailableException;
import dev.threadleak.api.Threadleak;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Mode (b): no {@code -javaagent}, and a JVM that allows attaching; the pom runs this once with a
 * helper JVM attaching (Byte Buddy's external attachment), once attaching from inside
 * ({@code -Djdk.attach.allowAttachSelf=true}).
 */
class SelfAttachTest {

    @AfterEach
    void releaseWhatTheFixturesLeaked() throws InterruptedException {
        Leftovers.releaseAll();
    }

    @Test
    void withoutTheAgentTheExtensionAttachesItAndChecksWithLineage() throws Exception {
        assertFalse(agentInstalled(), "this JVM must start without the agent");
        Thread olderThread = new Thread(Leftovers.parkedOnQueue(), "started-before-attach");
        olderThread.setDaemon(true);
        Leftovers.track(olderThread).start();

        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        EngineExecutionResults results;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            results = run(ThreadLeakExtensionTest.LeakyThreadTestCase.class);
        } finally {
            System.setErr(original);
        }

        assertTrue(agentInstalled());
        ThreadLeakError error = leakError(results, "leaks()");
        assertEquals("1 leak from test `ThreadLeakExtensionTest.LeakyThreadTestCase.leaks()`", lines(error).get(0));
        assertEquals("agent", error.report().jvm().mode());
        lineMatching(error, "THREAD LEAKED: \"leaky-worker\" .*");
        lineMatching(error, "  created by \"main\" #\\d+ at dev.threadleak.junit.ThreadLeakExtensionTest"
                + "\\$LeakyThreadTestCase.leaks\\(ThreadLeakExtensionTest.java:\\d+\\)");
        lineMatching(error, "note: " + ModeChoice.ATTACHED.replace("(", "\\(").replace(")", "\\)"));
        Fixtures.assertNoLineMatching(error, ".*started-before-attach.*");
        assertTrue(error.report().jvm().agentAttached(), "the report says how the agent came");
        assertTrue(error.report().toText().contains(", mode agent (attached), "), error.report().toText());
        Fixtures.assertNoLineMatching(error, ".*pre-existing.*"); // no leak here started before the agent

        // said whether or not a test fails: a build that lost its -javaagent paid an attach per JVM, unseen
        String printed = stderr.toString(StandardCharsets.UTF_8);
        String said = "threadleak: the agent was not given with -javaagent, so threadleak-junit attached it to "
                + "this JVM at run time: threads started before then have no creation stacks. To load it from the "
                + "start, give the test JVM -javaagent:\\S+threadleak-agent\\S*\\.jar \\(with Maven, .*\\)\\."
                + (TestMode.javaVersion() >= 21 ? " That also silences the JVM's warning above, as "
                + "-XX:\\+EnableDynamicAgentLoading does\\." : "");
        assertTrue(printed.lines().anyMatch(l -> l.matches(said)), printed);

        // Attached once per JVM: a second run neither attaches again nor repeats the hint.
        stderr.reset();
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            results = run(ThreadLeakExtensionTest.LeakyThreadTestCase.class);
        } finally {
            System.setErr(original);
        }
        assertEquals("agent", leakError(results, "leaks()").report().jvm().mode());
        assertFalse(stderr.toString(StandardCharsets.UTF_8).contains("threadleak: the agent"));
    }

    private static boolean agentInstalled() {
        try {
            Threadleak.agent();
            return true;
        } catch (AgentUnavailableException e) {
            return false;
        }
    }
}
