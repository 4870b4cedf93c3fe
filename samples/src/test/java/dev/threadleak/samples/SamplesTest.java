package dev.threadleak.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line of {@link Samples}, in process: listing, usage errors, and how a run ends. */
class SamplesTest {

    /** The scenarios the contract (contract.md, "Samples") promises by name, and the ones added since. */
    private static final List<String> PROMISED = List.of("forgotten-sender", "never-closed-channel",
            "abandoned-stream", "serve-app", "tracker", "fan-out", "discarded-future", "virtual-thread-leak",
            "channel-deadlock", "forgotten-latch");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Integer> exits = new ArrayList<>();

    @Test
    void withoutArgumentsListsEveryScenarioOnOneLineEach() {
        int code = run(Samples.all());

        assertEquals(0, code);
        List<String> lines = lines(out);
        assertEquals(PROMISED.size(), lines.size(), "one line per scenario:\n" + out);
        List<String> listed = lines.stream().map(line -> line.split("\\s+", 2)[0]).collect(Collectors.toList());
        assertTrue(listed.containsAll(PROMISED), "listed " + listed + ", promised " + PROMISED);
        lines.forEach(line -> assertTrue(line.split("\\s+", 2)[1].length() > 10, "no description: " + line));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheScenariosToo() {
        assertEquals(0, run(Samples.all(), "--help"));
        assertEquals(PROMISED.size(), lines(out).size());
    }

    @Test
    void unknownScenarioIsOneLineNamingItAndTheAcceptedOnesWithExitCode2() {
        int code = run(Samples.all(), "no-such-scenario");

        assertEquals(Samples.USAGE_ERROR, code);
        String line = singleLine(err);
        assertTrue(line.contains("'no-such-scenario'"), line);
        PROMISED.forEach(name -> assertTrue(line.contains(name), name + " missing from: " + line));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--fast", "-f", "--fixed=true"})
    void unknownOptionIsOneLineNamingItAndTheAcceptedOnesWithExitCode2(String option) {
        int code = run(Samples.all(), "forgotten-sender", option);

        assertEquals(Samples.USAGE_ERROR, code);
        String line = singleLine(err);
        assertTrue(line.contains("'" + option + "'"), line);
        assertTrue(line.contains("--fixed"), line);
    }

    @Test
    void fixedWithoutAScenarioIsAUsageError() {
        assertEquals(Samples.USAGE_ERROR, run(Samples.all(), "--fixed"));
        assertTrue(singleLine(err).contains("forgotten-sender"));
    }

    @Test
    void twoScenarioNamesAreAUsageError() {
        assertEquals(Samples.USAGE_ERROR, run(Samples.all(), "tracker", "fan-out"));
        assertTrue(singleLine(err).contains("'fan-out'"));
    }

    @Test
    void leakyRunWhoseLeakKeepsTheJvmAliveEndsWithExitZero() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Thread leaked = new Thread(() -> awaitQuietly(release), "test-leaked-non-daemon");
        try {
            int code = run(List.of(new FakeScenario(leaked)), "fake");

            assertEquals(0, code);
            assertEquals(List.of(0), exits, "System.exit(0) requested");
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("test-leaked-non-daemon"), out.toString());
        } finally {
            release.countDown();
            leaked.join();
        }
    }

    @Test
    void fixedRunReturnsWithoutExiting() {
        int code = run(List.of(new FakeScenario(null)), "fake", "--fixed");

        assertEquals(0, code);
        assertEquals(List.of(), exits);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("fake (fixed)"), out.toString());
    }

    @Test
    void failingScenarioExitsWith1AndSaysWhy() {
        int code = run(List.of(new FailingScenario()), "failing");

        assertEquals(Samples.SCENARIO_FAILED, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("failing failed: java.lang.IllegalStateException"),
                err.toString());
        assertEquals(List.of(), exits);
    }

    private int run(List<Scenario> scenarios, String... args) {
        Samples samples = new Samples(scenarios, exits::add);
        return samples.run(args, utf8(out), utf8(err));
    }

    private static PrintStream utf8(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static List<String> lines(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }

    private static String singleLine(ByteArrayOutputStream bytes) {
        List<String> lines = lines(bytes);
        assertEquals(1, lines.size(), "exactly one line expected:\n" + bytes);
        return lines.get(0);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Leaky: starts {@code leaked}, the test's own thread, and leaves it running. Fixed: does nothing. */
    private static final class FakeScenario implements Scenario {
        private final Thread leaked;

        FakeScenario(Thread leaked) {
            this.leaked = leaked;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public String description() {
            return "a stand-in scenario for the runner's tests";
        }

        @Override
        public void runLeaky(PrintStream out) {
            leaked.start();
        }

        @Override
        public void runFixed(PrintStream out) {
        }
    }

    private static final class FailingScenario implements Scenario {
        @Override
        public String name() {
            return "failing";
        }

        @Override
        public String description() {
            return "a scenario that throws, for the runner's tests";
        }

        @Override
        public void runLeaky(PrintStream out) {
            throw new IllegalStateException("broken on purpose");
        }

        @Override
        public void runFixed(PrintStream out) {
            throw new IllegalStateException("broken on purpose");
        }
    }
}
