package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunSettingsTest {

    @Test
    void defaultIsTheFullRunOfEverythingWithTheAgentsDefaults() {
        RunSettings settings = RunSettings.parse(new String[0]);
        assertFalse(settings.quick());
        assertEquals(3, settings.minRounds());
        assertTrue(settings.extraTimePerRow().toSeconds() >= 60, settings.extraTimePerRow().toString());
        assertEquals(30, settings.startupRuns());
        assertEquals("", settings.agentOptions());
        for (CostPart part : CostParts.ALL) {
            assertTrue(settings.runs(part), part.name());
        }
    }

    @Test
    void quickIsOneRoundOfShortForksWithoutExtraRounds() {
        RunSettings settings = RunSettings.parse(new String[] {"--quick"});
        assertEquals(1, settings.minRounds());
        assertEquals(Duration.ZERO, settings.extraTimePerRow());
        assertEquals(1, settings.childRounds());
        assertEquals(1, settings.junitRounds());
        assertEquals(1, settings.churnRounds());
        assertEquals(10, settings.startupRuns());
    }

    @Test
    void readsAgentOptionsPartsAndStartupRuns() {
        RunSettings settings = RunSettings.parse(new String[] {
            "--agent", "x/agent.jar", "--agent-options", "stack-depth=8", "--only", "platform,STARTUP, dump",
            "--startup-runs", "7"});
        assertEquals(Optional.of(Path.of("x/agent.jar")), settings.agentJar());
        assertEquals("stack-depth=8", settings.agentOptions());
        assertTrue(settings.runs(JmhPart.PLATFORM));
        assertFalse(settings.runs(JmhPart.VIRTUAL));
        assertTrue(settings.runs(new StartupPart()));
        assertTrue(settings.runs(new DumpPart()));
        assertFalse(settings.runs(new MemoryPart()));
        assertEquals(7, settings.startupRuns());
    }

    @Test
    void usageAndErrorsNameEveryPart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunSettings.parse(new String[] {"--only", "nothing"}));
        for (CostPart part : CostParts.ALL) {
            assertTrue(e.getMessage().contains(part.name()), e.getMessage());
            assertTrue(RunSettings.USAGE.contains(part.name()), RunSettings.USAGE);
        }
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> RunSettings.parse(new String[] {"--fast"}));
        assertThrows(IllegalArgumentException.class, () -> RunSettings.parse(new String[] {"--only", "nothing"}));
        assertThrows(IllegalArgumentException.class, () -> RunSettings.parse(new String[] {"--startup-runs", "0"}));
        assertThrows(IllegalArgumentException.class, () -> RunSettings.parse(new String[] {"--agent"}));
    }
}
