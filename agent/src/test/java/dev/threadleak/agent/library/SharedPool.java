package dev.threadleak.agent.library;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A library's JVM-wide pool, made anew by whoever needs it first, held through the JDK's own
 * objects: the wrapper {@code Executors} puts around a pool, or an {@code AtomicReference}.
 * Outside the agent's packages, whose static fields a proof never counts.
 */
public final class SharedPool {

    public static volatile ExecutorService wrapped;
    public static final AtomicReference<ExecutorService> CURRENT = new AtomicReference<>();

    private SharedPool() {
    }
}
