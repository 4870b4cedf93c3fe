package dev.threadleak.protocol;

import java.util.List;

/**
 * What a heap dump of a JVM running the agent holds that is the agent's own: its records (it
 * remembers every wait, so it holds every channel a thread waits on, and wakes nobody) and its
 * shaded libraries. The heap proof must not count these as holders, whether it runs in the agent
 * or in the CLI on a dump the agent wrote ({@code threadleak/1 heap PATH}).
 */
public final class AgentBookkeeping {

    /**
     * Class-name prefixes of the agent's objects, and of the API's registry, whose static field
     * holds the agent (and, through it, what the agent tracks). Package by package, not all of
     * {@code dev.threadleak.}: the objects of an application or a test in those packages are
     * not bookkeeping.
     */
    public static final List<String> CLASS_PREFIXES = List.of(
            "dev.threadleak.agent.bootstrap.", "dev.threadleak.agent.channel.", "dev.threadleak.agent.executors.",
            "dev.threadleak.agent.jmx.", "dev.threadleak.agent.memory.", "dev.threadleak.agent.proof.",
            "dev.threadleak.agent.reporting.", "dev.threadleak.agent.scope.", "dev.threadleak.agent.telemetry.",
            "dev.threadleak.agent.threads.", "dev.threadleak.agent.waits.", "dev.threadleak.agent.weaving.",
            "dev.threadleak.agent.Agent",
            "dev.threadleak.agent.Installer", "dev.threadleak.api.Threadleak", "dev.threadleak.heapproof.",
            "dev.threadleak.protocol.",
            "dev.threadleak.shaded.");

    /**
     * Where the agent leaves, for the length of a heap dump, what the dump cannot tell: the monitor
     * each thread in {@code Object.wait} waits on (an {@code Object[]} of pairs, the thread then
     * the monitor, in this static field). The proof reads it and never counts it as a holder.
     */
    public static final String WAIT_TABLE_CLASS = "dev.threadleak.agent.proof.WaitTable";
    public static final String WAIT_TABLE_FIELD = "entries";
    /**
     * Where the agent leaves, for the length of a heap dump, the leaks it asks the static holder
     * of (an {@code Object[]} of threads, executors and tasks, in this static field of the same class).
     */
    public static final String SUBJECT_TABLE_FIELD = "subjects";

    private AgentBookkeeping() {
    }
}
