package dev.threadleak.agent.executors;

import dev.threadleak.agent.bootstrap.ExecutorListener;
import dev.threadleak.agent.bootstrap.ThreadListener;
import dev.threadleak.agent.threads.RecordedThreads;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A one-thread {@code ThreadPoolExecutor} that tells the listeners what the woven JDK tells the
 * agent, at the same points: its creation at the end of its constructor; each {@code execute} at
 * its entry; each task's run in {@code beforeExecute}/{@code afterExecute}; {@code shutdown},
 * {@code shutdownNow} and the tasks it returns; a task's {@code cancel}; a rejection before the
 * policy runs; and its worker as the pool makes it, then the worker's start and end. For unit tests
 * of the registries in this JVM, without the agent. Shut it down at the end of a test.
 */
public final class ReportedPool extends ThreadPoolExecutor {

    private final ExecutorListener executors;
    private volatile Runnable beforeStart;

    /** A pool with an unbounded queue whose worker's start and end {@code threads} hears (if not null). */
    public ReportedPool(ExecutorListener executors, ThreadListener threads) {
        this(executors, threads, new LinkedBlockingQueue<>(), aborting(executors));
    }

    public ReportedPool(ExecutorListener executors, ThreadListener threads, BlockingQueue<Runnable> queue,
                        RejectedExecutionHandler rejection) {
        super(1, 1, 1, TimeUnit.MINUTES, queue, new Workers(executors, threads), rejection);
        this.executors = executors;
        ((Workers) getThreadFactory()).pool = this;
        executors.executorCreated(this);
    }

    /** {@code AbortPolicy}, told about first as {@code ThreadPoolExecutor.reject} tells it. */
    public static RejectedExecutionHandler aborting(ExecutorListener executors) {
        return new AbortPolicy() {
            @Override
            public void rejectedExecution(Runnable task, ThreadPoolExecutor pool) {
                executors.taskRejected(pool, task);
                super.rejectedExecution(task, pool);
            }
        };
    }

    /** {@code DiscardPolicy}, told about first as {@code ThreadPoolExecutor.reject} tells it. */
    public static RejectedExecutionHandler discarding(ExecutorListener executors) {
        return new DiscardPolicy() {
            @Override
            public void rejectedExecution(Runnable task, ThreadPoolExecutor pool) {
                executors.taskRejected(pool, task);
                super.rejectedExecution(task, pool);
            }
        };
    }

    /**
     * Runs a task that holds the one worker until the latch returned is counted down (or the pool
     * stops), and returns once the worker is parked in that latch: a report read before then sees
     * a running worker, not one waiting in its task.
     */
    public CountDownLatch occupyTheWorker() throws InterruptedException {
        AtomicReference<Thread> worker = new AtomicReference<>();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        execute(() -> {
            worker.set(Thread.currentThread());
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.await();
        RecordedThreads.awaitParked(worker.get(), t -> true);
        return release;
    }

    /** A task that never runs: queued behind a busy worker, then returned by {@code shutdownNow()}. */
    public Future<String> taskDroppedByShutdownNow() throws InterruptedException {
        occupyTheWorker();
        Future<String> never = submit(() -> "never");
        shutdownNow();
        return never;
    }

    @Override
    public void execute(Runnable task) {
        executors.taskSubmitted(this, task);
        super.execute(task);
    }

    /**
     * Runs {@code pause} on the worker as each task's run is about to begin, before the listeners
     * hear of it: the worker active, its task out of the queue and not yet begun.
     */
    public void pauseBeforeEachStart(Runnable pause) {
        beforeStart = pause;
    }

    @Override
    protected void beforeExecute(Thread worker, Runnable task) {
        Runnable pause = beforeStart;
        if (pause != null) {
            pause.run();
        }
        executors.taskStarted(this, task);
    }

    @Override
    protected void afterExecute(Runnable task, Throwable thrown) {
        executors.taskEnded(this, task, thrown);
    }

    @Override
    public void shutdown() {
        executors.executorShutdown(this);
        super.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        executors.executorShutdownNow(this);
        List<Runnable> dropped = super.shutdownNow();
        executors.tasksDropped(dropped, this);
        return dropped;
    }

    /** Tells the future made of {@code callable}, as {@code AbstractExecutorService.newTaskFor}'s end does. */
    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        RunnableFuture<T> future = new ReportedTask<>(callable, executors);
        executors.taskWrapped(future, callable);
        return future;
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        RunnableFuture<T> future = new ReportedTask<>(() -> {
            runnable.run();
            return value;
        }, executors);
        executors.taskWrapped(future, runnable);
        return future;
    }

    /** A {@code FutureTask} whose {@code cancel} is told about at its entry, with the thread running it. */
    private static final class ReportedTask<T> extends FutureTask<T> {
        private final ExecutorListener executors;

        ReportedTask(Callable<T> callable, ExecutorListener executors) {
            super(callable);
            this.executors = executors;
        }

        /** As {@code FutureTask.runner}, which is private: the thread running it now. */
        private volatile Thread runner;

        @Override
        public void run() {
            runner = Thread.currentThread();
            try {
                super.run();
            } finally {
                runner = null;
            }
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            executors.taskCancelled(this, mayInterrupt, runner);
            return super.cancel(mayInterrupt);
        }
    }

    /** Makes daemon workers, told about as the pool makes them; their start and end too, if asked. */
    private static final class Workers implements ThreadFactory {
        private final ExecutorListener executors;
        private final ThreadListener threads;
        private volatile ReportedPool pool;

        Workers(ExecutorListener executors, ThreadListener threads) {
            this.executors = executors;
            this.threads = threads;
        }

        @Override
        public Thread newThread(Runnable work) {
            Thread worker = new Thread(() -> {
                try {
                    work.run();
                } finally {
                    if (threads != null) {
                        threads.ended(Thread.currentThread());
                    }
                }
            }, "reported-pool-worker");
            worker.setDaemon(true);
            executors.poolWorker(pool, worker);
            if (threads != null) {
                // here, not in an override of start(): JDK 21+ pools start a worker through
                // Thread.start(ThreadContainer), which passes by it (the agent hooks both)
                threads.starting(worker);
            }
            return worker;
        }
    }
}
