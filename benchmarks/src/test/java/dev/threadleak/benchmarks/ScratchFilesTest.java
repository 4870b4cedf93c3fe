package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchFilesTest {

    @Test
    void agentSnapshotKeepsTheBuildItWasTakenFromAndGoesAwayOnClose(@TempDir Path directory) throws Exception {
        Path agent = Files.write(directory.resolve("threadleak-agent.jar"), new byte[] {1, 2, 3});
        Path snapshot;
        try (ScratchFiles scratch = new ScratchFiles()) {
            snapshot = scratch.snapshotOf(agent);
            Files.write(agent, new byte[] {9}); // rebuilt while a run is measuring

            assertNotEquals(agent, snapshot);
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(snapshot));
        }
        assertFalse(Files.exists(snapshot));
    }
}
