package dev.threadleak.agent.threads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every live platform thread, without their stacks. {@code Thread.getAllStackTraces()} would list
 * them too, but it stops the JVM to walk every stack (thousands of threads: hundreds of
 * milliseconds) only for us to drop the stacks; the root thread group's enumeration does not.
 */
public final class PlatformThreads {

    private PlatformThreads() {
    }

    /** The live platform threads, each once; virtual threads are never in a thread group's list. */
    public static List<Thread> live() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        while (n == threads.length) { // full: more threads started meanwhile, and some may be missing
            threads = new Thread[threads.length * 2];
            n = root.enumerate(threads, true);
        }
        return new ArrayList<>(Arrays.asList(threads).subList(0, n));
    }
}
