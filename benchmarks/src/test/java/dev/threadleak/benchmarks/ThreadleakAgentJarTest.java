package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadleakAgentJarTest {

    @Test
    void takesTheJarItIsGiven(@TempDir Path directory) throws Exception {
        Path jar = Files.createFile(directory.resolve("agent.jar"));
        assertEquals(jar.toAbsolutePath().normalize(), ThreadleakAgentJar.locate(Optional.of(jar)));
    }

    @Test
    void refusesAMissingJar(@TempDir Path directory) {
        assertThrows(IllegalArgumentException.class,
                () -> ThreadleakAgentJar.locate(Optional.of(directory.resolve("missing.jar"))));
    }
}
