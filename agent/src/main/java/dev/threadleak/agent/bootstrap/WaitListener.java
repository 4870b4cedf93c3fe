package dev.threadleak.agent.bootstrap;

/**
 * What the wait advice reports: the current thread is about to park on {@code on} (a condition
 * of a queue, a future, a transfer queue, an exchanger, a thread it joins), and later that it
 * stopped waiting. Called on the slow path only: the methods advised run when the thread has
 * already found it must wait.
 */
public interface WaitListener {

    int CONDITION = 1;
    int FUTURE_TASK = 2;
    int COMPLETABLE_FUTURE = 3;
    int FORK_JOIN_TASK = 4;
    int THREAD_JOIN = 5;
    int TRANSFER = 6;
    int EXCHANGER = 7;

    /** {@code timeoutNanos}: -1 when untimed; for a join, milliseconds, 0 meaning untimed. */
    void waitBegins(Object on, int kind, long timeoutNanos);

    /** The same, from methods that say "timed" with a flag. */
    void waitBegins(Object on, int kind, boolean timed, long nanos);

    void waitEnds();

    /** {@code part} (a condition, a transferer) belongs to {@code channel} (a queue). */
    void channelPart(Object channel, Object part);
}
