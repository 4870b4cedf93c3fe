package dev.threadleak.agent.scope;

import dev.threadleak.heapproof.LiveHeapDump;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;

/**
 * A check's first collection of the heap, made as its grace period begins: by the early proof's
 * dump, or by a collection alone where that dump would be slow. What only a collection ends (a
 * dropped {@code HttpClient}'s selector thread) is waited for from it, so every check waits for
 * everything to the same moment, a grace period from about its start, whatever path it took.
 * Before, a check whose dump ran only at the end waited a grace period after that dump's
 * collection for everything left, and passed a test whose thread ended 4 s after it, which a
 * check with an early dump failed: a verdict that hung on how fast this JVM's dumps had been.
 *
 * @param nanos when it was over ({@link System#nanoTime()})
 * @param live the ids of the scope's threads live before it: one that ends after it may drop what
 *     only a later collection takes
 */
record EarlyCollection(long nanos, Set<Long> live) {

    /**
     * Collects the heap as a dump would; null where no collection was counted
     * ({@code -XX:+DisableExplicitGC}): then only the last proof's collection counts.
     */
    static EarlyCollection collect(Set<Long> live) {
        long before = collections();
        LiveHeapDump.collect();
        return collections() > before ? new EarlyCollection(System.nanoTime(), live) : null;
    }

    /**
     * How much longer than now to wait for what ends {@code afterIt} after a collection: counted
     * from this one while none of the scope's threads it saw live has ended, else (null, or
     * {@code strict} and one ended) from a collection just made.
     */
    static Duration rest(EarlyCollection early, Duration afterIt, Set<Long> liveNow, boolean strict) {
        if (early == null || strict && !liveNow.containsAll(early.live())) {
            return afterIt;
        }
        Duration left = afterIt.minusNanos(System.nanoTime() - early.nanos());
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static long collections() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionCount());
        }
        return sum;
    }
}
