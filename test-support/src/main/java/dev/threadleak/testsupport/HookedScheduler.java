package dev.threadleak.testsupport;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stand-in for a library that starts a scheduler once per JVM, guarded by a static flag, keeps
 * it in no field, and lets a shutdown hook stop it (ShenYu's memory calculator): code from
 * outside a test's own class path entry.
 */
public final class HookedScheduler {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static volatile Thread hook;

    private HookedScheduler() {
    }

    /** Starts the library's refresh, the first time it is asked. */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        ScheduledThreadPoolExecutor scheduler = HookedReader.ticking("hooked-scheduler");
        Thread stops = new Thread(scheduler::shutdownNow, "hooked-scheduler-stop");
        Runtime.getRuntime().addShutdownHook(stops);
        hook = stops;
    }

    /** For the tests that use it: runs and removes the hook, so that the next start() starts anew. */
    public static void stop() throws InterruptedException {
        Thread stops = hook;
        if (stops != null) {
            Runtime.getRuntime().removeShutdownHook(stops);
            stops.start();
            stops.join();
            hook = null;
        }
        STARTED.set(false);
    }
}
