package dev.threadleak.junit;

import java.util.List;

/** The threads one test or one class started, as one {@link Mode} sees them. */
interface Watch {

    /** From now until {@link Window#close()}, threads the current thread starts belong to this watch too. */
    Window openWindow();

    /** Threads of this watch still alive, the JVM's own left out; called again while the grace period runs. */
    List<Suspect> alive();

    /**
     * {@code leaks} again, with the verdicts a heap proof settles for parked threads; what the
     * proof took goes into {@code notes}. Slow (a heap dump): called once, after the grace period,
     * and only when a leak is {@link Suspect#provable()}. A mode that cannot prove returns
     * {@code leaks}.
     */
    default List<Suspect> proven(List<Suspect> leaks, List<String> notes) {
        return leaks;
    }

    /** The report of {@code leaks}, with {@code notes} after the mode's own. */
    dev.threadleak.report.LeakReport report(List<Suspect> leaks, List<String> notes);

    /** The watched work is over (called once, after the check). */
    void end();

    /** A stretch of time during which one thread's work belongs to a watch. */
    interface Window {
        Window NONE = () -> { };

        void close();
    }
}
