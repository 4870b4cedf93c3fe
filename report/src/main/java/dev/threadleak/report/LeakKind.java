package dev.threadleak.report;

/** What leaked. */
public enum LeakKind {
    /** A platform thread. */
    THREAD,
    /** A virtual thread (JDK 21+). */
    VIRTUAL_THREAD,
    /** An executor task submitted in scope and not finished. */
    TASK,
    /** An executor created in scope and never shut down. */
    EXECUTOR
}
