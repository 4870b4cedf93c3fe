package dev.threadleak.samples;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names an executor's threads {@code prefix-1}, {@code prefix-2}, ... so that a report says whose they are. */
final class NamedThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger created = new AtomicInteger();

    NamedThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        return new Thread(task, prefix + "-" + created.incrementAndGet());
    }
}
