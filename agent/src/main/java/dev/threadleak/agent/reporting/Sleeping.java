package dev.threadleak.agent.reporting;

import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.report.BlockedOn;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A thread in {@code Thread.sleep}: since when and until when, where the sleep was recorded
 * (JDK 21+, see {@code ThreadInstrumentation}), so that a report can say "sleeping, wakes in
 * 3.1 s" and a grace period need not wait for a sleep that outlasts it. On JDK 17 only a sleep
 * through {@code Thread.sleep(long, int)} ({@code TimeUnit.sleep}'s) has a known length; of the
 * others only the stack says they sleep.
 */
final class Sleeping {

    /** How far down the stack {@code Thread.sleep} may be: below it only the JDK's sleep and park frames. */
    private static final int TOP_FRAMES = 8;
    /** How long past its end a sleep is still taken for the one the thread is in: it waits for a CPU. */
    private static final Duration DUE_FOR = Duration.ofSeconds(1);

    private Sleeping() {
    }

    /** The sleep {@code t} is in, or null when it is not sleeping (or its stack was not taken). */
    static BlockedOn of(Thread t, ThreadRecord r, StackTraceElement[] stack) {
        if (t.getState() != Thread.State.TIMED_WAITING || stack == null || !inSleep(stack)) {
            return null;
        }
        ThreadRecord.Sleep sleep = r.lastSleep();
        long now = System.nanoTime();
        if (sleep == null || overdue(sleep, now) || sleep.throughOverload() && !inOverload(stack)) {
            return BlockedOn.of(BlockedOn.SLEEP, null); // its length is unknown (JDK 17), or it was not recorded
        }
        return new BlockedOn(BlockedOn.SLEEP, null, (now - sleep.sinceNanos()) / 1_000_000, null,
                sleep.nanos() / 1_000_000, null, null, null);
    }

    /**
     * Whether {@code sleep} ended long enough ago that the thread, still asleep, must be in another
     * one nobody told us of. Not just past its end: a thread whose sleep is due and not yet back on a
     * CPU is in that sleep still, due now (Commons Pool's 20 ms monitor, looked at in that moment,
     * read "sleeping in Thread.sleep" with no length on JDK 25, where every sleep's is known).
     */
    private static boolean overdue(ThreadRecord.Sleep sleep, long now) {
        return now - sleep.sinceNanos() - DUE_FOR.toNanos() > sleep.nanos(); // no sum: a sleep(Long.MAX_VALUE) overflows it
    }

    /**
     * Whether it sleeps through {@code Thread.sleep(long, int)}, the Java frame above the native
     * sleep on JDK 17: a sleep that overload told is this one only then (after an interrupt ended
     * it, the thread may be in a native {@code sleep(long)} nobody told us of).
     */
    private static boolean inOverload(StackTraceElement[] stack) {
        return nearTheTop(stack, e -> e.getMethodName().equals("sleep") && !e.isNativeMethod());
    }

    private static boolean inSleep(StackTraceElement[] stack) {
        return nearTheTop(stack, e -> e.getMethodName().startsWith("sleep"));
    }

    /** Whether one of {@code Thread}'s frames among the top of {@code stack}, below only the JDK's sleep and park frames, is {@code frame}. */
    private static boolean nearTheTop(StackTraceElement[] stack, Predicate<StackTraceElement> frame) {
        for (int i = 0; i < Math.min(stack.length, TOP_FRAMES); i++) {
            if (stack[i].getClassName().equals("java.lang.Thread") && frame.test(stack[i])) {
                return true;
            }
        }
        return false;
    }
}
