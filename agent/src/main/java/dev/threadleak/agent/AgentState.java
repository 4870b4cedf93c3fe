package dev.threadleak.agent;

/**
 * Whether the agent is installed in this JVM (an agent attached twice installs once), and the
 * {@code dev.threadleak.api.Agent} it registered. Kept apart from the classes that name bootstrap
 * types, so that asking is always safe.
 */
final class AgentState {

    private static volatile Object runtime;

    private AgentState() {
    }

    static boolean installed() {
        return runtime != null;
    }

    static void set(Object value) {
        runtime = value;
    }
}
