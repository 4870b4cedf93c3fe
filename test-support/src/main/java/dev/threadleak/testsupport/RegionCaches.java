package dev.threadleak.testsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for an ORM's database (Ebean's {@code DefaultServer}), from outside a test's own
 * class path entry: it makes its background scheduler as it is made, and each cache region it is
 * asked for schedules its periodic trim there once, the first time. The JVM's one is made on first
 * use and kept by {@link DefaultRegionCaches}, as Ebean's {@code DB} keeps its default database.
 */
public final class RegionCaches {

    private final ScheduledThreadPoolExecutor background = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "region-caches-background");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ScheduledFuture<?>> trims = new ConcurrentHashMap<>();

    RegionCaches() {
    }

    /** Uses the cache of {@code region}: the first use schedules its trim, every 5 minutes. */
    public void use(String region) {
        trims.computeIfAbsent(region, r -> background.scheduleWithFixedDelay(() -> { }, 5, 5, TimeUnit.MINUTES));
    }

    /** Ends its scheduler. */
    void shutdown() {
        background.shutdownNow();
    }
}
