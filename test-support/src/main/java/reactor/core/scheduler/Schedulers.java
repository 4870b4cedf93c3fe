package reactor.core.scheduler;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Reactor's {@code Schedulers}: {@code parallel()}, made by its first caller and
 * kept for the JVM's life in the static field {@code CACHED_PARALLEL}, a fixed set of one-thread
 * executors in an array. Here {@link #shutdownNow} ends it, for the tests' cleanup.
 */
public final class Schedulers {

    static volatile Parallel CACHED_PARALLEL;

    private Schedulers() {
    }

    /** One of the JVM's parallel executors, made with the rest on first use. */
    public static synchronized ScheduledExecutorService parallel() {
        if (CACHED_PARALLEL == null) {
            CACHED_PARALLEL = new Parallel(2);
        }
        return CACHED_PARALLEL.executors[0];
    }

    /** Ends the JVM's parallel executors and forgets them, as Reactor's {@code Schedulers.shutdownNow()} does. */
    public static synchronized void shutdownNow() throws InterruptedException {
        Parallel parallel = CACHED_PARALLEL;
        CACHED_PARALLEL = null;
        if (parallel != null) {
            for (ScheduledExecutorService executor : parallel.executors) {
                executor.shutdownNow();
                executor.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    static final class Parallel {
        final ScheduledExecutorService[] executors;

        Parallel(int n) {
            executors = new ScheduledExecutorService[n];
            for (int i = 0; i < n; i++) {
                String name = "parallel-" + (i + 1);
                executors[i] = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
            }
        }
    }
}
