package dev.threadleak.agent.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code threadleak/1 heap PATH}: the files the agent refuses to dump the heap to, each in one line. */
class HeapDumpFileTest {

    @TempDir
    Path tmp;

    Path dir;
    UserPrincipal me;

    @BeforeEach
    void privateDirectory() throws Exception {
        dir = Files.createDirectory(tmp.resolve("proof"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        me = Files.getOwner(dir);
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path file = Files.createFile(dir.resolve("heap.hprof"));
        assertCheckRefused(file, "exists already; give a new file");
    }

    @Test
    void aDirectoryOthersCanEnterIsRefused() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        assertCheckRefused(dir.resolve("heap.hprof"), "is open to other users; give a directory of mode 0700");
    }

    @Test
    void aMissingDirectoryOrALinkToOneIsRefused() throws Exception {
        assertCheckRefused(dir.resolve("no/heap.hprof"), "is missing or not a directory");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dir);
        assertCheckRefused(link.resolve("heap.hprof"), "is missing or not a directory (a link to one is refused)");
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws Exception {
        UserPrincipal other = () -> "somebody-else";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeapDumpFile.check(dir.resolve("heap.hprof"), other));
        assertTrue(e.getMessage().contains("is not owned by somebody-else, the user this JVM runs as"), e.getMessage());
    }

    @Test
    void aValidRequestWritesTheLiveHeapOnlyItsOwnerCanRead() throws Exception {
        Path file = dir.resolve("heap.hprof");
        try {
            String answer = HeapDumpFile.dump(file, me).format();
            assertTrue(answer.matches("ok\ndumped \\d+ ms by thread " + Thread.currentThread().getId() + "\n"), answer);
            assertTrue(Files.size(file) > 0);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            IllegalArgumentException again = assertThrows(IllegalArgumentException.class, () -> HeapDumpFile.dump(file, me));
            assertTrue(again.getMessage().contains("exists already"), again.getMessage());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void assertCheckRefused(Path file, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeapDumpFile.check(file, me));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
