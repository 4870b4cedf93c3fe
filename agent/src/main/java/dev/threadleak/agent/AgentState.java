package dev.threadleak.agent;

/**
 * Whether the agent is installed in this JVM, and its running parts. Kept apart from the classes
 * that name bootstrap types, so that asking is always safe.
 */
public final class AgentState {

    private static volatile Object runtime;

    private AgentState() {
    }

    public static boolean installed() {
        return runtime != null;
    }

    static void set(Object value) {
        runtime = value;
    }

    static Object get() {
        return runtime;
    }
}
