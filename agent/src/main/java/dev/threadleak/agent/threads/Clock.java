package dev.threadleak.agent.threads;

/**
 * Wall-clock milliseconds from a {@link System#nanoTime()} reading: the hot path reads one
 * clock, and ordering (which scopes rely on) comes from the monotonic one.
 */
public final class Clock {

    private static final long BASE_NANOS = System.nanoTime();
    private static final long BASE_MILLIS = System.currentTimeMillis();

    private Clock() {
    }

    public static long millis(long nanoTime) {
        return BASE_MILLIS + (nanoTime - BASE_NANOS) / 1_000_000;
    }
}
