package dev.threadleak.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** What {@link OutputFile} does to each kind of path, and what it leaves beside it: nothing. */
class OutputFileTest {

    @TempDir
    Path dir;

    @Test
    void aRegularFileIsReplacedByANewOneOnlyItsOwnerCanRead() throws Exception {
        Path file = Files.writeString(dir.resolve("report.txt"), "old report");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        Object before = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

        OutputFile.write(file, "new report");

        assertEquals("new report", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertNotEquals(before, Files.readAttributes(file, BasicFileAttributes.class).fileKey(),
                "renamed over it, not rewritten: a reader never sees half a report");
        assertEquals(Set.of("report.txt"), names(dir));
    }

    @Test
    void aNewPathIsCreatedWithTheModeAskedFor() throws Exception {
        Path owner = dir.resolve("report.json");
        Path shared = dir.resolve("agent.jar");

        OutputFile.write(owner, "{}");
        OutputFile.write(shared, new byte[] {1, 2, 3}, Access.READABLE_BY_ALL);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(owner)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(shared));
        assertEquals(Set.of("report.json", "agent.jar"), names(dir));
    }

    @Test
    void aDirectoryIsRefusedInOneLineAndNothingIsCreatedBesideIt() throws Exception {
        Path target = Files.createDirectory(dir.resolve("reports"));

        IOException e = assertThrows(IOException.class, () -> OutputFile.write(target, "report"));

        assertEquals(target + ": is a directory; give a regular file or a new path (replaced atomically),"
                + " or a device or FIFO (written in place)", e.getMessage());
        assertEquals(Set.of("reports"), names(dir));
        assertEquals(Set.of(), names(target));
    }

    @Test
    void aLinkToADirectoryOrToNothingIsRefusedAndLeftALink() throws Exception {
        Path toDir = Files.createSymbolicLink(dir.resolve("to-dir"), Files.createDirectory(dir.resolve("d")));
        Path toNothing = Files.createSymbolicLink(dir.resolve("to-nothing"), dir.resolve("missing"));

        IOException e = assertThrows(IOException.class, () -> OutputFile.write(toDir, "report"));
        assertTrue(e.getMessage().startsWith(toDir + ": is a link to a directory; give "), e.getMessage());
        e = assertThrows(IOException.class, () -> OutputFile.write(toNothing, "report"));
        assertTrue(e.getMessage().startsWith(toNothing + ": is a link to nothing; give "), e.getMessage());

        assertTrue(Files.isSymbolicLink(toDir));
        assertTrue(Files.isSymbolicLink(toNothing));
        assertEquals(Set.of("to-dir", "to-nothing", "d"), names(dir), "the link's target is not created either");
        assertEquals(Set.of(), names(dir.resolve("d")));
    }

    @Test
    void aLinkToARegularFileIsAppendedToThroughTheLink() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "the application's own output\n");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
        Path link = Files.createSymbolicLink(dir.resolve("stderr"), log);

        OutputFile.write(link, "the report\n");

        assertTrue(Files.isSymbolicLink(link));
        assertEquals(log, Files.readSymbolicLink(link));
        assertEquals("the application's own output\nthe report\n", Files.readString(log), "nothing that was there is lost");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        assertEquals(Set.of("app.log", "stderr"), names(dir));
    }

    @Test
    void aFailureWhileWritingLeavesTheOldFileAndNoTemporaryOne() throws Exception {
        Path file = Files.writeString(dir.resolve("report.txt"), "old report");

        IOException e = assertThrows(IOException.class, () -> OutputFile.write(file, Access.OWNER_ONLY, out -> {
            out.write("half a rep".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IOException("No space left on device");
        }));
        assertEquals(file + ": cannot write it (No space left on device)", e.getMessage());
        assertThrows(IllegalStateException.class, () -> OutputFile.write(file, Access.OWNER_ONLY, out -> {
            out.write(1);
            throw new IllegalStateException("a bug in the body");
        }));

        assertEquals("old report", Files.readString(file));
        assertEquals(Set.of("report.txt"), names(dir));
    }

    @Test
    void aMissingDirectoryIsOneLineNamingThePath() {
        Path file = dir.resolve("no/such/dir/report.json");

        IOException e = assertThrows(IOException.class, () -> OutputFile.write(file, "report"));

        assertEquals(file + ": cannot create a file in " + file.getParent() + " (no such file or directory); give a path in a directory you can write",
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("no")));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void devNullIsWrittenInPlaceAndStaysADevice() throws Exception {
        Path devNull = Path.of("/dev/null");
        Set<String> devBefore = names(devNull.getParent());
        BasicFileAttributes before = Files.readAttributes(devNull, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Object modeBefore = Files.getPosixFilePermissions(devNull);

        OutputFile.write(devNull, "report");

        BasicFileAttributes after = Files.readAttributes(devNull, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertTrue(after.isOther(), "still a character device");
        assertEquals(before.fileKey(), after.fileKey());
        assertEquals(modeBefore, Files.getPosixFilePermissions(devNull), "its mode is left as it was");
        assertEquals(devBefore.stream().filter(n -> n.startsWith(".threadleak")).toList(),
                names(devNull.getParent()).stream().filter(n -> n.startsWith(".threadleak")).toList());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aLinkToDevNullIsWrittenThroughAndStaysALink() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("null"), Path.of("/dev/null"));

        OutputFile.write(link, "report");

        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(link));
        assertEquals(Set.of("null"), names(dir));
        Files.delete(link); // JUnit would warn of a link out of its temporary directory
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a FIFO nobody opens waits in native code
    void aFifoIsWrittenInPlaceForItsReader() throws Exception {
        Path fifo = dir.resolve("reports.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo made the FIFO");
        FutureTask<byte[]> read = new FutureTask<>(() -> Files.readAllBytes(fifo));
        Thread reader = new Thread(read, "fifo-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            OutputFile.write(fifo, "report through a FIFO\n");

            assertEquals("report through a FIFO\n", new String(read.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8));
            assertTrue(Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther(),
                    "still a FIFO");
            assertEquals(Set.of("reports.fifo"), names(dir));
        } finally {
            releaseReader(fifo, reader);
        }
    }

    /**
     * If the write never opened the FIFO, the reader waits in open(), or has yet to get there.
     * Opening it for reading and writing (which on Linux never waits) lets such an open return,
     * and closing it gives the reader its end of file; done until the reader has ended.
     */
    private static void releaseReader(Path fifo, Thread reader) throws Exception {
        boolean alive = Deadline.after(Duration.ofSeconds(30)).pollUntil(() -> {
            try (SeekableByteChannel release = Files.newByteChannel(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return reader.isAlive();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, a -> !a, (a, deadline) -> TimeUnit.MILLISECONDS.timedJoin(reader, 50));
        assertFalse(alive, "the FIFO's reader ended");
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
