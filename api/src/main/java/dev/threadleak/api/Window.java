package dev.threadleak.api;

/**
 * A stretch of time during which one thread's work belongs to a {@link Scope}. Once closed, the
 * scope keeps only what the window's own threads go on to start.
 */
public interface Window extends AutoCloseable {

    /** Ends the window; idempotent. */
    @Override
    void close();
}
