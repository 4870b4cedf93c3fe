package dev.threadleak.agent.executors;

import java.util.function.Supplier;

/**
 * An executor's state read through its public methods, which a subclass may override to throw:
 * MINA's {@code OrderedThreadPoolExecutor} keeps its tasks in queues of its own, and its
 * {@code getQueue()} throws {@code UnsupportedOperationException} (every test of Commons VFS's FTP
 * suites, whose embedded server runs on one, ended in that exception out of the check). A read
 * that throws is not known: never an exception in the check or the hook that asked. Every such
 * read of a report's goes through here, {@link PoolQueues}' walks of a queue too.
 */
final class PoolReads {

    private PoolReads() {
    }

    /** What {@code read} gives, or {@code unknown} when it throws. */
    static <T> T read(Supplier<T> read, T unknown) {
        try {
            return read.get();
        } catch (RuntimeException | LinkageError e) {
            return unknown;
        }
    }
}
