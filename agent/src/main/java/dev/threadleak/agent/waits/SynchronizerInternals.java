package dev.threadleak.agent.waits;

/**
 * What the JDK's synchronizers know and do not say in public, read when a report asks (never
 * while threads run): the lock a condition belongs to, the thread that holds a synchronizer
 * exclusively, and a synchronizer's state (a latch's count, a semaphore's permits). Every answer
 * may be null: not known on this JDK, or not readable.
 */
public interface SynchronizerInternals {

    /** Knows nothing: reports then name what the JVM itself tells. */
    SynchronizerInternals NONE = new SynchronizerInternals() {
    };

    /** The synchronizer (an {@code AbstractQueuedSynchronizer} or its long twin) whose condition {@code condition} is. */
    default Object lockOf(Object condition) {
        return null;
    }

    /** The thread that holds {@code synchronizer} exclusively (an {@code AbstractOwnableSynchronizer}), or null. */
    default Thread exclusiveOwner(Object synchronizer) {
        return null;
    }

    /** The state of an {@code AbstractQueuedSynchronizer} or {@code AbstractQueuedLongSynchronizer}, or null. */
    default Long state(Object synchronizer) {
        return null;
    }
}
