package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.benchmarks.StartupTimer.StartupTimes;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Launches two small child JVMs (no JMH): Hello bare and under the generated empty agent. */
class StartupTimerTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, StartupTimer.median(List.of(5.0, 1.0, 3.0)));
        assertEquals(2.5, StartupTimer.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertTrue(Double.isNaN(StartupTimer.median(List.of())));
    }

    @Test
    void timesHelloWithoutAndWithTheEmptyAgent() throws Exception {
        try (ScratchFiles scratch = new ScratchFiles()) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<AgentConfig> configs = List.of(AgentConfig.noAgent(), AgentConfig.emptyAgent(scratch.emptyAgentJar()));

            Map<AgentConfig, StartupTimes> times = new StartupTimer(java, scratch.helloJar(), 0, 1, quiet()).measure(configs);

            assertEquals(configs, List.copyOf(times.keySet()));
            times.forEach((config, time) -> {
                assertTrue(time.toEndOfMain().score() > 0, config.label());
                assertTrue(time.toExit().score() >= time.toEndOfMain().score(), config.label());
                // The empty agent must load silently, or it is not the floor it claims to be.
                assertEquals(List.of(), time.otherOutput(), config.label());
            });
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
