package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparationTest {

    @Test
    void theAgentJarUnpackedAheadIsTheOneUnpackedInLine() throws Exception {
        Preparation preparation = Preparation.start(true);
        assertEquals(EmbeddedAgentJar.file(), preparation.agentJar());
    }

    /** Unpacking ahead must not hide why the jar could not be unpacked: the command says it where it needs the jar. */
    @Test
    void aJarThatCannotBeUnpackedFailsWhereItIsNeeded(@TempDir Path tmp) throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("a-file"), "");
        String before = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", notADirectory.toString());
        Preparation preparation;
        try {
            preparation = Preparation.start(true);
            preparation.awaitAgentJar(); // the failure is kept, not thrown here
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
        assertThrows(IOException.class, preparation::agentJar);
    }
}
