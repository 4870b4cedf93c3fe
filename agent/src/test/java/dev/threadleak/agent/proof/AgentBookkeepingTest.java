package dev.threadleak.agent.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.protocol.AgentBookkeeping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent records every wait, so its records hold every channel a thread waits on: the heap
 * proof (here and in the CLI) must know all of the agent's packages as bookkeeping, or it would
 * take the agent for a holder and prove nothing. A package added or renamed here fails this test
 * until {@link AgentBookkeeping} names it.
 */
class AgentBookkeepingTest {

    @Test
    void everyPackageOfTheAgentIsBookkeeping() throws Exception {
        Path classes = Path.of(ProvenWaits.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path agent = classes.resolve("dev/threadleak/agent");
        assertTrue(Files.isDirectory(agent.resolve("proof")), "the agent's classes are in " + classes);
        try (Stream<Path> entries = Files.list(agent)) {
            List<String> missing = entries.filter(Files::isDirectory)
                    .map(dir -> "dev.threadleak.agent." + dir.getFileName() + ".")
                    .filter(prefix -> !AgentBookkeeping.CLASS_PREFIXES.contains(prefix))
                    .sorted()
                    .toList();
            assertEquals(List.of(), missing, "packages of the agent that AgentBookkeeping.CLASS_PREFIXES leaves out");
        }
    }
}
