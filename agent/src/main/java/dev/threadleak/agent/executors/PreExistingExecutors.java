package dev.threadleak.agent.executors;

import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.report.KnownThreads;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Function;

/**
 * Finds the executors that predate the agent (late attach) through their workers: a ForkJoin
 * worker names its pool; a ThreadPoolExecutor worker's pool is read from the JDK's internals by
 * the caller ({@code poolOfWorker}: null when it is not one, or cannot be read). Anything
 * unexpected means "not found", never an error. Virtual threads are passed over: a virtual
 * thread keeps its task in its continuation, not where a pool's worker is read from, so none is
 * ever found, and a JVM may hold a hundred thousand of them (asking each cost seconds).
 */
final class PreExistingExecutors {

    private PreExistingExecutors() {
    }

    static void register(ExecutorRegistry registry, List<Thread> threads,
                                Function<Thread, ThreadPoolExecutor> poolOfWorker) {
        for (Thread t : threads) {
            if (ThreadRegistry.isVirtual(t) || KnownThreads.isKnown(t)) {
                continue;
            }
            if (t instanceof ForkJoinWorkerThread worker) {
                ForkJoinPool pool = worker.getPool();
                if (pool != ForkJoinPool.commonPool()) {
                    registry.registerPreExisting(pool, t);
                }
                continue;
            }
            ThreadPoolExecutor executor = poolOfWorker.apply(t);
            if (executor != null) {
                registry.registerPreExisting(executor, t);
            }
        }
    }
}
