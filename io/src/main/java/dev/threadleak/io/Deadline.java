package dev.threadleak.io;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A moment on {@link System#nanoTime()}'s clock by which a wait must end: how much time is left,
 * and a poll that looks, waits, and looks again until what it sees is done or the time is up.
 * The caller says how to wait between two looks: join the thread it waits for, await a latch,
 * or, only where there is nothing to wait on, {@linkplain #sleep sleep} a little. Nothing here
 * starts a thread or waits past the deadline.
 *
 * <pre>{@code
 * Deadline deadline = Deadline.after(grace);
 * List<Thread> alive = deadline.pollUntil(scope::aliveThreads, List::isEmpty,
 *         (last, d) -> d.join(last.get(0)));
 * }</pre>
 */
public final class Deadline {

    /** How to wait between two looks, given the last thing seen; must return by {@code deadline}. */
    @FunctionalInterface
    public interface Pause<T> {
        void await(T lastSeen, Deadline deadline) throws InterruptedException;
    }

    private final long endNanos;

    private Deadline(long endNanos) {
        this.endNanos = endNanos;
    }

    /** {@code timeout} from now; a negative one has passed already, one too long to count in nanoseconds never passes. */
    public static Deadline after(Duration timeout) {
        long nanos;
        try {
            nanos = Math.max(0, timeout.toNanos());
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        // may overflow: only differences of nanoTime readings are compared, and they stay right
        return new Deadline(System.nanoTime() + nanos);
    }

    /** Nanoseconds left, 0 once it has passed. */
    public long remainingNanos() {
        return Math.max(0, endNanos - System.nanoTime());
    }

    public boolean hasPassed() {
        return endNanos - System.nanoTime() <= 0;
    }

    /**
     * Looks with {@code probe} until what it sees is {@code done}, waiting between two looks as
     * {@code pause} says, and answers the last thing seen: done, or not done when time ran out.
     * Looks at least once, and once more after the last wait.
     */
    public <T> T pollUntil(Supplier<? extends T> probe, Predicate<? super T> done, Pause<? super T> pause)
            throws InterruptedException {
        T seen = probe.get();
        while (!done.test(seen) && !hasPassed()) {
            pause.await(seen, this);
            seen = probe.get();
        }
        return seen;
    }

    /**
     * Waits until {@code thread} ends or the deadline passes; true if it ended. Never
     * {@code join(0)}, which would wait forever.
     */
    public boolean join(Thread thread) throws InterruptedException {
        TimeUnit.NANOSECONDS.timedJoin(thread, remainingNanos());
        return !thread.isAlive();
    }

    /** Sleeps {@code step}, or less if the deadline comes first: for a poll with nothing to wait on. */
    public void sleep(Duration step) throws InterruptedException {
        long nanos;
        try {
            nanos = step.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(nanos, remainingNanos()));
    }
}
