package dev.threadleak.junit;

import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.ScopeCheck;
import dev.threadleak.report.LeakReport;
import java.time.Duration;
import java.util.List;

/** The threads one test or one class started, as one {@link Mode} sees them. */
interface Watch {

    /** From now until {@link Window#close()}, threads the current thread starts belong to this watch too. */
    Window openWindow();

    /**
     * Waits up to {@code grace} for the watch's threads to end (what {@code filter} excludes
     * neither counts nor makes it wait) and returns what is left; with {@code prove}, a mode that
     * can runs the heap proof on a parked leak left after the grace period.
     */
    ScopeCheck check(Duration grace, FindingFilter filter, boolean prove);

    /** Counts {@code instance}, a test instance made once per class, as a holder ({@link dev.threadleak.api.Scope#holderAlso}); only with the agent. */
    default void holderAlso(Object instance) {
    }

    /** Whether {@code check} can ask the heap when told to prove: only with the agent. */
    default boolean proves() {
        return false;
    }

    /** The report of a check, with {@code notes} after the mode's own. */
    LeakReport report(ScopeCheck check, List<String> notes);

    /** The watched work is over (called once, after the check). */
    void end();

    /** A stretch of time during which one thread's work belongs to a watch. */
    interface Window {
        Window NONE = () -> { };

        void close();
    }
}
