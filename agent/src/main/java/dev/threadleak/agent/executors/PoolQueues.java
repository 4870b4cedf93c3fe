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
     * Whether every worker {@code record}'s live pool has runs a task now and it will make no more
     * while they do, so that a task queued there waits for one of those to end; false where that
     * cannot be read. A {@code ThreadPoolExecutor} at its core size or above adds a worker only
     * when its queue is full, and counts the workers that run a task. A {@code ForkJoinPool}
     * counts as active a worker that looks for work too, one about to take the very task asked
     * about among them (a test that submits and returns: its check came first, and missed the
     * leak, once in a few runs on a loaded machine); so there, the {@code recordedOthers} tasks of
     * others that its workers are known to run, or else its workers with a task on their stacks,
     * must fill its parallelism.
     */
    boolean allWorkersBusy(ExecutorRecord record, int recordedOthers) {
        Object executor = live(record);
        return PoolReads.read(() -> { // a subclass's count that throws: not read, not guessed
            if (executor instanceof ThreadPoolExecutor pool) {
                int size = pool.getPoolSize();
                return size > 0 && size >= pool.getCorePoolSize() && pool.getActiveCount() >= size;
            }
            return executor instanceof ForkJoinPool pool && (recordedOthers >= pool.getParallelism()
                    || running.computeIfAbsent(pool, registry::forkJoinWorkersRunningTasks) >= pool.getParallelism());
        }, false);
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
                if (task instanceof FutureTask<?> future && future.isCancelled()) {
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
        Set<Object> waiting = queued.get(pool);
        if (waiting == null) {
            waiting = PoolReads.read(() -> {
                Set<Object> in = Collections.newSetFromMap(new IdentityHashMap<>());
                Collections.addAll(in, pool.getQueue().toArray());
                return in;
            }, null);
            queued.put(pool, waiting);
        }
        return waiting == null || waiting.contains(task);
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
