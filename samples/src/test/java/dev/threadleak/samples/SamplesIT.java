package dev.threadleak.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadleak.testsupport.BuildOutput;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the packaged samples jar in child JVMs, as users do: every scenario ends by itself with
 * exit code 0, leaky or fixed; under the agent, the leaky programs' leaks are reported with their
 * creation site and the fixed programs leave an empty report.
 */
class SamplesIT {

    private static final Duration TIME_LIMIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Stream<Arguments> everyScenarioLeakyAndFixed() {
        return Samples.all().stream().map(Scenario::name)
                .flatMap(name -> Stream.of(Arguments.of(name, false), Arguments.of(name, true)));
    }

    @ParameterizedTest(name = "{0} fixed={1}")
    @MethodSource("everyScenarioLeakyAndFixed")
    void endsByItselfWithExitCodeZero(String scenario, boolean fixed) throws Exception {
        ChildRun run = runSamples(ChildJvm.onThisJdk(), scenario, fixed);
        assertEquals(0, run.exitCode(), run.toString());
    }

    @Test
    void listsTheScenarios() throws Exception {
        ChildRun run = runSamples(ChildJvm.onThisJdk(), null, false);
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(Samples.all().size(), run.stdout().lines().count(), run.toString());
    }

    @Test
    void forgottenSenderLeaksTheSearcherStartedInStartSearch() throws Exception {
        assertLeakReported("forgotten-sender", ForgottenSender.SEARCHER,
                ForgottenSender.class.getName(), "startSearch");
    }

    @Test
    void forgottenSenderFixedLeaksNothing() throws Exception {
        assertNoLeakReported("forgotten-sender");
    }

    @Test
    void neverClosedChannelLeaksTheWriterStartedInStartWriter() throws Exception {
        assertLeakReported("never-closed-channel", NeverClosedChannel.WRITER,
                NeverClosedChannel.class.getName() + "$UnclosableAuditLog", "startWriter");
    }

    @Test
    void neverClosedChannelFixedLeaksNothing() throws Exception {
        assertNoLeakReported("never-closed-channel");
    }

    /** What the agent must find in each leaky program: the kind and verdict of at least one leak. */
    @ParameterizedTest(name = "{0}: {1} {2}")
    @org.junit.jupiter.params.provider.CsvSource({
        "never-closed-channel, THREAD, LEAKED",
        "forgotten-sender, THREAD, LEAKED",
        "abandoned-stream, THREAD, LEAKED",
        "serve-app, THREAD, LEAKED",
        "tracker, THREAD, LEAKED",
        "fan-out, TASK, IGNORES_CANCELLATION",
        "discarded-future, THREAD, BLOCKED_FOREVER",
        "virtual-thread-leak, VIRTUAL_THREAD, LEAKED",
        "channel-deadlock, THREAD, LEAKED",
        "forgotten-latch, THREAD, LEAKED",
    })
    void eachLeakyProgramIsCaughtAndItsFixLeaksNothing(String scenario, String kind, String verdict) throws Exception {
        if (scenario.equals("virtual-thread-leak") && Runtime.version().feature() < 21) {
            return; // needs virtual threads; the scenario says so and exits
        }
        JsonNode report = runUnderAgent(scenario, false);
        boolean found = false;
        for (JsonNode leak : report.path("leaks")) {
            found |= kind.equals(leak.path("kind").asText()) && verdict.equals(leak.path("verdict").asText());
        }
        assertTrue(found, "no " + kind + " " + verdict + " in:\n" + report.toPrettyString());
        assertNoLeakReported(scenario);
    }

    /**
     * Every task recorded: the call that ignores its cancel runs in the completion service's future
     * around the caller's; one run, so one leak, named by the code the caller submitted.
     */
    @Test
    void fanOutsRunawayCallIsOneLeakNamedByItsCode() throws Exception {
        JsonNode report = runUnderAgent("fan-out", false, "tasks=all,");
        List<JsonNode> tasks = new ArrayList<>();
        report.path("leaks").forEach(leak -> {
            if ("TASK".equals(leak.path("kind").asText())) {
                tasks.add(leak);
            }
        });
        assertEquals(1, tasks.size(), report.toPrettyString());
        assertEquals("IGNORES_CANCELLATION", tasks.get(0).path("verdict").asText());
        assertTrue(tasks.get(0).path("task").path("wraps").asText().startsWith(FanOut.class.getName() + "$$Lambda"),
                tasks.get(0).toPrettyString());
    }

    @Test
    void forgottenLatchIsProvenBlockedForeverWithTheLatchNamed() throws Exception {
        JsonNode report = runUnderAgent("forgotten-latch", false, true);
        for (JsonNode leak : report.path("leaks")) {
            if (ForgottenLatch.WATCHER.equals(leak.path("thread").path("name").asText())) {
                assertEquals("BLOCKED_FOREVER", leak.path("verdict").asText(), leak.toPrettyString());
                JsonNode on = leak.path("blockedOn");
                assertEquals("java.util.concurrent.CountDownLatch.await", on.path("operation").asText());
                assertEquals("count 1", on.path("detail").asText());
                assertTrue(on.path("why").asText().contains("only this thread's own stack holds "
                        + "java.util.concurrent.CountDownLatch$Sync@"), on.toPrettyString());
                return;
            }
        }
        fail("no leak of " + ForgottenLatch.WATCHER + ":\n" + report.toPrettyString());
    }

    @Test
    void serveAppReportsTheServerThatDiedAndItsException() throws Exception {
        JsonNode deaths = runUnderAgent("serve-app", false).path("deaths");
        assertEquals(1, deaths.size(), deaths.toPrettyString());
        assertTrue(deaths.get(0).path("exceptionType").asText().endsWith("Exception"), deaths.toPrettyString());
    }

    private void assertLeakReported(String scenario, String threadName, String className, String method)
            throws Exception {
        JsonNode report = runUnderAgent(scenario, false);
        for (JsonNode leak : report.path("leaks")) {
            if (threadName.equals(leak.path("thread").path("name").asText())) {
                assertTrue(hasFrame(leak.path("createdAt"), className, method),
                        "createdAt of " + threadName + " lacks " + className + "." + method + ":\n" + leak);
                return;
            }
        }
        fail("no leak of thread " + threadName + " in the report:\n" + report.toPrettyString());
    }

    private void assertNoLeakReported(String scenario) throws Exception {
        JsonNode leaks = runUnderAgent(scenario, true).path("leaks");
        assertTrue(leaks.isArray() && leaks.isEmpty(), "expected \"leaks\": [], got:\n" + leaks.toPrettyString());
    }

    private static boolean hasFrame(JsonNode frames, String className, String method) {
        for (JsonNode frame : frames) {
            if (className.equals(frame.path("className").asText()) && method.equals(frame.path("method").asText())) {
                return true;
            }
        }
        return false;
    }

    private JsonNode runUnderAgent(String scenario, boolean fixed) throws Exception {
        return runUnderAgent(scenario, fixed, false);
    }

    /** With {@code prove}, the heap proof too, its dump in a directory of this test. */
    private JsonNode runUnderAgent(String scenario, boolean fixed, boolean prove) throws Exception {
        return runUnderAgent(scenario, fixed, prove ? "prove=true," : "");
    }

    /** {@code options}: more agent options, each followed by a comma. */
    private JsonNode runUnderAgent(String scenario, boolean fixed, String options) throws Exception {
        boolean prove = options.contains("prove=true");
        Path report = tmp.resolve("report.json");
        ChildJvm jvm = ChildJvm.onThisJdk().agent(options + "on-exit=true,format=json,report=" + report);
        if (prove) {
            jvm = jvm.jvmArg("-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("proof")));
        }
        ChildRun run = runSamples(jvm, scenario, fixed);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(Files.exists(report), "the agent wrote no report\n" + run);
        return JSON.readTree(report.toFile());
    }

    /** Runs {@code java [-javaagent:...] -jar threadleak-samples.jar [SCENARIO [--fixed]]}, ended within the time limit. */
    private ChildRun runSamples(ChildJvm jvm, String scenario, boolean fixed) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        if (scenario != null) {
            args.add(scenario);
        }
        if (fixed) {
            args.add("--fixed");
        }
        // as users run them: nothing attaches to the samples
        return jvm.withoutLateAttachFlag().timeout(TIME_LIMIT)
                .runJar(tmp, BuildOutput.file("threadleak.samples.jar"), args.toArray(String[]::new));
    }
}
