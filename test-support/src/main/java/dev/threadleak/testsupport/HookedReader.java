package dev.threadleak.testsupport;

import java.lang.ref.WeakReference;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a library that makes a reader per call, with a scheduler of its own that a
 * shutdown hook stops, and keeps it in no field (OpenTelemetry's SDK, built anew by each of
 * Prometheus client_java's tests and never closed): code from outside a test's own class path entry.
 */
public final class HookedReader {
    /** Weakly, so that the hooks alone keep the readers: for the tests that use it to stop them. */
    private static final Queue<WeakReference<Thread>> HOOKS = new ConcurrentLinkedQueue<>();

    private HookedReader() {
    }

    /** Builds a reader that reads every second until the JVM exits: its caller is to close it, and does not. */
    public static void build() {
        ScheduledThreadPoolExecutor scheduler = ticking("hooked-reader");
        Thread stops = new Thread(scheduler::shutdownNow, "hooked-reader-stop"); // its lambda names whose hook
        Runtime.getRuntime().addShutdownHook(stops);
        HOOKS.add(new WeakReference<>(stops));
    }

    /** A daemon scheduler named {@code name} that ticks every second. */
    static ScheduledThreadPoolExecutor ticking(String name) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> { }, 0, 1, TimeUnit.SECONDS);
        return scheduler;
    }

    /** For the tests that use it: runs and removes every hook, which stops every reader. */
    public static void stopAll() throws InterruptedException {
        for (WeakReference<Thread> ref = HOOKS.poll(); ref != null; ref = HOOKS.poll()) {
            Thread stops = ref.get();
            if (stops != null) {
                Runtime.getRuntime().removeShutdownHook(stops);
                stops.start();
                stops.join();
            }
        }
    }
}
