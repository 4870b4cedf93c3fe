package dev.threadleak.agent.reporting;

import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.report.BlockedOn;

/**
 * A thread in {@code Thread.sleep}: since when and until when, where the sleep was recorded
 * (JDK 21+, see {@code ThreadInstrumentation}), so that a report can say "sleeping, wakes in
 * 3.1 s" and a grace period need not wait for a sleep that outlasts it. On JDK 17 only the
 * stack says it sleeps.
 */
final class Sleeping {

    /** How far down the stack {@code Thread.sleep} may be: below it only the JDK's sleep and park frames. */
    private static final int TOP_FRAMES = 8;

    private Sleeping() {
    }

    /** The sleep {@code t} is in, or null when it is not sleeping (or its stack was not taken). */
    static BlockedOn of(Thread t, ThreadRecord r, StackTraceElement[] stack) {
        if (t.getState() != Thread.State.TIMED_WAITING || stack == null || !inSleep(stack)) {
            return null;
        }
        ThreadRecord.Sleep sleep = r.lastSleep();
        long now = System.nanoTime();
        if (sleep == null || now - sleep.sinceNanos() > sleep.nanos()) {
            return BlockedOn.of(BlockedOn.SLEEP, null); // its length is unknown (JDK 17), or it was not recorded
        }
        return new BlockedOn(BlockedOn.SLEEP, null, (now - sleep.sinceNanos()) / 1_000_000, null,
                sleep.nanos() / 1_000_000, null, null, null);
    }

    private static boolean inSleep(StackTraceElement[] stack) {
        for (int i = 0; i < Math.min(stack.length, TOP_FRAMES); i++) {
            StackTraceElement e = stack[i];
            if (e.getClassName().equals("java.lang.Thread") && e.getMethodName().startsWith("sleep")) {
                return true;
            }
        }
        return false;
    }
}
