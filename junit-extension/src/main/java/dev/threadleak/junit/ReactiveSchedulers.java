package dev.threadleak.junit;

import dev.threadleak.api.Finding;
import dev.threadleak.report.ExecutorInfo;
import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import java.util.List;
import java.util.Map;

/**
 * The executors of a reactive library's JVM-wide schedulers, which no test ends and none needs to.
 *
 * <p>Those idle in a cache of workers, which shuts each down by itself once it has gone unused for
 * the cache's time to live: RxJava's {@code Schedulers.io()} and Reactor's
 * {@code Schedulers.boundedElastic()}. Each worker is an executor of one thread that the cache made
 * for whichever caller found none idle, and that it gives the next. HttpClient's trial: 483 such
 * workers, 9 to 52 s old, warned two classes as kept by {@code Schedulers$IoHolder.DEFAULT}, with
 * advice to end them that no test can take; a minute later each would have ended. Only an idle
 * worker (nothing queued, nothing running): one a subscription still uses, with work scheduled on
 * it, is judged as any executor, and its why names the cache ({@link #cacheOf}).
 *
 * <p>And the executors of the default schedulers made once for the JVM ({@link #jvmWide}).
 */
final class ReactiveSchedulers {

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

    /**
     * The static fields of the default schedulers that keep a fixed set of executors for the JVM's
     * life, in an array (which makes none of them a singleton a field holds), and what each is: the
     * r2dbc-pool trial's Reactor {@code parallel()} warned whichever class first asked for it.
     */
    private static final Map<String, String> JVM_WIDE = Map.of(
            "reactor.core.scheduler.Schedulers.CACHED_PARALLEL", "Reactor's Schedulers.parallel()",
            "io.reactivex.rxjava3.schedulers.Schedulers$ComputationHolder.DEFAULT", "RxJava's Schedulers.computation()",
            "io.reactivex.schedulers.Schedulers$ComputationHolder.DEFAULT", "RxJava 2's Schedulers.computation()");

    private ReactiveSchedulers() {
    }

    /**
     * Why {@code f} is an executor of a default scheduler made for the whole JVM, which runs no task
     * of the scope's; null when it is not. One that runs or holds the scope's tasks is still told,
     * with them.
     */
    static String jvmWide(Finding f) {
        ExecutorInfo pool = f.leak().executor();
        String what = f.keptBy() == null ? null : JVM_WIDE.get(f.keptBy());
        if (what == null || f.leak().kind() != LeakKind.EXECUTOR || pool == null
                || pool.tasks() != null && !pool.tasks().isEmpty()) {
            return null;
        }
        return "one of the executors of " + what + " (kept by static field " + f.keptBy() + "), made for whichever "
                + "caller came first and shared by every other for the JVM's life: not a test's leak";
    }

    /** Why {@code f} is a worker idle in such a cache, which ends it; null when it is not. */
    static String idleInACache(Finding f) {
        ExecutorInfo pool = f.leak().executor();
        String cache = pool == null || !pool.runsNothing() || pool.shutdownAgoMillis() != null ? null
                : cacheOf(f.leak());
        return cache == null ? null : "idle in " + cache;
    }

    /**
     * The cache of workers executor {@code leak} is a worker of, as the reason names it; null for
     * any other. One a test left busy is still told, but not as a pool to shut down (the r2dbc
     * trial's {@code Mono.delay} on {@code boundedElastic()}: "still not shut down").
     */
    static String cacheOf(Leak leak) {
        if (leak.kind() != LeakKind.EXECUTOR || leak.createdAt() == null) {
            return null;
        }
        for (Frame frame : leak.createdAt()) {
            for (Cache cache : CACHES) {
                if (cache.makes().equals(frame.className() + "." + frame.method())) {
                    return cache.what();
                }
            }
        }
        return null;
    }
}
