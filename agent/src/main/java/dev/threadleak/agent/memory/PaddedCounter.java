package dev.threadleak.agent.memory;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A count that hot paths on several threads add to, kept in slots 128 bytes apart, one picked by
 * the adding thread's id: an add neither contends with other threads' adds nor shares a cache line
 * with anything else. A {@code LongAdder} writes its unpadded base until threads collide, and
 * that base shares a line with whatever was allocated beside it: on a virtual thread's start (one
 * starting thread, never colliding), with fields every carrier reads as a virtual thread ends.
 */
public final class PaddedCounter {

    /** Longs between two slots: 128 bytes, two cache lines (a line's neighbour is prefetched with it). */
    private static final int PAD = 16;

    private final int mask;
    private final AtomicLongArray slots;

    public PaddedCounter() {
        int stripes = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4 - 1);
        this.mask = stripes - 1;
        this.slots = new AtomicLongArray((stripes + 1) * PAD); // no slot on the array's first line, its header's
    }

    @SuppressWarnings("deprecation") // Thread.getId(): threadId() is JDK 19+
    public void add(long delta) {
        slots.getAndAdd((((int) Thread.currentThread().getId() & mask) + 1) * PAD, delta);
    }

    public void increment() {
        add(1);
    }

    public long sum() {
        long total = 0;
        for (int i = 1; i <= mask + 1; i++) {
            total += slots.get(i * PAD);
        }
        return total;
    }
}
