package dev.threadleak.agent.proof;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.threadleak.io.OwnedDirectory;
import dev.threadleak.report.Verdict;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The heap proof's entry points: which parked threads can never wake, proven from a heap dump
 * (see {@link WakeProof} for the method). In-process ({@link #proveParkedThreads}: dumps this
 * JVM's live heap into a private temporary directory, analyses it, deletes it) and on a dump
 * file another process wrote ({@link #analyse}: what {@code threadleak dump --prove} does after
 * asking the target JVM, through its agent's channel, to {@code dumpHeap(file, true)}).
 *
 * <p>The thread ids given must be threads parked, untimed, on a channel operation (a queue's
 * condition, a transfer, a future, an exchanger); any other thread is treated as running, which
 * can only make the proof prove less. Never throws: a failure is in {@link Result#failure()}.
 */
public final class HeapProof {

    /**
     * Class-name prefixes of objects that hold channels without ever waking anyone: the agent's
     * own records (it remembers every wait) and its shaded libraries.
     */
    public static final List<String> AGENT_BOOKKEEPING = List.of(
            "dev.threadleak.agent.bootstrap.", "dev.threadleak.agent.channel.", "dev.threadleak.agent.executors.",
            "dev.threadleak.agent.jmx.", "dev.threadleak.agent.memory.", "dev.threadleak.agent.proof.",
            "dev.threadleak.agent.reporting.", "dev.threadleak.agent.scope.", "dev.threadleak.agent.threads.",
            "dev.threadleak.agent.waits.", "dev.threadleak.agent.weaving.", "dev.threadleak.agent.Agent",
            "dev.threadleak.agent.Installer", "dev.threadleak.shaded.");

    private HeapProof() {
    }

    /**
     * What the proof found. {@code findings}: the threads proven {@code BLOCKED_FOREVER} or
     * {@code DEADLOCKED}; {@code eventuallyRunnable}: parked threads something running can wake;
     * {@code undecided}: threads the dump could not settle (not in it, or not parked on an
     * object). {@code failure} is non-null when there is no proof at all, and says why.
     */
    public record Result(List<HeapFinding> findings, Set<Long> eventuallyRunnable, Set<Long> undecided,
                         long dumpMillis, long analysisMillis, long heapObjects, long dumpBytes, String failure) {

        public Result {
            findings = List.copyOf(findings);
            eventuallyRunnable = Set.copyOf(eventuallyRunnable);
            undecided = Set.copyOf(undecided);
        }

        static Result failed(String why, long dumpMillis, long analysisMillis) {
            return new Result(List.of(), Set.of(), Set.of(), dumpMillis, analysisMillis, 0, 0, why);
        }

        public long tookMillis() {
            return dumpMillis + analysisMillis;
        }

        public Map<Long, HeapFinding> byThread() {
            Map<Long, HeapFinding> result = new HashMap<>();
            for (HeapFinding f : findings) {
                result.put(f.threadId(), f);
            }
            return result;
        }

        /**
         * The findings whose thread still waits as it did before the dump ({@code unchanged}), and
         * the notes to print: a thread woken while the heap was written may look unreachable in it.
         */
        public Kept keepUnchanged(Predicate<HeapFinding> unchanged) {
            Map<Long, HeapFinding> kept = new HashMap<>();
            int changed = 0;
            for (HeapFinding f : findings) {
                if (unchanged.test(f)) {
                    kept.put(f.threadId(), f);
                } else {
                    changed++;
                }
            }
            List<String> notes = new ArrayList<>();
            notes.add(note());
            if (changed > 0) {
                notes.add("heap proof: " + changed + " thread" + (changed == 1 ? "" : "s")
                        + " stopped waiting during the dump, left unproven");
            }
            return new Kept(kept, notes);
        }

        /** One line for a report's notes: what the proof cost and what it settled, or why it failed. */
        public String note() {
            if (failure != null) {
                return "heap proof failed after " + tookMillis() + " ms, verdicts are from runtime facts only: " + failure;
            }
            long forever = findings.stream().filter(f -> f.verdict() == Verdict.BLOCKED_FOREVER).count();
            long deadlocked = findings.size() - forever;
            return "heap proof took " + tookMillis() + " ms (dump " + dumpMillis + " ms, analysis " + analysisMillis
                    + " ms; " + heapObjects + " objects, " + (dumpBytes >> 20) + " MB): " + forever
                    + " parked thread" + (forever == 1 ? "" : "s") + " blocked forever, " + deadlocked
                    + " deadlocked, " + eventuallyRunnable.size() + " can still be woken";
        }
    }

    /** Findings kept after the woken-during-the-dump check, by thread id, and the notes that go with them. */
    public record Kept(Map<Long, HeapFinding> findings, List<String> notes) {
    }

    /**
     * Dumps this JVM's live heap and proves which of {@code parkedThreadIds} can never wake.
     * {@code ownThreadIds}: threads whose stacks are not roots because they are the caller's own
     * (the thread running the proof holds the candidates to name them).
     */
    public static Result proveParkedThreads(Collection<Long> parkedThreadIds, Collection<Long> ownThreadIds) {
        long start = System.nanoTime();
        Path dir = null;
        Path file = null;
        try {
            dir = privateDirectory();
            file = dir.resolve("heap.hprof");
            HotSpotDiagnosticMXBean diagnostic = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            diagnostic.dumpHeap(file.toString(), true);
            long dumped = System.nanoTime();
            Result result = analyse(file, parkedThreadIds, ownThreadIds);
            return new Result(result.findings(), result.eventuallyRunnable(), result.undecided(),
                    millis(dumped - start), result.analysisMillis(), result.heapObjects(), result.dumpBytes(),
                    result.failure());
        } catch (Throwable e) {
            return Result.failed("could not dump the heap: " + e, millis(System.nanoTime() - start), 0);
        } finally {
            delete(file);
            delete(dir);
        }
    }

    /** Proves from an existing HPROF file; see {@link #proveParkedThreads}. */
    public static Result analyse(Path hprof, Collection<Long> parkedThreadIds, Collection<Long> ownThreadIds) {
        long start = System.nanoTime();
        try {
            long size = Files.size(hprof);
            HeapDump heap = HeapDump.read(hprof);
            WakeProof.Outcome outcome = new WakeProof(heap, AGENT_BOOKKEEPING)
                    .prove(Set.copyOf(parkedThreadIds), Set.copyOf(ownThreadIds));
            long took = millis(System.nanoTime() - start);
            if (outcome.refusal() != null) {
                return Result.failed(outcome.refusal(), 0, took);
            }
            return new Result(outcome.findings(), outcome.eventuallyRunnable(), outcome.undecided(), 0, took,
                    heap.objectCount(), size, null);
        } catch (Throwable e) {
            return Result.failed("could not read the heap dump " + hprof.getFileName() + ": " + e, 0,
                    millis(System.nanoTime() - start));
        }
    }

    /** A fresh directory only this user can enter: a heap dump holds every secret the application has. */
    public static Path privateDirectory() throws IOException {
        return OwnedDirectory.createPrivate(Path.of(System.getProperty("java.io.tmpdir")), "threadleak-proof-");
    }

    /** Deletes a dump or its directory; if that fails now, at exit: a dump left behind is a copy of secrets. */
    public static void delete(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException | RuntimeException e) {
            path.toFile().deleteOnExit();
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
