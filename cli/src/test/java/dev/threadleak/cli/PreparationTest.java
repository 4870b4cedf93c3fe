package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparationTest {

    @Test
    void theAgentJarFoundAheadIsTheOneUnpackedInLine() throws Exception {
        Path unpacked = EmbeddedAgentJar.file();
        assertEquals(unpacked, Preparation.start(true).agentJar());
    }

    /** Nothing is written ahead: a command that does not load the agent leaves no file; one that does unpacks it. */
    @Test
    void unpacksOnlyWhenTheJarIsAskedFor(@TempDir Path tmp) throws Exception {
        TemporaryDirectoryProperty.setTo(tmp, () -> {
            byte[] jar = EmbeddedAgentJar.bytes();
            assertNull(EmbeddedAgentJar.unpackedAlready(jar));
            try (Stream<Path> files = Files.list(tmp)) {
                assertEquals(List.of(), files.toList(), "looking made nothing");
            }
            Path unpacked = Preparation.start(true).agentJar();
            assertEquals(tmp, unpacked.getParent().getParent());
            assertEquals(unpacked, EmbeddedAgentJar.unpackedAlready(jar), "found by the next run");
        });
    }

    /** A jar found ahead is marked used where it is used, so that another version's unpacking leaves it. */
    @Test
    void theJarFoundAheadIsMarkedUsedWhenItIsUsed(@TempDir Path tmp) throws Exception {
        TemporaryDirectoryProperty.setTo(tmp, () -> {
            Path unpacked = Preparation.start(true).agentJar();
            FileTime twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
            Files.setLastModifiedTime(unpacked, twoDaysAgo);
            Preparation preparation = Preparation.start(true);
            preparation.agentJar(); // waits for the look ahead, which finds it
            assertTrue(Files.getLastModifiedTime(unpacked).compareTo(twoDaysAgo) > 0, "marked used");
        });
    }

    /** Looking ahead must not hide why the jar cannot be unpacked: the command says it where it needs the jar. */
    @Test
    void aJarThatCannotBeUnpackedFailsWhereItIsNeeded(@TempDir Path tmp) throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("a-file"), "");
        TemporaryDirectoryProperty.setTo(notADirectory, () -> {
            Preparation preparation = Preparation.start(true);
            assertThrows(IOException.class, preparation::agentJar);
        });
    }
}
