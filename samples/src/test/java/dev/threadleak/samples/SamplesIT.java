package dev.threadleak.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    private static final long TIME_LIMIT_SECONDS = 10;
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
        Run run = runSamples(List.of(), scenario, fixed);
        assertEquals(0, run.exitCode, run.describe());
    }

    @Test
    void listsTheScenarios() throws Exception {
        Run run = runSamples(List.of(), null, false);
        assertEquals(0, run.exitCode, run.describe());
        assertEquals(Samples.all().size(), run.stdout().lines().count(), run.describe());
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
        Path report = tmp.resolve("report.json");
        String agent = "-javaagent:" + requiredFile("threadleak.agent.jar",
                "build the agent first: mvn -pl agent package")
                + "=on-exit=true,format=json,report=" + report;
        Run run = runSamples(List.of(agent), scenario, fixed);
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(Files.exists(report), "the agent wrote no report\n" + run.describe());
        return JSON.readTree(report.toFile());
    }

    /** Runs {@code java JVM_OPTIONS -jar threadleak-samples.jar [SCENARIO [--fixed]]}, ended within the time limit. */
    private Run runSamples(List<String> jvmOptions, String scenario, boolean fixed)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaOfThisJvm());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(requiredFile("threadleak.samples.jar", "run through mvn verify, after package"));
        if (scenario != null) {
            command.add(scenario);
        }
        if (fixed) {
            command.add("--fixed");
        }
        Run run = new Run(command, Files.createTempFile(tmp, "stdout", ".txt"),
                Files.createTempFile(tmp, "stderr", ".txt"));
        Process process = new ProcessBuilder(command)
                .redirectOutput(run.stdoutFile.toFile()).redirectError(run.stderrFile.toFile()).start();
        try {
            if (!process.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                fail("did not end within " + TIME_LIMIT_SECONDS + " s\n" + run.describe());
            }
            run.exitCode = process.exitValue();
            return run;
        } finally {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** The java that runs this test, so that the child runs on the same JDK (17, 25, ...). */
    private static String javaOfThisJvm() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static String requiredFile(String property, String hint) {
        String path = System.getProperty(property);
        if (path == null) {
            fail("system property " + property + " is not set: " + hint);
        }
        if (!Files.isRegularFile(Path.of(path))) {
            fail(property + " = " + path + " does not exist: " + hint);
        }
        return path;
    }

    /** One child JVM: its command line, where its output went, and how it ended. */
    private static final class Run {
        final List<String> command;
        final Path stdoutFile;
        final Path stderrFile;
        int exitCode = -1;

        Run(List<String> command, Path stdoutFile, Path stderrFile) {
            this.command = command;
            this.stdoutFile = stdoutFile;
            this.stderrFile = stderrFile;
        }

        String stdout() throws IOException {
            return Files.readString(stdoutFile, StandardCharsets.UTF_8);
        }

        String describe() {
            try {
                return String.join(" ", command) + "\n--- stdout:\n" + stdout() + "--- stderr:\n"
                        + Files.readString(stderrFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return String.join(" ", command) + " (output unreadable: " + e + ")";
            }
        }
    }
}
