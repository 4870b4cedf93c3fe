package dev.threadleak.agent.waits;

import dev.threadleak.agent.memory.Identity;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Phaser;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.StampedLock;

/**
 * What a synchronizer, barrier or phaser looks like right now, in a few words a person can act on
 * ("count 1", "0 permits", "2 of 3 parties waiting"), from public methods where the JDK has them
 * and from {@link SynchronizerInternals} where it keeps them protected. Null when nothing useful
 * is known.
 */
final class WaitDetails {

    private final SynchronizerInternals internals;

    WaitDetails(SynchronizerInternals internals) {
        this.internals = internals;
    }

    /** The detail of a wait on {@code on} (what the thread parks on), described as {@code channel}. */
    String of(Object on, Object channel) {
        if (channel instanceof CyclicBarrier barrier) {
            return barrier.getNumberWaiting() + " of " + barrier.getParties() + " parties waiting"
                    + (barrier.isBroken() ? ", broken" : "");
        }
        if (channel instanceof Phaser phaser) {
            return "phase " + phaser.getPhase() + ", " + phaser.getArrivedParties() + " of "
                    + phaser.getRegisteredParties() + " parties arrived";
        }
        if (channel instanceof StampedLock lock) {
            String s = lock.toString(); // "...StampedLock@1b2c[Write-locked]": the state is public only here
            int open = s.lastIndexOf('[');
            return open < 0 ? null : s.substring(open + 1, s.length() - 1).toLowerCase(java.util.Locale.ROOT);
        }
        if (channel != on) {
            return null; // a queue, described by its own size
        }
        if (isCondition(on)) {
            Object lock = internals.lockOf(on);
            return lock == null ? null : "a condition of " + Identity.of(lock);
        }
        return on instanceof AbstractQueuedSynchronizer || on instanceof AbstractQueuedLongSynchronizer
                ? synchronizer(on) : null;
    }

    private static boolean isCondition(Object o) {
        return o instanceof AbstractQueuedSynchronizer.ConditionObject
                || o instanceof AbstractQueuedLongSynchronizer.ConditionObject;
    }

    /** A latch's count, a semaphore's permits, a read-write lock's holds, another synchronizer's state. */
    private String synchronizer(Object sync) {
        Long state = internals.state(sync);
        if (state == null) {
            return null;
        }
        String name = sync.getClass().getName();
        if (name.startsWith("java.util.concurrent.CountDownLatch$")) {
            return "count " + state;
        }
        if (name.startsWith("java.util.concurrent.Semaphore$")) {
            return state + (state == 1 ? " permit" : " permits") + " available";
        }
        if (name.startsWith("java.util.concurrent.locks.ReentrantReadWriteLock$")) {
            long reads = state >>> 16;
            long writes = state & 0xffff;
            return writes > 0 ? "write-locked" : reads > 0 ? "read-locked " + reads + (reads == 1 ? " time" : " times")
                    : "free";
        }
        if (name.startsWith("java.util.concurrent.locks.ReentrantLock$")) {
            return state == 0 ? "free" : null; // the holder says the rest
        }
        return "state " + state;
    }

    /** The thread that holds {@code sync} exclusively, or null. */
    Thread owner(Object sync) {
        return sync instanceof AbstractOwnableSynchronizer ? internals.exclusiveOwner(sync) : null;
    }
}
