package dev.threadleak.agent.bootstrap;

/**
 * The only class that advice inlined into {@code java.lang} calls. It is defined in the bootstrap
 * class loader (advice in {@code java.lang.Thread} sees nothing else), uses only JDK types, and
 * forwards to listeners that the agent installs from its own class loader. Every call swallows
 * every Throwable: a bug of ours must never become an exception in the application's thread.
 */
public final class Hooks {

    private static volatile ThreadListener threads;

    private Hooks() {
    }

    public static void install(ThreadListener listener) {
        threads = listener;
    }

    public static void threadStarting(Thread thread) {
        ThreadListener listener = threads;
        if (listener != null) {
            try {
                listener.starting(thread);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void threadEnded(Thread thread) {
        ThreadListener listener = threads;
        if (listener != null) {
            try {
                listener.ended(thread);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void threadUncaught(Thread thread, Throwable exception) {
        ThreadListener listener = threads;
        if (listener != null) {
            try {
                listener.uncaught(thread, exception);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }
}
