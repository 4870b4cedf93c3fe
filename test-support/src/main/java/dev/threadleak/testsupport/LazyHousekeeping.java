package dev.threadleak.testsupport;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a connection pool (HikariCP) from outside a test's own class path entry: made
 * idle, it starts its scheduler and schedules its periodic housekeeping when first used, and stops
 * both when closed.
 */
public final class LazyHousekeeping implements AutoCloseable {

    private ScheduledThreadPoolExecutor scheduler;
    private ScheduledFuture<?> housekeeping;

    /** Uses it: the first use starts its housekeeping. */
    public synchronized void use() {
        if (scheduler == null) {
            scheduler = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "housekeeper");
                t.setDaemon(true);
                return t;
            });
            housekeeping = scheduler.scheduleWithFixedDelay(() -> { }, 30, 30, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            housekeeping.cancel(false);
            scheduler.shutdownNow();
        }
    }
}
