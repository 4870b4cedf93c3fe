package io.reactivex.rxjava3.internal.schedulers;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for RxJava 3's {@code IoScheduler}, which {@code Schedulers.io()} is: a JVM-wide cache
 * of one-thread workers, each a {@code ScheduledExecutorService}, made by
 * {@code IoScheduler$CachedWorkerPool.get} for a caller when none is idle, given back when the
 * caller is done, and shut down by the cache's evictor once idle for its keep-alive (60 s). Here
 * nothing evicts: {@link #evictAll} ends them, for the tests' cleanup.
 */
public final class IoScheduler {

    private static final IoScheduler DEFAULT = new IoScheduler();

    private final CachedWorkerPool pool = new CachedWorkerPool();

    private IoScheduler() {
    }

    /** A worker of the JVM's cache, idle or new, for the caller until it gives it back ({@link #release}). */
    public static ScheduledExecutorService worker() {
        return DEFAULT.pool.get();
    }

    /** Gives {@code worker} back to the cache, idle, for its evictor. */
    public static void release(ScheduledExecutorService worker) {
        DEFAULT.pool.idle.add(worker);
    }

    /** Shuts every worker down and waits for them, as the evictor would once they are idle. */
    public static void evictAll() throws InterruptedException {
        for (ScheduledExecutorService worker : DEFAULT.pool.all) {
            worker.shutdownNow();
            worker.awaitTermination(10, TimeUnit.SECONDS);
        }
        DEFAULT.pool.all.clear();
        DEFAULT.pool.idle.clear();
    }

    static final class CachedWorkerPool {
        private final AtomicInteger made = new AtomicInteger();
        final Queue<ScheduledExecutorService> idle = new ConcurrentLinkedQueue<>();
        final Set<ScheduledExecutorService> all = ConcurrentHashMap.newKeySet();

        ScheduledExecutorService get() {
            ScheduledExecutorService worker = idle.poll();
            if (worker == null) {
                worker = Executors.newScheduledThreadPool(1, r -> {
                    Thread t = new Thread(r, "RxCachedThreadScheduler-" + made.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
                all.add(worker);
            }
            return worker;
        }
    }
}
