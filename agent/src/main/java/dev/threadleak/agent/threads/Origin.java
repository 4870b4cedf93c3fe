package dev.threadleak.agent.threads;

import java.util.function.LongPredicate;

/**
 * Where a tracked thing (thread, executor, task) came from, as reports judge it: in which order
 * it was made, by whom (lineage), and whether it predates the agent.
 */
public interface Origin {

    /** Increases with every thread, executor and task the agent records. */
    long sequence();

    /** True if thread {@code threadId} made it, directly or through threads it started. */
    boolean descendsFrom(long threadId);

    /**
     * True if it descends from {@code ancestor} through a thread {@code cut} picks (its creator
     * included): see {@link Lineage#passesThrough}.
     */
    boolean descendsThrough(long ancestor, LongPredicate cut);

    /** The id of the thread that made it (started, created or submitted it); -1 when it predates the agent. */
    long creatorId();

    boolean preExisting();

    long createdAtMillis();

    /**
     * The class whose static initializer made it (directly, or through a thread such an
     * initializer started), or null: such work lives as long as the class, so it is the JVM's, not
     * a scope's. Known where the creation stack was kept; may resolve that stack, so callers ask last.
     */
    String classInitializer();

    /**
     * {@code reason}, and when a class initializer made {@code o}, that too: a scope never counts
     * such work, and a report of the JVM says so, since the code that first used the class is not
     * where to look.
     */
    static String reason(Origin o, String reason) {
        String initializer = o.classInitializer();
        return initializer == null || reason == null ? reason : reason + "; made by the static initializer of "
                + initializer + ", it lives as long as that class (no test that used the class is blamed for it)";
    }
}
