package dev.threadleak.junit;

import dev.threadleak.api.Finding;
import dev.threadleak.report.ExecutorInfo;
import dev.threadleak.report.Frame;
import dev.threadleak.report.LeakKind;
import java.util.List;

/**
 * Executors idle in a reactive library's JVM-wide cache of workers, which shuts each down by
 * itself once it has gone unused for the cache's time to live: RxJava's {@code Schedulers.io()}
 * and Reactor's {@code Schedulers.boundedElastic()}. Each worker is an executor of one thread that
 * the cache made for whichever caller found none idle, and that it gives the next. HttpClient's
 * trial: 483 such workers, 9 to 52 s old, warned two classes as kept by
 * {@code Schedulers$IoHolder.DEFAULT}, with advice to end them that no test can take; a minute
 * later each would have ended. Only an idle worker (nothing queued, nothing running): one a
 * subscription still uses, with work scheduled on it, is judged as any executor.
 */
final class WorkerCaches {

    /** A cache: the method that makes its workers ({@code class.method}), and what the reason says of it. */
    private record Cache(String makes, String what) {
    }

    private static final List<Cache> CACHES = List.of(
            new Cache("io.reactivex.rxjava3.internal.schedulers.IoScheduler$CachedWorkerPool.get",
                    "RxJava's Schedulers.io() cache of workers, which shuts a worker down once it has gone unused for "
                    + "its keep-alive (60 s unless rx3.io-keep-alive-time says otherwise)"),
            new Cache("io.reactivex.internal.schedulers.IoScheduler$CachedWorkerPool.get",
                    "RxJava 2's Schedulers.io() cache of workers, which shuts a worker down once it has gone unused for "
                    + "its keep-alive (60 s unless rx2.io-keep-alive-time says otherwise)"),
            new Cache("reactor.core.scheduler.BoundedElasticScheduler$BoundedServices.pick",
                    "a Reactor bounded elastic scheduler, which shuts a worker down once it has gone unused for its "
                    + "time to live (60 s for Schedulers.boundedElastic())"));

    private WorkerCaches() {
    }

    /** Why {@code f} is a worker idle in such a cache, which ends it; null when it is not. */
    static String reason(Finding f) {
        ExecutorInfo pool = f.leak().executor();
        if (f.leak().kind() != LeakKind.EXECUTOR || pool == null || !idle(pool) || f.leak().createdAt() == null) {
            return null;
        }
        for (Frame frame : f.leak().createdAt()) {
            for (Cache cache : CACHES) {
                if (cache.makes().equals(frame.className() + "." + frame.method())) {
                    return "idle in " + cache.what();
                }
            }
        }
        return null;
    }

    private static boolean idle(ExecutorInfo pool) {
        return Integer.valueOf(0).equals(pool.queuedTasks()) && Integer.valueOf(0).equals(pool.activeTasks())
                && pool.shutdownAgoMillis() == null;
    }
}
