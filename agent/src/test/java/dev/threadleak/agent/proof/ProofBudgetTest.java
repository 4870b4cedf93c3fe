package dev.threadleak.agent.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The at-exit proof runs only when its estimate fits the budget; otherwise the note says why not. */
class ProofBudgetTest {

    private static final long MB = 1 << 20;

    @Test
    void aHeapWhoseProofFitsTheBudgetIsProven() {
        assertEquals(2_500, ProofBudget.estimateMillis(100 * MB), "0.5 s and 2 s per 100 MB");
        assertNull(ProofBudget.exceeded(475 * MB, 10_000));
    }

    @Test
    void aHeapTooLargeForTheBudgetIsSkippedWithANote() {
        assertEquals("heap proof skipped: it would take an estimated 12.5 s for the 600 MB of heap in use (2 s per"
                + " 100 MB), more than its prove-budget of 10.0 s; the JVM's exit waits for the proof, so raise"
                + " prove-budget only as far as the time your process manager gives the JVM to exit",
                ProofBudget.exceeded(600 * MB, 10_000));
    }
}
