package dev.threadleak.agent.bootstrap;

/**
 * What the wait advice reports: the current thread is about to park on {@code on} (a condition
 * of a queue or lock, a synchronizer, a future, a transfer queue, an exchanger, a phaser, a
 * monitor it waits on, a thread it joins), and later that it stopped waiting. Called on the slow
 * path only: the methods advised run when the thread has already found it must wait.
 */
public interface WaitListener {

    int CONDITION = 1;
    int FUTURE_TASK = 2;
    int COMPLETABLE_FUTURE = 3;
    int FORK_JOIN_TASK = 4;
    int THREAD_JOIN = 5;
    int TRANSFER = 6;
    int EXCHANGER = 7;
    /** An AQS or AQLS acquire ({@code on}: the synchronizer), or a {@code StampedLock} one (the lock). */
    int LOCK = 8;
    /** {@code Object.wait} ({@code on}: the monitor); its timeout is in milliseconds, 0 meaning untimed. */
    int MONITOR_WAIT = 9;
    /** A phaser's await ({@code on}: the phaser). */
    int PHASER = 10;
    /** A flag on a kind: the time passed is a {@code System.nanoTime()} deadline, not a duration. */
    int DEADLINE = 1 << 8;

    /** {@code timeoutNanos}: -1 when untimed; for a join or an {@code Object.wait}, milliseconds, 0 meaning untimed. */
    void waitBegins(Object on, int kind, long timeoutNanos);

    /** The same, from methods that say "timed" with a flag. */
    void waitBegins(Object on, int kind, boolean timed, long nanos);

    /** The same, from methods that also say whether an interrupt ends the wait. */
    void waitBegins(Object on, int kind, boolean interruptible, boolean timed, long nanos);

    void waitEnds();

    /** {@code part} (a condition, a transferer) belongs to {@code channel} (a queue, a barrier). */
    void channelPart(Object channel, Object part);
}
