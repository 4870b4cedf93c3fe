package dev.threadleak.agent.bootstrap;

import java.util.List;

/**
 * What the executor advice reports. Executors and tasks are {@code Object}s here so that this
 * interface, which lives in the bootstrap class loader, names JDK types only.
 */
public interface ExecutorListener {

    /** At the end of a constructor (may repeat for one executor: constructors chain). */
    void executorCreated(Object executor);

    /** A pool made {@code worker} to run its tasks (before or just after the thread starts). */
    void poolWorker(Object executor, Thread worker);

    /**
     * A pool made a worker to run {@code task} first: the worker holds it, in no queue, until it
     * begins it (on a loaded machine, after the test that submitted it has ended).
     */
    void workerGivenTask(Object executor, Object task);

    /**
     * {@code wrapper}, one of the JDK's {@code Executors} wrappers ({@code newSingleThreadExecutor},
     * {@code unconfigurableExecutorService}, {@code newSingleThreadScheduledExecutor}), was made
     * around {@code executor}: what the code holds is the wrapper, not the pool.
     */
    void executorWrapped(Object wrapper, Object executor);

    /** {@code shutdown}, {@code close} or {@code Timer.cancel} was called. */
    void executorShutdown(Object executor);

    /** {@code shutdownNow} was called: running tasks are being interrupted. */
    void executorShutdownNow(Object executor);

    /** {@code shutdownNow} returned these tasks: they will never run here. */
    void tasksDropped(List<?> tasks, Object executor);

    /**
     * {@code task}, the code's {@code Runnable} or {@code Callable}, was wrapped in {@code wrapper},
     * the future its executor will be handed next ({@code newTaskFor}, {@code decorateTask}).
     */
    void taskWrapped(Object wrapper, Object task);

    void taskSubmitted(Object executor, Object task);

    void taskStarted(Object executor, Object task);

    void taskEnded(Object executor, Object task, Throwable thrown);

    /** {@code runner}: the thread that runs the task now ({@code FutureTask.runner}), or null. */
    void taskCancelled(Object task, boolean mayInterrupt, Thread runner);

    /** The executor could not take {@code task}; its rejection policy runs next. */
    void taskRejected(Object executor, Object task);

    /**
     * {@code CompletableFuture} handed one of its own tasks ({@code supplyAsync}'s, {@code runAsync}'s,
     * an {@code ...Async} stage's), or the code handed some {@code Runnable}, to {@code executor}: a
     * {@code ForkJoinPool} (the common pool, when no executor was given) or the thread per task
     * {@code CompletableFuture} uses on JDK 17 and 21 where the common pool has one worker.
     */
    void asyncTaskSubmitted(Object executor, Object task);

    /**
     * A {@code ForkJoinPool}'s {@code execute} or {@code submit} wrapped {@code code}, a
     * {@code Runnable} or {@code Callable}, in {@code wrapper}, which the pool is handed next (as is
     * every virtual thread's continuation, at each of its mounts).
     */
    void forkJoinTaskWrapped(Object wrapper, Object code);

    /**
     * A {@code ForkJoinPool} is handed {@code task} (its private submit, which {@code execute},
     * {@code submit} and {@code invokeAll} all go through): recorded when it is the JDK's task
     * around a {@code Runnable} or {@code Callable} of the code's, whose {@code exec} is all of its run.
     */
    void forkJoinTaskSubmitted(Object pool, Object task);

    /**
     * {@code task}, the JDK's task around code, begins its run on the current thread ({@code exec}),
     * or ({@code begins} false) that run may be over: its {@code exec} returned, or an exception was
     * set on it, which the thread that runs it does when its {@code exec} throws.
     */
    void forkJoinTaskRuns(Object task, boolean begins);

    /** {@code task}, one of {@code CompletableFuture}'s own, begins to run on the current thread, or ({@code begins} false) returned. */
    void asyncTaskRuns(Object task, boolean begins);

    /** {@code timer} took {@code task}, to run once ({@code period} 0) or again and again. */
    void timerTaskScheduled(Object timer, Object task, long period);

    /**
     * A timer's thread takes the first task of its queue ({@code queue}, the timer's array of
     * tasks, whose element 1 is the first): to run it once more and keep it ({@code again}), or to
     * run it a last time or drop it, cancelled, and forget it.
     */
    void timerTaskDue(Object queue, boolean again);
}
