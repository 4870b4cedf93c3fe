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

    /** A check's last look after its grace period, at most this late, is said to be at its end. */
    private static final long LOOK_AFTER_THE_END_MILLIS = 100;

    /**
     * {@code still alive 2.0 s after the test ended}, for a check that began at {@code startNanos}:
     * the grace period, or, for a check that waited past it for a thread's timed wait to end, the
     * whole wait.
     */
    public static String reason(long startNanos, Duration grace, String ending) {
        long elapsed = Math.max(0, (System.nanoTime() - startNanos) / 1_000_000);
        long waited = elapsed > grace.toMillis() + LOOK_AFTER_THE_END_MILLIS ? elapsed : Math.min(elapsed, grace.toMillis());
        // "still alive 0 ms after the test ended" reads as a misprint: a check that did not wait says so
        String reason = waited == 0 ? "still alive as " + ending : "still alive " + Durations.format(waited) + " after " + ending;
        // a check that stopped a few ms short of it waited it out, as the text reads it: "2.0 s after"
        // beside "did not wait it out" contradicted itself (Commons Pool's trial, JDK 25)
        boolean waitedItOut = waited >= grace.toMillis() || Durations.format(waited).equals(Durations.format(grace.toMillis()));
        return waitedItOut ? reason
                : reason + ": nothing left could end within the " + Durations.format(grace.toMillis())
                + " grace period, so the check did not wait it out";
    }
}
