package dev.threadleak.testsupport;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a library with one scheduler for the JVM in a static field, on which its calls
 * queue work (Prometheus client_java's exemplar sampler, which re-arms itself once a few seconds
 * ahead): code from outside a test's own class path entry.
 */
public final class LibraryScheduler {

    private static final ScheduledThreadPoolExecutor EXECUTOR = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "library-scheduler");
        t.setDaemon(true);
        return t;
    });

    private LibraryScheduler() {
    }

    /** Queues a task to run once, 30 s from now: it ends when it runs. */
    public static void runOnceLater() {
        EXECUTOR.schedule(() -> { }, 30, TimeUnit.SECONDS);
    }

    /** Queues a task to run once, 12 days from now, as a timer of a cache closed long before. */
    public static void runOnceInDays() {
        EXECUTOR.schedule(() -> { }, 12, TimeUnit.DAYS);
    }

    /** Queues a task that runs every 30 s until it is cancelled, which the library never does. */
    public static void tickForever() {
        EXECUTOR.scheduleAtFixedRate(() -> { }, 30, 30, TimeUnit.SECONDS);
    }

    /** For the tests that use it: drops what is queued. */
    public static void clear() {
        EXECUTOR.getQueue().clear();
    }
}
