package dev.threadleak.agent.threads;

/**
 * What a thread is parked on right now, as the wait advice saw it: the object (a condition, a
 * future, a transferer, an exchanger, a joined thread), which kind of wait, since when, and the
 * timeout (-1: none; -2: timed, value not recorded).
 */
public record CurrentWait(Object on, int kind, long sinceNanos, long timeoutNanos) {

    public static final long UNTIMED = -1;
    public static final long TIMED_UNKNOWN = -2;
}
