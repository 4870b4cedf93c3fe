package dev.threadleak.torture;

import dev.threadleak.heapproof.DumpFile;
import dev.threadleak.io.Deadline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** The heap dumps under a {@code java.io.tmpdir}: the directories and what is in them. */
final class DumpDirectories {

    private static final Duration STEP = Duration.ofMillis(10);

    private DumpDirectories() {
    }

    /** Every file in a {@code threadleak-proof-*} directory of {@code tmp}, and the directories themselves. */
    static List<Path> in(Path tmp) {
        try (Stream<Path> all = Files.walk(tmp)) {
            return all.filter(p -> !p.equals(tmp) && p.toString().contains(DumpFile.PREFIX)).sorted().toList();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException gone) {
                return List.of(Path.of(gone.getFile())); // deleted while we listed: it was there a moment ago
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a dump file (or a part of one) is being written in {@code tmp}; false if none came within {@code limit}. */
    static boolean awaitDumpBegun(Path tmp, Duration limit) throws InterruptedException {
        return Deadline.after(limit).pollUntil(() -> in(tmp).stream()
                        .anyMatch(p -> p.getFileName().toString().startsWith("heap.hprof")),
                Boolean::booleanValue, (seen, d) -> d.sleep(STEP));
    }

    /** Waits until nothing of a dump is left in {@code tmp}; returns what is left when {@code limit} passed. */
    static List<Path> awaitNone(Path tmp, Duration limit) throws InterruptedException {
        return Deadline.after(limit).pollUntil(() -> in(tmp), List::isEmpty, (seen, d) -> d.sleep(Duration.ofMillis(50)));
    }
}
