package dev.threadleak.report;

import java.time.Duration;

/**
 * The reason a scope's check gives for what is left: how long it waited after the scope ended, at
 * most the grace period, and, when it stopped sooner, why: nothing left could end within the grace
 * period (a thread that sleeps past it, an executor nobody shut down), so waiting could not help.
 */
public final class StillAlive {

    private StillAlive() {
    }

    /** {@code still alive 2.0 s after the test ended}, for a check that began at {@code startNanos}. */
    public static String reason(long startNanos, Duration grace, String ending) {
        long waited = Math.max(0, Math.min((System.nanoTime() - startNanos) / 1_000_000, grace.toMillis()));
        // "still alive 0 ms after the test ended" reads as a misprint: a check that did not wait says so
        String reason = waited == 0 ? "still alive as " + ending : "still alive " + Durations.format(waited) + " after " + ending;
        return waited >= grace.toMillis() ? reason
                : reason + ": nothing left could end within the " + Durations.format(grace.toMillis())
                + " grace period, so the check did not wait it out";
    }
}
