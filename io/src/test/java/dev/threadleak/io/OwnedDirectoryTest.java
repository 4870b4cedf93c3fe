package dev.threadleak.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Directories of ours: made fresh with exactly their mode, and refused when others could get in. */
class OwnedDirectoryTest {

    @TempDir
    Path parent;

    UserPrincipal me;

    @BeforeEach
    void whoWeAre() throws IOException {
        me = Files.getOwner(parent);
    }

    @Test
    void aPrivateDirectoryIsNewOursAndMode0700() throws Exception {
        Path first = OwnedDirectory.createPrivate(parent, "threadleak-proof-");
        Path second = OwnedDirectory.createPrivate(parent, "threadleak-proof-");

        assertNotEquals(first, second, "a fresh one each time");
        for (Path dir : new Path[] {first, second}) {
            assertEquals(parent, dir.getParent());
            assertTrue(dir.getFileName().toString().matches("threadleak-proof-\\d+"), dir.toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            OwnedDirectory.checkPrivate(dir, me);
        }
    }

    @Test
    void aDirectoryReadableByAllIsMode0755AndPassesItsOwnCheckOnly() throws Exception {
        Path dir = OwnedDirectory.create(parent, "threadleak-cli-", Access.READABLE_BY_ALL);

        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        OwnedDirectory.check(dir, me, Access.READABLE_BY_ALL);
        assertRefused(() -> OwnedDirectory.checkPrivate(dir, me), dir + " is open to other users; give a directory of mode 0700");
    }

    @Test
    void anExistingDirectoryOthersCanEnterOrChangeIsRefused() throws Exception {
        Path dir = OwnedDirectory.createPrivate(parent, "d-");

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        assertRefused(() -> OwnedDirectory.checkPrivate(dir, me), dir + " is open to other users; give a directory of mode 0700");

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertRefused(() -> OwnedDirectory.check(dir, me, Access.READABLE_BY_ALL),
                dir + " is open to other users; give a directory of mode 0755");
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws Exception {
        Path dir = OwnedDirectory.createPrivate(parent, "d-");
        UserPrincipal other = () -> "somebody-else";

        assertRefused(() -> OwnedDirectory.checkPrivate(dir, other),
                dir + " is not owned by somebody-else, the user this JVM runs as");
    }

    @Test
    void aLinkAFileOrNothingIsRefused() throws Exception {
        Path dir = OwnedDirectory.createPrivate(parent, "d-");
        Path link = Files.createSymbolicLink(parent.resolve("link"), dir);
        Path file = Files.createFile(parent.resolve("file"));
        Path missing = parent.resolve("missing");

        for (Path p : new Path[] {link, file, missing}) {
            assertRefused(() -> OwnedDirectory.checkPrivate(p, me), p + " is missing or not a directory (a link to one is refused)");
        }
    }

    private static void assertRefused(Executable check, String message) {
        IOException e = assertThrows(IOException.class, check);
        assertEquals(message, e.getMessage());
    }
}
