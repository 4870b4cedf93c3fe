package dev.threadleak.junit;

import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scheduler that times its tasks and hands each run to a pool of its own, as Mutiny's
 * {@code MutinyScheduler} does: its queue holds a wrapper, whose run gives the JDK's task to the
 * pool, which puts the wrapper back in the queue as that run ends. Between the hand-off and the
 * run's end, a periodic task is in neither's queue.
 */
final class HandingScheduler extends ScheduledThreadPoolExecutor {

    private final ExecutorService runs = Executors.newCachedThreadPool();

    HandingScheduler() {
        super(1);
    }

    @Override
    protected <V> RunnableScheduledFuture<V> decorateTask(Runnable runnable, RunnableScheduledFuture<V> task) {
        return new Handed<>(task, runs);
    }

    void close() throws InterruptedException {
        shutdownNow();
        runs.shutdownNow();
        awaitTermination(5, TimeUnit.SECONDS);
        runs.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The wrapper the scheduler's queue holds. */
    private record Handed<V>(RunnableScheduledFuture<V> task, ExecutorService runs) implements RunnableScheduledFuture<V> {

        @Override
        public void run() {
            runs.execute(task);
        }

        @Override
        public boolean isPeriodic() {
            return task.isPeriodic();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return task.getDelay(unit);
        }

        @Override
        public int compareTo(Delayed other) {
            return task.compareTo(other);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return task.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return task.isCancelled();
        }

        @Override
        public boolean isDone() {
            return task.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return task.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return task.get(timeout, unit);
        }
    }
}
