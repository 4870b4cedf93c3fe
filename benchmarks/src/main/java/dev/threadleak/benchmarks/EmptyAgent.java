package dev.threadleak.benchmarks;

import java.lang.instrument.Instrumentation;

/**
 * A {@code -javaagent} that does nothing. Loading any Java agent gives the JVM a JVMTI
 * environment, which alone slows virtual-thread start+join; this agent measures that floor, so
 * the threadleak agent is judged only on what it adds. Packed into its own tiny jar at run time
 * by {@link ScratchFiles}.
 */
public final class EmptyAgent {

    private EmptyAgent() {
    }

    public static void premain(String options, Instrumentation instrumentation) {
        // Deliberately empty.
    }
}
