package dev.threadleak.agent.executors;

import dev.threadleak.report.Frame;

/**
 * Executors the JDK makes for itself (RMI and JMX transports, the virtual-thread scheduler,
 * {@code CompletableFuture}'s delayer, the HTTP client's selector pools...) are the JVM's, not
 * leaks: we know them by the first frame of their creation stack that is not executor machinery.
 */
final class JdkInternals {

    private JdkInternals() {
    }

    static boolean madeByJdk(StackTraceElement[] creation) {
        for (StackTraceElement e : creation) {
            String c = e.getClassName();
            if (c.startsWith("dev.threadleak.agent.bootstrap.") || c.startsWith("dev.threadleak.agent.executors.")
                    || c.startsWith("dev.threadleak.agent.threads.")) {
                continue;
            }
            if (isConcurrency(c) || c.equals("java.util.Timer") || isReflection(c)) {
                continue;
            }
            return Frame.isJdkClass(c);
        }
        return false;
    }

    /**
     * A class of {@code java.util.concurrent}: executor machinery, and the futures it wraps tasks in,
     * whose names say nothing of the code they run.
     */
    static boolean isConcurrency(String className) {
        return className.startsWith("java.util.concurrent.");
    }

    /** Reflection and method handles only pass a call on: who called them made the executor. */
    private static boolean isReflection(String c) {
        return c.startsWith("java.lang.reflect.") || c.startsWith("jdk.internal.reflect.")
                || c.startsWith("java.lang.invoke.");
    }
}
