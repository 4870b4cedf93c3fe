package dev.threadleak.agent.channel;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.threadleak.io.OwnedDirectory;
import dev.threadleak.protocol.Request;
import dev.threadleak.protocol.Response;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * Serves {@link Request.Heap} ({@code threadleak/1 heap PATH}): writes this JVM's live heap to PATH, for
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

    private HeapDumpFile() {
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
    static Response dump(Path file, UserPrincipal user) {
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
        return Response.heapDumped((System.nanoTime() - start) / 1_000_000);
    }
}
