package dev.threadleak.agent.reporting;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time a platform thread has used, for a report: read when a report is made, never on a
 * path the application runs. Absent where the JVM does not measure it or was told not to.
 */
final class CpuTimes {

    private CpuTimes() {
    }

    /** Milliseconds of CPU thread {@code id} has used, or null. */
    static Long of(long id) {
        try {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
                return null;
            }
            long nanos = threads.getThreadCpuTime(id);
            return nanos < 0 ? null : nanos / 1_000_000;
        } catch (RuntimeException | LinkageError e) {
            return null; // no java.management, or a security manager: the report goes without it
        }
    }
}
