package dev.threadleak.agent.proof;

import dev.threadleak.report.Durations;

/**
 * Whether the at-exit heap proof ({@code prove=true}) fits its time budget ({@code prove-budget}),
 * judged before it starts: the JVM's exit waits for it, and a process manager that sends SIGTERM
 * sends SIGKILL a grace period later (30 s in Kubernetes), after which there is no report at all.
 *
 * <p>The estimate is from the heap in use now, an upper bound of the live heap the dump writes,
 * at the rate measured for the proof (README, "The heap proof", Cost: 1.2 s for 87 MB, 4.8 s for
 * 421 MB, 7.4 s for 838 MB on a 2-core machine, dump and analysis): {@value #MILLIS_PER_MB} ms per
 * MB, rounded up from the worst of them, plus {@value #FIXED_MILLIS} ms for a proof's first run.
 */
public final class ProofBudget {

    static final long MILLIS_PER_MB = 20;
    static final long FIXED_MILLIS = 500;

    private ProofBudget() {
    }

    /** The proof's estimated time for {@code heapBytes} of heap in use. */
    static long estimateMillis(long heapBytes) {
        return FIXED_MILLIS + (heapBytes >> 20) * MILLIS_PER_MB;
    }

    /** Null if the proof of this JVM's heap fits {@code budgetMillis}; else the note that says it was skipped, and why. */
    public static String exceeded(long budgetMillis) {
        Runtime runtime = Runtime.getRuntime();
        return exceeded(runtime.totalMemory() - runtime.freeMemory(), budgetMillis);
    }

    static String exceeded(long heapBytes, long budgetMillis) {
        long estimate = estimateMillis(heapBytes);
        if (estimate <= budgetMillis) {
            return null;
        }
        return "heap proof skipped: it would take an estimated " + Durations.format(estimate) + " for the "
                + (heapBytes >> 20) + " MB of heap in use (2 s per 100 MB), more than its prove-budget of "
                + Durations.format(budgetMillis) + "; the JVM's exit waits for the proof, so raise prove-budget only as"
                + " far as the time your process manager gives the JVM to exit";
    }
}
