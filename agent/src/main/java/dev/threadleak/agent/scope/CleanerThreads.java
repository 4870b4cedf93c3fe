package dev.threadleak.agent.scope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The threads of {@code java.lang.ref.Cleaner}s: each lives as long as its {@code Cleaner} is
 * reachable, and has no other end (a {@code Cleaner} has no {@code close()}). A library that makes
 * one per object (Jetty's {@code ZstandardCompression}, one per server) leaves a thread per object
 * until the collector takes the object: after a test that stopped its server, only a collection
 * ends it. The heap proof's dump collects, so a check that dumped saw it end; one that did not
 * (with {@code prove=false}, or before the early dump, which it then cost) saw a leak. So a check
 * that finds one collects first, and gives each a moment to end.
 */
final class CleanerThreads {

    /** How long the cleaners' threads are given, all told, to end after the collection: they take milliseconds. */
    private static final Duration TO_END = Duration.ofMillis(200);
    private static final String RUN_CLASS = "jdk.internal.ref.CleanerImpl";
    /** How many waiting threads' stacks a check reads to find them: a scope that left more has other news. */
    private static final int MAX_READ = 64;

    private CleanerThreads() {
    }

    /**
     * Collects the heap if any of {@code threads} is a {@code Cleaner}'s, then waits up to
     * {@link #TO_END} for those to end: what nothing reaches any more ends with its {@code Cleaner}.
     * Returns how many there were; an interrupt ends the wait, and is kept.
     */
    static int collectFor(List<Thread> threads) {
        List<Thread> cleaners = new ArrayList<>();
        int read = 0;
        for (Thread t : threads) {
            if (t != null && waiting(t) && read++ < MAX_READ && isCleaners(t)) {
                cleaners.add(t);
            }
        }
        if (cleaners.isEmpty()) {
            return 0;
        }
        System.gc();
        long deadline = System.nanoTime() + TO_END.toNanos();
        try {
            for (Thread t : cleaners) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                t.join(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return cleaners.size();
    }

    /** A platform thread in a wait, as a {@code Cleaner}'s is between its cleanings. */
    private static boolean waiting(Thread t) {
        Thread.State state = t.getState();
        return (state == Thread.State.TIMED_WAITING || state == Thread.State.WAITING)
                && !t.getClass().getName().equals("java.lang.VirtualThread");
    }

    /** Whether {@code t} runs a {@code Cleaner}'s loop (a factory of the caller's may have made it: not by its name). */
    static boolean isCleaners(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (RUN_CLASS.equals(e.getClassName()) && "run".equals(e.getMethodName())) {
                return true;
            }
        }
        return false;
    }
}
