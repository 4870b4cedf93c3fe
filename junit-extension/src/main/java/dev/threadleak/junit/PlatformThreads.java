package dev.threadleak.junit;

import java.util.Arrays;
import java.util.List;

/**
 * The live platform threads, from the root thread group: unlike
 * {@link Thread#getAllStackTraces()}, it takes no stacks, so listing costs microseconds.
 */
final class PlatformThreads {

    private PlatformThreads() {
    }

    static List<Thread> live() {
        ThreadGroup root = Thread.currentThread().getThreadGroup(); // callers are live threads: never null
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return Arrays.asList(threads).subList(0, n);
    }
}
