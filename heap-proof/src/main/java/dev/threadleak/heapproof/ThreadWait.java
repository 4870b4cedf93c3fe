package dev.threadleak.heapproof;

/**
 * What one thread waits for, as the caller knows it from runtime facts (the dump alone says what
 * a parked thread's blocker is, not what a thread in {@code Object.wait} waits on, nor who owns
 * the monitor a blocked thread waits to enter).
 *
 * @param threadId      the waiting thread
 * @param shape         how the wait can end (below)
 * @param interruptible whether an interrupt ends the wait: {@code Thread.interrupt} on a thread in
 *                      {@code CompletableFuture.join}, {@code Condition.awaitUninterruptibly},
 *                      {@code Lock.lock} or a monitor entry changes nothing
 * @param onThread      for {@link Shape#MONITOR_ENTER}, the id of the monitor's owner (-1: none);
 *                      for {@link Shape#JOIN}, the id of the thread joined; else -1
 */
public record ThreadWait(long threadId, Shape shape, boolean interruptible, long onThread) {

    /** How a wait can end, which decides what the proof asks of the heap. */
    public enum Shape {
        /**
         * Parked, untimed, on a synchronizer, condition, queue, future or barrier: whoever can reach
         * it (its park blocker in the dump, or the object the wait table names) can end the wait.
         */
        PARKED,
        /** In {@code Object.wait}, untimed: whoever can reach the monitor (from the wait table) can notify it. */
        OBJECT_WAIT,
        /** Blocked entering a monitor: only its owner ({@link #onThread}) can let it in, by running on. */
        MONITOR_ENTER,
        /** Joining a thread ({@link #onThread}): it ends only if that thread can run on. */
        JOIN,
        /**
         * A timed wait: it ends by itself, so it is never proven; the proof only says when nothing
         * but the waiter's own stack can reach what it polls (a loop on a dead channel).
         */
        TIMED
    }

    public ThreadWait {
        if (shape == null) {
            throw new IllegalArgumentException("a wait needs a shape");
        }
    }

    /** An untimed park on its blocker, which an interrupt ends: what the proof assumes when it is told nothing more. */
    public static ThreadWait parked(long threadId) {
        return new ThreadWait(threadId, Shape.PARKED, true, -1);
    }

    /** True for the waits the proof may call endless: every shape but {@link Shape#TIMED}. */
    public boolean untimed() {
        return shape != Shape.TIMED;
    }
}
