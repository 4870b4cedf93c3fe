package dev.threadleak.agent.threads;

/**
 * What a thread is parked on right now, as the wait advice saw it: the object (a condition, a
 * synchronizer, a future, a transferer, an exchanger, a phaser, a monitor, a joined thread), which
 * kind of wait, since when, the timeout (-1: none; -2: timed, value not recorded), and whether an
 * interrupt ends it. {@code outer} is the join this wait happens inside of ({@code Thread.join}
 * waits in {@code Object.wait} or on a latch on JDK 21+), which the thread is back in once this
 * wait returns; null for any other wait.
 */
public record CurrentWait(Object on, int kind, long sinceNanos, long timeoutNanos, boolean interruptible,
                          CurrentWait outer) {

    public static final long UNTIMED = -1;
    public static final long TIMED_UNKNOWN = -2;

    /** An interruptible wait, inside of nothing. */
    public CurrentWait(Object on, int kind, long sinceNanos, long timeoutNanos) {
        this(on, kind, sinceNanos, timeoutNanos, true, null);
    }

    /**
     * The wait that says what the thread is doing: a join rather than the park inside it that
     * serves it; any other wait itself.
     */
    public CurrentWait effective() {
        return outer != null ? outer : this;
    }

    public boolean untimed() {
        return timeoutNanos == UNTIMED;
    }
}
