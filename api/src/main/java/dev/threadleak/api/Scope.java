package dev.threadleak.api;

import dev.threadleak.report.LeakReport;
import java.time.Duration;
import java.util.List;

/**
 * Work whose threads, executors and tasks are checked together: a test, a test class, a job. It
 * owns what the owner of one of its {@link Window windows} starts while that window is open,
 * directly or through threads it started, except below a thread that existed before the window
 * opened or a runner thread ({@link Agent#newScope}). Once a window is closed, it keeps the threads
 * started while it was open and what they start later; an executor or task counts when the window's
 * owner made it while the window was open, or one of the window's threads did. Safe to use from
 * several threads.
 */
public interface Scope {

    /**
     * From now until {@link Window#close()}, what the calling thread starts belongs to this scope.
     * Threads the caller had already started, and their later descendants, do not.
     */
    Window openWindow();

    /** What the scope holds now, without waiting; the JVM's own threads and the agent's are left out. */
    List<Finding> findings();

    /**
     * Waits up to {@code grace} for the scope's work to end ({@link GracePeriod}), then, with
     * {@code prove}, runs the heap proof if a thread left is parked on a queue, future or other
     * channel, to tell whether anything can still wake it, and asks the same dump which static
     * fields hold ({@link Finding#heldBy()}) or keep ({@link Finding#keptBy()}) what is left.
     * Returns what is left; a heap proof's cost and outcome are in the result's notes. Never throws
     * for a failed proof.
     *
     * @param filter what it excludes neither counts nor makes the check wait; it is asked again
     *               about a finding the dump found held or kept by a static field
     */
    ScopeCheck check(Duration grace, FindingFilter filter, boolean prove);

    /**
     * Has a check's heap proof count {@code instance} as a holder beside the static fields, named
     * {@code ClassName.this} in {@link Finding#heldBy()} and {@link Finding#keptBy()}: a test
     * instance JUnit makes once per class ({@code @TestInstance(PER_CLASS)}) lives as long as its
     * class, and what it holds, its class's {@code @AfterAll} ends, as what a static field of the
     * class holds. Does nothing where the agent predates it.
     */
    default void holderAlso(Object instance) {
    }

    /**
     * The agent's report of a check: its leaks and deaths, the agent's notes, then {@code notes},
     * then the check's own.
     */
    LeakReport report(ScopeCheck check, List<String> notes);
}
