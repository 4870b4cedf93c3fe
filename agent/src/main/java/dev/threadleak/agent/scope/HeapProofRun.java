package dev.threadleak.agent.scope;

import dev.threadleak.agent.proof.ProvenWaits;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.heapproof.Makers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * Runs the heap proof on a thread of its own, and waits for it.
 *
 * <p>Why not on the caller's thread: the proof leaves the stack of the thread that runs it out of
 * its roots (that thread holds the candidates while it names them). A caller's thread holds the
 * caller's state (for a test: the test instance, kept for the next test with {@code PER_CLASS},
 * and the extension stores): a queue kept there can still be served, and must count as held. For
 * the same reason the subjects whose static holders it looks for are found on its thread: held in
 * the caller's frames, an executor's queue would look served.
 */
final class HeapProofRun {

    static final String THREAD_NAME = "threadleak-heap-proof";

    /** How long the last proof in this JVM took, dump and analysis: a check skips its early one when they are slow. */
    private static volatile long lastNanos;
    /** How many proofs this JVM ran. */
    private static final AtomicLong RUNS = new AtomicLong();
    /** How long they took in all: what {@code threadleak.prove.budget} counts. */
    private static final AtomicLong TOTAL_NANOS = new AtomicLong();

    private HeapProofRun() {
    }

    /**
     * The static holders of what {@code subjects} finds (which of two is named, by {@code makers},
     * who made them; {@code holder}, a test instance made once per class,
     * counted as a holder too, or null) and, with {@code waits}, the proof of the waits, or one
     * with no verdicts and a note saying why it failed. Waits, uninterruptibly, for the end.
     */
    static ProvenWaits prove(ThreadRegistry registry, Supplier<Object[]> subjects, Makers makers,
                             Object holder, boolean waits, LongPredicate ours, String notOurs) {
        long start = System.nanoTime();
        RUNS.incrementAndGet();
        ProvenWaits[] outcome = new ProvenWaits[1];
        Thread prover = new Thread(() -> {
            try {
                outcome[0] = ProvenWaits.prove(registry, subjects.get(), makers, holder, waits, ours, notOurs);
            } catch (Throwable e) {
                outcome[0] = ProvenWaits.failed(e);
            }
        }, THREAD_NAME);
        prover.setDaemon(true);
        prover.start();
        boolean interrupted = false;
        while (true) {
            try {
                prover.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // a dump takes at most seconds; the report is worth the wait
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        lastNanos = System.nanoTime() - start;
        TOTAL_NANOS.addAndGet(lastNanos);
        return outcome[0] != null ? outcome[0]
                : ProvenWaits.failed(new IllegalStateException(THREAD_NAME + " ended without a result"));
    }

    /**
     * Whether the last proof took longer than {@code span}: a heap grown big (Nacos's client tests:
     * hundreds of leaked clients, a dump of 4-12 s) makes an early proof cost more than the wait it
     * could save.
     */
    static boolean slowerThan(Duration span) {
        return lastNanos > span.toNanos();
    }

    /** How long this JVM's proofs took in all, dump and analysis. */
    static Duration total() {
        return Duration.ofNanos(TOTAL_NANOS.get());
    }

    /** How many proofs this JVM ran. */
    static long runs() {
        return RUNS.get();
    }

    /** As if the last proof had taken {@code took}: for tests. */
    static void lastTook(Duration took) {
        lastNanos = took.toNanos();
    }
}
