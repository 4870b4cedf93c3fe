package dev.threadleak.agent.executors;

import dev.threadleak.report.KnownThreads;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Finds the executors that predate the agent (late attach) through their workers: a ForkJoin
 * worker names its pool; a ThreadPoolExecutor worker runs a {@code Worker} whose outer instance
 * is the pool. The thread's task lives in {@code Thread.target} on JDK 17 and in
 * {@code Thread.holder.task} on JDK 21+; we read whichever exists, after opening the two
 * packages to ourselves. Anything unexpected means "not found", never an error.
 */
public final class PreExistingExecutors {

    private PreExistingExecutors() {
    }

    public static void register(Instrumentation inst, ExecutorRegistry registry, List<Thread> threads) {
        TaskOfThread taskOf = TaskOfThread.open(inst);
        for (Thread t : threads) {
            if (KnownThreads.isKnown(t)) {
                continue;
            }
            if (t instanceof ForkJoinWorkerThread worker) {
                ForkJoinPool pool = worker.getPool();
                if (pool != ForkJoinPool.commonPool()) {
                    registry.registerPreExisting(pool, t);
                }
                continue;
            }
            Object executor = taskOf.poolOf(t);
            if (executor != null) {
                registry.registerPreExisting(executor, t);
            }
        }
    }

    /** Reads a thread's Runnable, and a pool worker's pool, reflectively. */
    private static final class TaskOfThread {
        private final Field target;
        private final Field holder;
        private final Field holderTask;
        private final Field outer;

        private TaskOfThread(Field target, Field holder, Field holderTask, Field outer) {
            this.target = target;
            this.holder = holder;
            this.holderTask = holderTask;
            this.outer = outer;
        }

        static TaskOfThread open(Instrumentation inst) {
            try {
                Module ours = PreExistingExecutors.class.getModule();
                inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(), Map.of("java.lang", Set.of(ours),
                        "java.util.concurrent", Set.of(ours)), Set.of(), Map.of());
                Class<?> worker = Class.forName("java.util.concurrent.ThreadPoolExecutor$Worker");
                Field outer = accessible(worker.getDeclaredField("this$0"));
                try {
                    return new TaskOfThread(accessible(Thread.class.getDeclaredField("target")), null, null, outer);
                } catch (NoSuchFieldException jdk21) {
                    Field holder = accessible(Thread.class.getDeclaredField("holder"));
                    Field task = accessible(holder.getType().getDeclaredField("task"));
                    return new TaskOfThread(null, holder, task, outer);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new TaskOfThread(null, null, null, null);
            }
        }

        Object poolOf(Thread t) {
            if (outer == null) {
                return null;
            }
            try {
                Object task = target != null ? target.get(t) : holderTask.get(holder.get(t));
                if (task != null && task.getClass() == outer.getDeclaringClass()) {
                    Object pool = outer.get(task);
                    return pool instanceof ThreadPoolExecutor ? pool : null;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not a pool worker we can read
            }
            return null;
        }

        private static Field accessible(Field f) {
            f.setAccessible(true);
            return f;
        }
    }
}
