package dev.threadleak.agent.executors;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many task records are held of each class of task: a task of a class with none is not
 * looked up where a pool runs it. A look-up makes the identity hash of a task that never had one,
 * the dearest part of a run while any task anywhere is recorded (a pool draining a million events,
 * none of them recorded, paid about 40 ns for each because one other task was). Counted up before
 * a record is put and down as one is removed, so never below the truth: a record the collector
 * took leaves it above, which costs look-ups, never a verdict. Kept in a {@link ClassValue}, which
 * keeps no class from unloading.
 */
final class RecordedClasses {

    private final ClassValue<AtomicInteger> counts = new ClassValue<>() {
        @Override
        protected AtomicInteger computeValue(Class<?> type) {
            return new AtomicInteger();
        }
    };

    /** A record of {@code task} is about to be put. */
    void adding(Object task) {
        counts.get(task.getClass()).incrementAndGet();
    }

    /** A record of {@code task} was removed, or was not put after all. */
    void removed(Object task) {
        counts.get(task.getClass()).decrementAndGet();
    }

    /** False when no record of a task of {@code task}'s class is held: no look-up can find one. */
    boolean mayHold(Object task) {
        return counts.get(task.getClass()).get() > 0;
    }
}
