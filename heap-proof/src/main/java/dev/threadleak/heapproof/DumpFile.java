package dev.threadleak.heapproof;

import dev.threadleak.io.OwnedDirectory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a heap dump is written: {@code heap.hprof} in a fresh {@code threadleak-proof-PID-*}
 * directory under {@code java.io.tmpdir} that only this user can enter (mode 0700), since a heap
 * dump holds every secret the application has. PID is the process that made the directory and
 * wants the dump: while it lives the dump is its own; once it is gone, nobody will read the dump,
 * and {@link #sweepStale} deletes it. {@link #close} deletes file and directory; what cannot be
 * deleted then is deleted at exit. Used by the proof in this JVM and by a process that has another
 * JVM write its heap here.
 *
 * <p>A dump is more than one file while HotSpot writes it: JDK 21+ write a large heap in parallel
 * into {@code heap.hprof.p0}, {@code .p1}... and merge them at the end. Deleting a dump deletes
 * those too.
 */
public final class DumpFile implements AutoCloseable {

    /** The start of every such directory's name; the owner's pid follows, then {@code -} and random digits. */
    public static final String PREFIX = "threadleak-proof-";
    private static final String FILE = "heap.hprof";

    private final Path directory;
    private final Path file;

    private DumpFile(Path directory) {
        this.directory = directory;
        this.file = directory.resolve(FILE);
    }

    /** A new directory of this process; its file does not exist yet (HotSpot refuses to write over one). */
    public static DumpFile create() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        return new DumpFile(OwnedDirectory.createPrivate(tmp, PREFIX + ProcessHandle.current().pid() + "-"));
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
        // deleted in reverse order of registration: the files first, then their directory
        directory.toFile().deleteOnExit();
        file.toFile().deleteOnExit();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            file.resolveSibling(FILE + ".p" + i).toFile().deleteOnExit();
        }
    }

    /** Deletes the dump and its directory; if that fails now, at exit: a dump left behind is a copy of secrets. */
    @Override
    public void close() {
        deleteDump(file);
        try {
            Files.deleteIfExists(directory);
        } catch (IOException | RuntimeException e) {
            directory.toFile().deleteOnExit();
        }
    }

    /**
     * Deletes the dump {@code file} and the parts HotSpot writes beside it ({@code FILE.p0}...):
     * only regular files (or links, never followed) of those names. Answers whether something was
     * left that could not be deleted. Deleting a file HotSpot still writes unlinks it: its name
     * and content are gone at once, its space when HotSpot closes it.
     */
    public static boolean deleteDump(Path file) {
        boolean left = !delete(file);
        Path dir = file.getParent();
        String parts = file.getFileName() + ".p";
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir,
                p -> p.getFileName().toString().startsWith(parts))) {
            for (Path part : siblings) {
                left |= !delete(part);
            }
        } catch (IOException | RuntimeException e) {
            // no directory (any more): nothing beside the file
        }
        return left;
    }

    private static boolean delete(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory()) {
                Files.delete(path);
            }
            return !a.isDirectory();
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            try {
                path.toFile().deleteOnExit();
            } catch (RuntimeException exiting) {
                // the JVM is exiting and takes no more files to delete
            }
            return false;
        }
    }

    /**
     * Deletes, in {@code java.io.tmpdir}, the dumps whose process is gone: a dump of a JVM or CLI
     * that was killed (kill -9 runs no cleanup), with its parts and its directory. Only
     * directories named {@value #PREFIX}PID-..., owned by this process's user (root too deletes
     * only its own), holding nothing but files, whose PID runs no more (or is a zombie, killed and
     * not yet reaped), or runs a process that started after the directory was last changed (the
     * pid was reused). A directory of a live
     * process, of another user or of another shape is left as it is. Answers how many were
     * deleted; never throws: tidying must never cost the caller anything.
     */
    public static int sweepStale() {
        try {
            return sweepStale(Path.of(System.getProperty("java.io.tmpdir")));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static int sweepStale(Path tmp) {
        Optional<String> user;
        try {
            user = ProcessHandle.current().info().user();
        } catch (RuntimeException e) {
            return 0;
        }
        if (user.isEmpty()) {
            return 0; // we cannot tell whose a directory is: leave them all
        }
        int swept = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (isStale(dir, user.get()) && deleteDirectory(dir)) {
                    swept++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable tmpdir: nothing to sweep
        }
        return swept;
    }

    private static boolean isStale(Path dir, String user) {
        try {
            String rest = dir.getFileName().toString().substring(PREFIX.length());
            int dash = rest.indexOf('-');
            if (dash <= 0 || dash > 19 || !rest.substring(0, dash).chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false; // not named by its owner's pid (an older version's): whose it is cannot be known
            }
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory() || !Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(user)) {
                return false;
            }
            long pid = Long.parseLong(rest.substring(0, dash));
            Optional<ProcessHandle> owner = ProcessHandle.of(pid);
            if (owner.isEmpty() || !owner.get().isAlive() || isZombie(pid)) {
                return true;
            }
            Instant changed = a.lastModifiedTime().toInstant();
            Optional<Instant> started = owner.get().info().startInstant();
            // a process that started after the directory last changed cannot be the one that made it
            return started.isPresent() && started.get().isAfter(changed.plusSeconds(1));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A process killed but not yet reaped by its parent still has its pid (Linux shows it as state
     * {@code Z} in {@code /proc/PID/stat}): it will never read a dump again. False where that
     * cannot be read.
     */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')'); // the command in parentheses may hold spaces and parentheses
            return end > 0 && stat.length() > end + 2 && stat.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Deletes the files in {@code dir} (never what is below a subdirectory or behind a link), then {@code dir}. */
    private static boolean deleteDirectory(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (!delete(entry)) {
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        try {
            Files.delete(dir);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
