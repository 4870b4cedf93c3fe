package dev.threadleak.agent.threads;

import java.util.Arrays;

/**
 * Another thread's current stack, as reports show it. {@link Thread#getStackTrace()} of another
 * thread is the one call of a report that a {@code SecurityManager} installed by the application
 * after the agent can deny (its policy rarely grants the agent jar anything): then the stack is
 * left out, {@link #denied()} says so for the report's notes, and the report is still written.
 * A thread caught inside the agent's bookkeeping (a hook that the JDK's woven code calls, such as
 * a pool worker's {@code afterExecute}) shows the JDK frame that called the hook on top: our
 * frames are not what the application's thread is doing.
 */
public final class CurrentStacks {

    /** A note for reports once a stack was denied. */
    public static final String DENIED_NOTE = "a SecurityManager denies the agent the threads' current stacks, which are"
            + " left out; grant the agent jar java.security.AllPermission in its policy to have them";

    /** The package of the hooks woven JDK code calls: the one way into the agent from a thread of the application. */
    private static final String HOOKS_PACKAGE = "dev.threadleak.agent.bootstrap.";

    private static volatile boolean denied;

    private CurrentStacks() {
    }

    /** {@code thread}'s stack now (empty if it has none); null, "not known", if a SecurityManager denies it. */
    public static StackTraceElement[] of(Thread thread) {
        try {
            return withoutAgentFrames(thread.getStackTrace());
        } catch (SecurityException e) {
            denied = true;
            return null;
        }
    }

    /** {@code stack} from the frame below its outermost hook frame, or all of it when no hook is on it. */
    static StackTraceElement[] withoutAgentFrames(StackTraceElement[] stack) {
        for (int i = stack.length - 1; i >= 0; i--) {
            if (stack[i].getClassName().startsWith(HOOKS_PACKAGE)) {
                return Arrays.copyOfRange(stack, i + 1, stack.length);
            }
        }
        return stack;
    }

    /** True once a SecurityManager denied a stack: reports then say what they lack. */
    public static boolean denied() {
        return denied;
    }
}
