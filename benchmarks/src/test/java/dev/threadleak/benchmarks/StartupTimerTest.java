package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
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
            StartupTimer timer = new StartupTimer(java, scratch.helloJar());
            for (AgentConfig config : List.of(AgentConfig.noAgent(), AgentConfig.emptyAgent(scratch.emptyAgentJar()))) {
                StartupTimer.Launch launch = timer.launch(config);

                assertTrue(launch.millisToEndOfMain() > 0, config.label());
                assertTrue(launch.millisToExit() >= launch.millisToEndOfMain(), config.label());
                // The empty agent must load silently, or it is not the floor it claims to be.
                assertEquals(List.of(), launch.otherOutput(), config.label());
            }
        }
    }
}
