package dev.threadleak.agent.scope;

import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.heapproof.LiveHeapDump;
import dev.threadleak.report.Frame;
import dev.threadleak.report.KnownThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    private static final long TO_END_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /**
     * How long before a thread still waiting is taken to have nothing to clean: a {@code Cleaner}
     * something keeps never wakes, and each check of a test class that keeps one (airlift's, in its
     * per-class instance) paid the whole 200 ms.
     */
    private static final long TO_WAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(40);
    /** How many threads a check looks at to find them: a scope that left more has other news. */
    private static final int MAX_READ = 64;

    private CleanerThreads() {
    }

    /**
     * Collects the heap if any of {@code threads} is a {@code Cleaner}'s, then waits for those to
     * end, up to 200 ms: what nothing reaches any more ends with its {@code Cleaner}. With
     * {@code proofFollows}, 40 ms where none has woken: one that wakes later is seen to end by the
     * proof's own collection (a busy machine's slow wake costs a dump, not a verdict); without,
     * what this wait misses is told. An interrupt ends the wait, and is kept.
     */
    static void collectFor(List<Map.Entry<Thread, ThreadRecord>> threads, CreationSites sites, boolean proofFollows) {
        List<Thread> cleaners = new ArrayList<>();
        int read = 0;
        for (Map.Entry<Thread, ThreadRecord> e : threads) {
            Thread t = e.getKey();
            if (t.isAlive() && !virtual(t) && read++ < MAX_READ && isCleaners(t, e.getValue(), sites)) {
                cleaners.add(t);
            }
        }
        if (cleaners.isEmpty()) {
            return;
        }
        LiveHeapDump.collect(); // as the dump would: leaves the application its heap
        long collected = System.nanoTime();
        try {
            while (!cleaners.isEmpty()) {
                long since = System.nanoTime() - collected;
                if (since > TO_END_NANOS
                        || proofFollows && since > TO_WAKE_NANOS && cleaners.stream().allMatch(CleanerThreads::waiting)) {
                    break;
                }
                cleaners.get(0).join(2); // returns as it ends
                cleaners.removeIf(t -> !t.isAlive());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** In a wait, as a {@code Cleaner}'s thread is between its cleanings (and not yet, just started). */
    private static boolean waiting(Thread t) {
        Thread.State state = t.getState();
        return state == Thread.State.TIMED_WAITING || state == Thread.State.WAITING;
    }

    /** A {@code Cleaner} runs on a platform thread unless a factory of the caller's made it otherwise. */
    private static boolean virtual(Thread t) {
        return t.getClass().getName().equals("java.lang.VirtualThread");
    }

    /**
     * Whether {@code t} is a {@code Cleaner}'s thread: known from where it was started, where its
     * stack may not show the loop yet (a test that made one and ended at once had it checked so);
     * from its stack only where that start was not recorded, the one read of a stack this costs.
     */
    private static boolean isCleaners(Thread t, ThreadRecord r, CreationSites sites) {
        List<Frame> created = r.createdAt(sites);
        if (created.isEmpty()) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (KnownThreads.isCleanersLoop(e.getClassName(), e.getMethodName())) {
                    return true;
                }
            }
            return false;
        }
        return KnownThreads.startedByACleaner(created);
    }
}
