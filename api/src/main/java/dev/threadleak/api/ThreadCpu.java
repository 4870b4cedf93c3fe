package dev.threadleak.api;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time a platform thread has used, to tell whether it ran between two looks: read by a
 * check, never on a path the application runs. -1 where the JVM does not measure it.
 */
final class ThreadCpu {

    private ThreadCpu() {
    }

    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+
    static long nanos(Thread thread) {
        try {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            return threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()
                    ? threads.getThreadCpuTime(thread.getId()) : -1;
        } catch (RuntimeException | LinkageError e) {
            return -1; // no java.management, or a security manager: as if it never ran
        }
    }
}
