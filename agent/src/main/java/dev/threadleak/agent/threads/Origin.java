package dev.threadleak.agent.threads;

/**
 * Where a tracked thing (thread, executor, task) came from, as reports judge it: in which order
 * it was made, by whom (lineage), and whether it predates the agent.
 */
public interface Origin {

    /** Increases with every thread, executor and task the agent records. */
    long sequence();

    /** True if thread {@code threadId} made it, directly or through threads it started. */
    boolean descendsFrom(long threadId);

    /** The id of the thread that made it (started, created or submitted it); -1 when it predates the agent. */
    long creatorId();

    boolean preExisting();

    long createdAtMillis();
}
