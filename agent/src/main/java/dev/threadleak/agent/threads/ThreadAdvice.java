package dev.threadleak.agent.threads;

import dev.threadleak.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into {@code java.lang.Thread} and {@code java.lang.VirtualThread}. Each only calls
 * {@link Hooks} (in the bootstrap loader, the only one {@code java.lang} sees); {@code suppress}
 * keeps even a linkage error of ours out of the application.
 */
public final class ThreadAdvice {

    private ThreadAdvice() {
    }

    /** {@code Thread.start()} and, on JDK 21+, {@code start(ThreadContainer)}, which pools use. */
    public static final class Start {
        private Start() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Thread thread) {
            Hooks.threadStarting(thread);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Thread thread, @Advice.Thrown Throwable thrown) {
            if (thrown != null) {
                Hooks.threadStartFailed(thread);
            }
        }
    }

    /** {@code Thread.exit()} (platform) and {@code VirtualThread.afterDone} (virtual, runs on the carrier). */
    public static final class End {
        private End() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Thread thread) {
            Hooks.threadEnded(thread);
        }
    }

    /** {@code Thread.dispatchUncaughtException(Throwable)}: the thread dies of {@code exception}. */
    public static final class Uncaught {
        private Uncaught() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Thread thread, @Advice.Argument(0) Throwable exception) {
            Hooks.threadUncaught(thread, exception);
        }
    }
}
