package dev.threadleak.junit;

import dev.threadleak.api.Finding;
import dev.threadleak.report.KnownThreads;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

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
 * class's end, which looks again ({@link LeakCheck}) until it ends, is stuck, or is seen
 * {@linkplain Progress going round its quiet period again}.
 */
final class GracefulShutdowns {

    /** Why a class's end stops waiting for a loop it saw check for tasks again. */
    static final String STILL_SHUTTING_DOWN = "still in Netty's graceful shutdown as its class ended: seen sleeping "
            + "in its quiet period's check for tasks (SingleThreadEventExecutor.confirmShutdown) again";

    static final String NETTY_QUIET_PERIOD = "in Netty's graceful shutdown (SingleThreadEventExecutor.confirmShutdown): "
            + "it ends once its quiet period passes without a task, within the shutdown's timeout";

    private GracefulShutdowns() {
    }

    /** Why {@code f} is a thread that ends by itself, already asked to; null when it is not. */
    static String reason(Finding f) {
        if (f.leak().thread() == null || f.leak().executor() != null || f.leak().task() != null) {
            return null;
        }
        return KnownThreads.inNettyQuietPeriod(f.currentStack()) ? NETTY_QUIET_PERIOD : null;
    }

    /**
     * Which loops are still going round their quiet period, one look after another: seen asleep
     * there again after a later sleep began. The count of waits the JVM keeps for each thread
     * (which a sleep adds to) tells one sleep from the next; a loop stuck after its last check
     * (Netty's own test's I/O handler, waiting for a wake-up nobody sends) is never seen so, and a
     * loop that is seen so is still shutting down, however long its quiet period, so a class's end
     * need not wait it out (Netty's default of 2 s outlasted it, and raced its grace period).
     * Stack and count come from one snapshot of the thread, so a sleep that ends between them
     * cannot pass for a new one. Not thread-safe: one per class end.
     */
    static final class Progress {
        private static final int TOP_FRAMES = 16;

        private final Map<Long, Long> firstSleeps = new HashMap<>(); // waits begun, at the first look asleep
        private ThreadMXBean threads; // asked for at the first loop: java.management loads then, not at every class's end

        /** True once thread {@code f} is seen asleep in its quiet period after an earlier look saw it asleep there. */
        boolean goesRoundAgain(Finding f) {
            if (reason(f) == null) {
                return false;
            }
            ThreadInfo now;
            try {
                threads = threads == null ? ManagementFactory.getThreadMXBean() : threads;
                now = threads.getThreadInfo(f.leak().thread().id(), TOP_FRAMES);
            } catch (RuntimeException | LinkageError e) {
                return false; // no such facts here (a security manager, no java.management): judged as before
            }
            if (now == null || !KnownThreads.inNettyQuietPeriod(Arrays.asList(now.getStackTrace()), StackTraceElement::getClassName,
                    StackTraceElement::getMethodName)) {
                return false;
            }
            Long first = firstSleeps.putIfAbsent(now.getThreadId(), now.getWaitedCount());
            return first != null && now.getWaitedCount() > first;
        }
    }
}
