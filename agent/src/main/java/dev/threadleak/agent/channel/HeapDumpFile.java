package dev.threadleak.agent.channel;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.threadleak.heapproof.DumpFile;
import dev.threadleak.heapproof.LiveHeapDump;
import dev.threadleak.io.OwnedDirectory;
import dev.threadleak.protocol.Request;
import dev.threadleak.protocol.Response;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Serves {@link Request.Heap} ({@code threadleak/1 heap PATH}): writes this JVM's live heap to PATH, for
 * {@code threadleak dump --prove}, which analyses it in the CLI's own process and deletes it. A
 * heap dump holds every secret the application has, so PATH is written only into a directory
 * that this JVM's user owns and nobody else can enter (the CLI makes a fresh one of mode 0700),
 * and only as a new file: an existing file, or a symbolic link someone planted, is never
 * overwritten. HotSpot creates the file with mode 0600.
 *
 * <p>The dump lives only as long as its requester: the client keeps its connection open until
 * the answer comes, and the channel watches it meanwhile: a client that goes away (the CLI was
 * killed, even with {@code kill -9}, which closes its socket all the same) has what is written
 * deleted at once ({@link #clientGone}; HotSpot goes on into an unlinked file, whose space returns
 * when it closes it). HotSpot may hold every Java thread, the channel's included, while it
 * writes: so once the dump ends the client is looked at again, before the answer, and a dump of
 * a client that is gone is deleted instead of announced. An answer that cannot be delivered
 * deletes the dump too. The CLI deletes the dump's name as soon as it has opened it to read
 * ({@code HeapProof.analyseDeleting}); what a CLI killed between the answer and that leaves is
 * swept by the next agent or CLI to start ({@link DumpFile#sweepStale}).
 *
 * <p>Through {@link HotSpotDiagnosticMXBean#dumpHeap}, obtained with
 * {@link ManagementFactory#getPlatformMXBean(Class)}: that does not create the platform MBean
 * server (checked on JDK 17 and 25: {@code MBeanServerFactory.findMBeanServer(null)} stays empty),
 * so the request costs the application nothing it did not ask for; nor does the full collection
 * before a live dump leave the application a smaller heap ({@link LiveHeapDump}).
 */
final class HeapDumpFile {

    private enum State { DUMPING, ANSWERING, CLIENT_GONE }

    private final Path file;
    private final UserPrincipal user;
    private final AtomicReference<State> state = new AtomicReference<>(State.DUMPING);

    HeapDumpFile(Path file, UserPrincipal user) {
        this.file = file;
        this.user = user;
    }

    /**
     * Refuses, in one line, a file that exists (or its parts do) or a directory that is not
     * {@code user}'s own and closed to others. Not followed through links: a link in place of the
     * directory is refused.
     */
    static void check(Path file, UserPrincipal user) throws IOException {
        try {
            OwnedDirectory.checkPrivate(file.getParent(), user);
        } catch (IOException e) {
            throw new IllegalArgumentException("the heap file's directory " + e.getMessage()); // it starts with the path
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) || hasParts(file)) {
            throw new IllegalArgumentException("the heap file " + file + " exists already; give a new file");
        }
    }

    private static boolean hasParts(Path file) throws IOException {
        String parts = file.getFileName() + ".p";
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(file.getParent(),
                p -> p.getFileName().toString().startsWith(parts))) {
            return siblings.iterator().hasNext();
        }
    }

    /** Checks, then writes the live heap; the answer for a client that is still there. */
    static Response dump(Path file, UserPrincipal user) {
        HeapDumpFile dump = new HeapDumpFile(file, user);
        return dump.write(() -> true);
    }

    /**
     * Checks, then writes the live heap (only reachable objects: HotSpot collects first); answers
     * the time it took, or null when the client went away meanwhile ({@code clientThere} says,
     * once the dump is written; the dump is deleted then). Every refusal is an
     * {@link IllegalArgumentException} of one line, which the channel answers as {@code error ...}.
     */
    Response write(BooleanSupplier clientThere) {
        try {
            check(file, user);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot check the heap file's directory " + file.getParent() + ": " + e);
        }
        long start = System.nanoTime();
        try {
            LiveHeapDump.write(file);
        } catch (IOException | RuntimeException e) {
            deleteWritten(); // a dump cut short (a full disk) is still a copy of secrets
            throw new IllegalArgumentException("could not dump the heap to " + file + ": "
                    + String.valueOf(e).replace('\n', ' '));
        }
        if (!clientThere.getAsBoolean()) {
            clientGone();
        }
        if (!state.compareAndSet(State.DUMPING, State.ANSWERING)) {
            deleteWritten(); // the client went away while HotSpot wrote: nobody will read it
            return null;
        }
        // this thread held the agent's wait table while it wrote: the proof takes its stack for no root
        return Response.heapDumped((System.nanoTime() - start) / 1_000_000, Thread.currentThread().getId());
    }

    /**
     * The client closed its connection before the answer: delete what is written so far, now.
     * After the answer it is the client's file, and closing is what a client does then.
     */
    void clientGone() {
        if (state.compareAndSet(State.DUMPING, State.CLIENT_GONE)) {
            deleteWritten();
        }
    }

    /** The answer could not be delivered: nobody will read the dump. */
    void undelivered() {
        state.set(State.CLIENT_GONE);
        deleteWritten();
    }

    /** The dump and its parts, and the directory if it is a proof directory left empty: its owner is gone. */
    private void deleteWritten() {
        DumpFile.deleteDump(file);
        Path dir = file.getParent();
        if (state.get() == State.CLIENT_GONE && dir.getFileName().toString().startsWith(DumpFile.PREFIX)) {
            try {
                Files.deleteIfExists(dir); // fails if anything else is in it: then it is not ours to delete
            } catch (IOException | RuntimeException e) {
                // left for the sweep
            }
        }
    }
}
