package dev.threadleak.agent.reporting;

import java.lang.management.ManagementFactory;

/**
 * Whether the exception a thread died of was made on another thread. Its stack is where it was
 * made, and the first frame of a started thread's stack is a {@code run} method ({@code Thread.run},
 * a subclass's, a virtual thread's, below a continuation's {@code enter}): an exception whose stack
 * begins elsewhere (in a {@code main}, a test runner's frames) came from a thread that runs those,
 * and this one threw it later. Zipkin's trial: a fake sender made its exception in the test's
 * {@code close()}, and its flush thread died of it; "thrown at" the test's frames read as if the
 * flush thread had run the test. A stack the JVM cut at its depth ({@code MaxJavaStackTraceDepth})
 * has lost its first frames, and says nothing.
 */
final class ExceptionSource {

    private static final int DEFAULT_DEPTH = 1024;
    private static volatile int depth;

    private ExceptionSource() {
    }

    static boolean madeOnAnotherThread(Throwable exception) {
        StackTraceElement[] stack = exception.getStackTrace();
        if (stack.length == 0 || stack.length >= maxDepth()) {
            return false;
        }
        String first = stack[stack.length - 1].getMethodName();
        return !first.equals("run") && !first.equals("runWith") && !first.startsWith("enter");
    }

    /** The JVM's {@code MaxJavaStackTraceDepth}, read once; 1,024 where it cannot be read. */
    private static int maxDepth() {
        int known = depth;
        if (known == 0) {
            known = DEFAULT_DEPTH;
            try {
                known = Integer.parseInt(ManagementFactory.getPlatformMXBean(
                        com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("MaxJavaStackTraceDepth").getValue());
            } catch (RuntimeException | LinkageError e) {
                // not HotSpot: its default
            }
            depth = known <= 0 ? Integer.MAX_VALUE : known; // 0: no limit
        }
        return depth;
    }
}
