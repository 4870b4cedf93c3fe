package dev.threadleak.heapproof;

import dev.threadleak.io.OwnedDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a heap dump is written: {@code heap.hprof} in a fresh {@code threadleak-proof-*}
 * directory under {@code java.io.tmpdir} that only this user can enter (mode 0700), since a heap
 * dump holds every secret the application has. {@link #close} deletes file and directory; what
 * cannot be deleted then is deleted at exit. Used by the proof in this JVM and by a process that
 * has another JVM write its heap here.
 */
public final class DumpFile implements AutoCloseable {

    private static final String PREFIX = "threadleak-proof-";

    private final Path directory;
    private final Path file;

    private DumpFile(Path directory) {
        this.directory = directory;
        this.file = directory.resolve("heap.hprof");
    }

    /** A new directory; its file does not exist yet (HotSpot refuses to write over one). */
    public static DumpFile create() throws IOException {
        return new DumpFile(OwnedDirectory.createPrivate(Path.of(System.getProperty("java.io.tmpdir")), PREFIX));
    }

    /** The file the dump is to be written to. */
    public Path path() {
        return file;
    }

    /**
     * Also deletes file and directory at exit, should {@link #close} never run (Ctrl-C). For a
     * short-lived process only: each registration stays in memory until the JVM exits, which in
     * a long-lived host that proves again and again would be a leak of ours.
     */
    public void deleteAtExit() {
        // deleted in reverse order of registration: the file first, then its directory
        directory.toFile().deleteOnExit();
        file.toFile().deleteOnExit();
    }

    /** Deletes the dump and its directory; if that fails now, at exit: a dump left behind is a copy of secrets. */
    @Override
    public void close() {
        delete(file);
        delete(directory);
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException | RuntimeException e) {
            path.toFile().deleteOnExit();
        }
    }
}
