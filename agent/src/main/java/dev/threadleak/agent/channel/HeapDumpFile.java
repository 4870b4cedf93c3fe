package dev.threadleak.agent.channel;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.threadleak.io.OwnedDirectory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * Serves {@code threadleak/1 heap PATH}: writes this JVM's live heap to PATH, for
 * {@code threadleak dump --prove}, which analyses it in the CLI's own process and deletes it. A
 * heap dump holds every secret the application has, so PATH is written only into a directory
 * that this JVM's user owns and nobody else can enter (the CLI makes a fresh one of mode 0700),
 * and only as a new file: an existing file, or a symbolic link someone planted, is never
 * overwritten. HotSpot creates the file with mode 0600.
 *
 * <p>Through {@link HotSpotDiagnosticMXBean#dumpHeap}, obtained with
 * {@link ManagementFactory#getPlatformMXBean(Class)}: that does not create the platform MBean
 * server (checked on JDK 17 and 25: {@code MBeanServerFactory.findMBeanServer(null)} stays empty),
 * so the request costs the application nothing it did not ask for.
 */
final class HeapDumpFile {

    private static final String SUFFIX = ".hprof";

    private HeapDumpFile() {
    }

    /** The words after {@code heap}: an absolute path ending in {@code .hprof} (HotSpot insists on the suffix). */
    static Path parse(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a heap request needs the file to write: 'threadleak/1 heap /abs/dir/heap.hprof'");
        }
        Path file;
        try {
            file = Path.of(path);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a path: '" + path + "'");
        }
        if (!file.isAbsolute() || file.getParent() == null) {
            throw new IllegalArgumentException("the heap file must be an absolute path, was '" + path + "'");
        }
        if (!file.getFileName().toString().endsWith(SUFFIX)) {
            throw new IllegalArgumentException("the heap file must end in " + SUFFIX + ", was '" + path + "'");
        }
        return file.normalize();
    }

    /**
     * Refuses, in one line, a file that exists or a directory that is not {@code user}'s own and
     * closed to others. Not followed through links: a link in place of the directory is refused.
     */
    static void check(Path file, UserPrincipal user) throws IOException {
        try {
            OwnedDirectory.checkPrivate(file.getParent(), user);
        } catch (IOException e) {
            throw new IllegalArgumentException("the heap file's directory " + e.getMessage()); // it starts with the path
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("the heap file " + file + " exists already; give a new file");
        }
    }

    /**
     * Checks, then writes the live heap (only reachable objects: HotSpot collects first); answers
     * the time it took. Every failure is an {@link IllegalArgumentException} of one line, which
     * the channel answers as {@code error ...}.
     */
    static String dump(Path file, UserPrincipal user) {
        try {
            check(file, user);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot check the heap file's directory " + file.getParent() + ": " + e);
        }
        long start = System.nanoTime();
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), true);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("could not dump the heap to " + file + ": "
                    + String.valueOf(e).replace('\n', ' '));
        }
        return "dumped " + (System.nanoTime() - start) / 1_000_000 + " ms\n";
    }
}
