package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.benchmarks.RunSettings.Part;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunSettingsTest {

    @Test
    void defaultIsTheFullRunOfEverythingWithTheAgentsDefaults() {
        RunSettings settings = RunSettings.parse(new String[0]);
        assertFalse(settings.quick());
        assertEquals(2, settings.forks());
        assertEquals(10, settings.measurementIterations());
        assertEquals(30, settings.startupRuns());
        assertEquals("", settings.agentOptions());
        for (Part part : Part.values()) {
            assertTrue(settings.runs(part), part.name());
        }
    }

    @Test
    void quickIsOneForkTwoWarmupsThreeIterations() {
        RunSettings settings = RunSettings.parse(new String[] {"--quick"});
        assertEquals(1, settings.forks());
        assertEquals(2, settings.warmupIterations());
        assertEquals(3, settings.measurementIterations());
        assertEquals(10, settings.startupRuns());
    }

    @Test
    void readsAgentOptionsPartsAndStartupRuns() {
        RunSettings settings = RunSettings.parse(new String[] {
            "--agent", "x/agent.jar", "--agent-options", "stack-depth=8", "--only", "platform,STARTUP",
            "--startup-runs", "7"});
        assertEquals(Optional.of(Path.of("x/agent.jar")), settings.agentJar());
        assertEquals("stack-depth=8", settings.agentOptions());
        assertTrue(settings.runs(Part.PLATFORM));
        assertFalse(settings.runs(Part.VIRTUAL));
        assertTrue(settings.runs(Part.STARTUP));
        assertEquals(7, settings.startupRuns());
    }

    @Test
    void onlyAcceptsTheExecutorAndQueueParts() {
        RunSettings settings = RunSettings.parse(new String[] {"--only", "executor, queue"});
        assertTrue(settings.runs(Part.EXECUTOR));
        assertTrue(settings.runs(Part.QUEUE));
        assertFalse(settings.runs(Part.PLATFORM));
        assertFalse(settings.runs(Part.VIRTUAL));
        assertFalse(settings.runs(Part.STARTUP));
    }

    @Test
    void usageAndErrorsNameEveryPart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunSettings.parse(new String[] {"--only", "memory"}));
        for (Part part : Part.values()) {
            String name = part.name().toLowerCase(Locale.ROOT);
            assertTrue(e.getMessage().contains(name), e.getMessage());
            assertTrue(RunSettings.USAGE.contains(name), RunSettings.USAGE);
        }
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> RunSettings.parse(new String[] {"--fast"}));
        assertThrows(IllegalArgumentException.class, () -> RunSettings.parse(new String[] {"--only", "memory"}));
        assertThrows(IllegalArgumentException.class, () -> RunSettings.parse(new String[] {"--startup-runs", "0"}));
        assertThrows(IllegalArgumentException.class, () -> RunSettings.parse(new String[] {"--agent"}));
    }
}
