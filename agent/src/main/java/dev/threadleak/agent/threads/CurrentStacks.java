package dev.threadleak.agent.threads;

/**
 * Another thread's current stack, as reports show it. {@link Thread#getStackTrace()} of another
 * thread is the one call of a report that a {@code SecurityManager} installed by the application
 * after the agent can deny (its policy rarely grants the agent jar anything): then the stack is
 * left out, {@link #denied()} says so for the report's notes, and the report is still written.
 */
public final class CurrentStacks {

    /** A note for reports once a stack was denied. */
    public static final String DENIED_NOTE = "a SecurityManager denies the agent the threads' current stacks, which are"
            + " left out; grant the agent jar java.security.AllPermission in its policy to have them";

    private static volatile boolean denied;

    private CurrentStacks() {
    }

    /** {@code thread}'s stack now (empty if it has none); null, "not known", if a SecurityManager denies it. */
    public static StackTraceElement[] of(Thread thread) {
        try {
            return thread.getStackTrace();
        } catch (SecurityException e) {
            denied = true;
            return null;
        }
    }

    /** True once a SecurityManager denied a stack: reports then say what they lack. */
    public static boolean denied() {
        return denied;
    }
}
