package dev.threadleak.junit;

import dev.threadleak.api.Finding;
import dev.threadleak.report.Frame;

/**
 * Threads already shutting down, whose own code ends them within a bound with nobody waiting:
 * Netty's event loops after {@code shutdownGracefully()}, which end once a quiet period (2 s by
 * default) passes with no new task, and within the shutdown's timeout (15 s) at the latest.
 * Tests commonly call it without waiting on the future; a check that waited the grace period for
 * each such loop made Netty's transport tests three times as slow, and failed a test whose quiet
 * period outlasted it.
 *
 * <p>Only the quiet period's own sleep counts: a loop blocked in a task or a shutdown hook that
 * {@code confirmShutdown} runs is judged as any thread. And a look is a moment: a loop that sleeps
 * there between blocking calls of its own may never end (the trial's second round found one stuck
 * for good in its I/O handler). So a test's check does not wait for it but leaves it for its
 * class's end, which looks again ({@link LeakCheck}).
 */
final class GracefulShutdowns {

    /** Where Netty's loops spend their quiet period: checking for tasks every 100 ms. */
    private static final String NETTY_EXECUTOR = "io.netty.util.concurrent.SingleThreadEventExecutor";

    static final String NETTY_QUIET_PERIOD = "in Netty's graceful shutdown (SingleThreadEventExecutor.confirmShutdown): "
            + "it ends once its quiet period passes without a task, within the shutdown's timeout";

    private GracefulShutdowns() {
    }

    /** Why {@code f} is a thread that ends by itself, already asked to; null when it is not. */
    static String reason(Finding f) {
        if (f.leak().thread() == null || f.leak().executor() != null || f.leak().task() != null) {
            return null;
        }
        for (Frame frame : f.currentStack()) {
            if ("java.lang.Thread".equals(frame.className())) {
                continue; // Thread.sleep and the JDK's frames under it
            }
            return NETTY_EXECUTOR.equals(frame.className()) && "confirmShutdown".equals(frame.method())
                    ? NETTY_QUIET_PERIOD : null;
        }
        return null;
    }
}
