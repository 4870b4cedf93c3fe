package dev.threadleak.junit;

import dev.threadleak.report.Durations;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What heap proofs may cost a run ({@code threadleak.prove.budget}): once the agent's proofs in
 * this JVM have taken that long in all, a check judges without one, as with
 * {@code threadleak.prove=false}, and its report says so. Without a budget a check whose proof was
 * slow says what the JVM has spent on them so far and how to bound it: a heap that many leaks keep
 * big makes each dump take seconds (Nacos's client tests: 4-12 s a failing test). The agent
 * counts; this only compares. No budget by default: a verdict that hung on how fast earlier
 * dumps were would hang on the machine and the order of the tests. One a run: it says each mark
 * the JVM's proofs pass once.
 */
final class ProofBudget {

    /** What a check judged without a proof does not tell, said where a note offers or reports that. */
    private static final String WITHOUT = "a thread or pool a static field holds for the JVM's life cannot be told "
            + "apart from a leak, and no wait is proven blocked forever";

    /**
     * The JVM's proofs having passed this in all is worth a line, and again at ten and a hundred
     * times it: one on a test's heap takes 0.1-3 s. Said at every slow check, it was one line more
     * in each failure of a run (Spring Batch's trial), where once tells as much; said at 1 s, it
     * was a line about the JVM in the second failure of a suite with three (Zipkin's trial), where
     * no budget was worth setting. A bound is worth it when proofs cost a run minutes (Nacos's).
     */
    static final Duration SLOW = Duration.ofSeconds(10);

    private final Duration budget;
    /** The highest mark said, in ms: checks that run at once each saw the count pass it (HttpCore's parallel tests). */
    private final AtomicLong markSaid = new AtomicLong();
    /** The JVM's proof time, in ms, as this run's first check began; -1 until then. */
    private final AtomicLong firstSeen = new AtomicLong(-1);

    private ProofBudget(Duration budget) {
        this.budget = budget;
    }

    /** A run's budget; null for none. */
    static ProofBudget of(Duration budget) {
        return new ProofBudget(budget);
    }

    /** Whether a check may still prove, the JVM's proofs having taken {@code spent} so far. */
    boolean allows(Duration spent) {
        return budget == null || spent.compareTo(budget) < 0;
    }

    /** What a check that was not let prove, with {@code spent} spent, says; it found leaks. */
    String spentNote(Duration spent) {
        return "not asked of the heap: this JVM's heap proofs have taken " + format(spent) + ", and its "
                + Configuration.PROVE_BUDGET + " is " + format(budget) + "; judged as with " + Configuration.PROVE
                + "=false: " + WITHOUT;
    }

    /**
     * What a check that found leaks with {@code threadleak.prove=false} says: its verdicts are
     * weaker, and the report is all a reader has (JetCache's trial: a JVM-wide pool failed the
     * test that first used it, with nothing saying the proof was off).
     */
    static String offNote() {
        return "not asked of the heap: " + Configuration.PROVE + "=false, so " + WITHOUT;
    }

    /** That a check of this run begins, the JVM's proofs having taken {@code spent} so far. */
    void checking(Duration spent) {
        firstSeen.compareAndSet(-1, spent.toMillis());
    }

    /**
     * What a check that found leaks says, the JVM's proofs having taken {@code spent} so far: null
     * unless this run's checks took that past {@link #SLOW}, or ten or a hundred times it, and no
     * check said that mark already. Whichever of them passed it: they may have found nothing to
     * report (async-http-client's trial: classes whose tests each paid a dump and left their servers
     * to the class's end, 400 s of a run in proofs, and not a word of it). Not a mark the JVM had
     * passed before this run began (another run of the engine in one JVM, as a test kit makes).
     */
    String slowNote(Duration spent) {
        long from = firstSeen.get();
        long mark = markPassed(from < 0 ? spent : Duration.ofMillis(from), spent);
        if (mark == 0 || markSaid.getAndAccumulate(mark, Math::max) >= mark) {
            return null;
        }
        // no cause claimed: two dumps of one heap took 0.9 s and 2.1 s in Spring Batch's trial; "it has no budget"
        // first: maven-resolver's reader took "(30s, say)" after 10.2 s spent for a budget already passed
        return "this JVM has spent " + format(spent) + " on heap proofs so far" + (budget == null
                ? ", and it has no " + Configuration.PROVE_BUDGET + "; to bound the time, set one (30s, say): the "
                + "checks after the JVM has spent it prove nothing from the heap, so " + WITHOUT
                : ", of its " + Configuration.PROVE_BUDGET + " of " + format(budget));
    }

    /** The highest mark, in ms, from {@code before} (not yet) to {@code after}; 0 for none. */
    private static long markPassed(Duration before, Duration after) {
        long passed = 0;
        for (Duration mark = SLOW; mark.compareTo(SLOW.multipliedBy(100)) <= 0; mark = mark.multipliedBy(10)) {
            if (before.compareTo(mark) < 0 && after.compareTo(mark) >= 0) {
                passed = mark.toMillis();
            }
        }
        return passed;
    }

    private static String format(Duration d) {
        return Durations.format(d.toMillis());
    }
}
