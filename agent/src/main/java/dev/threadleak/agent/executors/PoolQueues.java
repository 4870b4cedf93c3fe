package dev.threadleak.agent.executors;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The live pools behind executor records, and what waits in their queues, read once per report
 * and only for the pools a report asks about: a task record is checked against its pool's queue,
 * and a queue of 100,000 is copied once, not searched once per task.
 */
final class PoolQueues {

    private final ExecutorRegistry registry;
    private Map<ExecutorRecord, Object> live;
    private final Map<ThreadPoolExecutor, Set<Object>> queued = new IdentityHashMap<>();
    /** What waited in a pool's queue once all its workers were seen busy; {@link #NOT_BUSY} when they were not. */
    private final Map<ThreadPoolExecutor, Set<Object>> behindBusy = new IdentityHashMap<>();
    private static final Set<Object> NOT_BUSY = Collections.emptySet();
    private final Map<Class<?>, Boolean> hooked = new IdentityHashMap<>();
    /** How many workers of each pool asked about run a task: their stacks read once per report. */
    private final Map<ForkJoinPool, Integer> running = new IdentityHashMap<>();

    PoolQueues(ExecutorRegistry registry) {
        this.registry = registry;
    }

    /** The live {@code ThreadPoolExecutor} of {@code record}, or null (another kind, or collected). */
    ThreadPoolExecutor pool(ExecutorRecord record) {
        return live(record) instanceof ThreadPoolExecutor pool ? pool : null;
    }

    /** The live executor of {@code record}, or null (collected): the records walked once per report. */
    private Object live(ExecutorRecord record) {
        if (live == null) {
            live = new IdentityHashMap<>();
            for (Map.Entry<Object, ExecutorRecord> e : registry.executors()) {
                live.put(e.getValue(), e.getKey());
            }
        }
        return live.get(record);
    }

    /**
     * Whether every worker of {@code record}'s live {@code ForkJoinPool} runs a task now, so that a
     * task queued there waits for one of those to end; false for another kind, or where that
     * cannot be read ({@link #queuedBehindBusyWorkers} for a {@code ThreadPoolExecutor}). A
     * {@code ForkJoinPool} counts as active a worker that looks for work too, one about to take the
     * very task asked about among them (a test that submits and returns: its check came first, and
     * missed the leak, once in a few runs on a loaded machine); so the {@code recordedOthers} tasks
     * of others that its workers are known to run, or else its workers with a task on their
     * stacks, must fill its parallelism.
     */
    boolean allWorkersBusy(ExecutorRecord record, int recordedOthers) {
        Object executor = live(record);
        return PoolReads.read(() -> executor instanceof ForkJoinPool pool // a subclass's count that throws: not guessed
                && (recordedOthers >= pool.getParallelism()
                        || running.computeIfAbsent(pool, registry::forkJoinWorkersRunningTasks) >= pool.getParallelism()),
                false);
    }

    /** A {@code ThreadPoolExecutor} at its core size or above adds a worker only when its queue is full. */
    private static boolean allBusy(ThreadPoolExecutor pool) {
        int size = pool.getPoolSize();
        return size > 0 && size >= pool.getCorePoolSize() && pool.getActiveCount() >= size;
    }

    /**
     * Whether {@code task} waits in {@code pool}'s queue while every worker runs another task: the
     * workers read first, then the queue, once per report. In the other order a worker that took
     * the task after the queue was read, and is about to begin it, reads as busy with someone
     * else's work, and the task as queued behind it (a test that submits to an idle one-worker
     * pool and returns: its check missed the leak once in a few runs, and a library's loop the
     * same way was neither failed nor warned of). A task still queued after every worker was seen
     * busy waited behind the tasks they held then, none of them this one.
     */
    boolean queuedBehindBusyWorkers(ThreadPoolExecutor pool, Object task) {
        Set<Object> waiting = behindBusy.computeIfAbsent(pool,
                p -> PoolReads.read(() -> allBusy(p), false) ? snapshot(p) : NOT_BUSY);
        return waiting == null || waiting.contains(task);
    }

    /**
     * How many of the tasks in {@code pool}'s queue are cancelled futures, which it will never run
     * (a {@code ScheduledThreadPoolExecutor} keeps them until their time comes, unless
     * {@code removeOnCancel}); null when the queue cannot be read. Walks the queue: a report's
     * cost, once per executor reported, never a submit's or a run's.
     */
    static Integer cancelled(ThreadPoolExecutor pool) {
        return PoolReads.read(() -> { // a subclass's own queue (or a task's isCancelled) that throws: not counted
            int n = 0;
            for (Runnable task : pool.getQueue()) {
                if (TaskWrappers.unwrap(task) instanceof FutureTask<?> future && future.isCancelled()) {
                    n++;
                }
            }
            return n;
        }, null);
    }

    /**
     * Whether {@code task} waits in {@code pool}'s queue now; true when the queue cannot be read (a
     * subclass's own queue that throws): the record is then taken at its word, as before.
     */
    boolean holds(ThreadPoolExecutor pool, Object task) {
        Set<Object> waiting = queued.computeIfAbsent(pool, PoolQueues::snapshot);
        return waiting == null || waiting.contains(task);
    }

    /** What waits in {@code pool}'s queue now, or null when it cannot be read. */
    private static Set<Object> snapshot(ThreadPoolExecutor pool) {
        return PoolReads.read(() -> {
            Set<Object> in = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Object task : pool.getQueue().toArray()) {
                in.add(TaskWrappers.unwrap(task)); // the code's task, as its record is keyed
            }
            return in;
        }, null);
    }

    /**
     * Whether {@code pool}'s {@code beforeExecute}, where we learn a task began, runs for every task:
     * no class of it below {@code ThreadPoolExecutor} overrides it (one that does may skip
     * {@code super}, as httpcore's worker pool does, and hide every start from us).
     */
    boolean startsSeen(ThreadPoolExecutor pool) {
        return hooked.computeIfAbsent(pool.getClass(), PoolQueues::keepsBeforeExecute);
    }

    private static boolean keepsBeforeExecute(Class<?> c) {
        for (; c != null && c != ThreadPoolExecutor.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod("beforeExecute", Thread.class, Runnable.class);
                return false;
            } catch (NoSuchMethodException e) {
                // not this class: its superclass, next
            } catch (RuntimeException | LinkageError e) {
                return false; // not known: as an override
            }
        }
        return true;
    }
}
