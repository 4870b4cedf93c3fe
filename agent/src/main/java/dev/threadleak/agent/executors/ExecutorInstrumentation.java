package dev.threadleak.agent.executors;

import static dev.threadleak.agent.weaving.HookPoint.RETURN_VALUE;
import static dev.threadleak.agent.weaving.HookPoint.THIS;
import static dev.threadleak.agent.weaving.HookPoint.arg;
import static dev.threadleak.agent.weaving.HookPoint.constant;
import static dev.threadleak.agent.weaving.HookPoint.entry;
import static dev.threadleak.agent.weaving.HookPoint.exit;
import static dev.threadleak.agent.weaving.HookPoint.field;
import static dev.threadleak.agent.weaving.HookPoint.fieldOrNull;
import static dev.threadleak.agent.weaving.HookPoint.intArg;
import static dev.threadleak.agent.weaving.HookPoint.longArg;

import dev.threadleak.agent.weaving.HookPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the JDK makes executors, hands them work, and shuts them down (checked on JDK 17 and 25
 * with javap). Constructors are hooked at their end, where {@code this} is usable; they chain,
 * so the registry takes the first call and ignores the rest. {@code ScheduledThreadPoolExecutor}
 * does not go through {@code execute}: its tasks enter in {@code delayedExecute}. Task start and
 * end come from {@code ThreadPoolExecutor.beforeExecute/afterExecute}, which a subclass that
 * overrides them without calling {@code super} hides from us (their javadoc asks for the call).
 * What the code submitted, before the JDK wrapped it in a future, is seen where the wrapper is
 * made: {@code AbstractExecutorService.newTaskFor} (at its end), an {@code ExecutorCompletionService}'s
 * future around that one, {@code CompletableFuture}'s {@code runAsync}/{@code supplyAsync} tasks
 * (their constructors' end; where no pool's {@code beforeExecute} tells their run, their own
 * {@code run} does, which is all of it: the common pool's, or the thread {@code CompletableFuture}
 * starts for each on JDK 17 and 21 where the common pool has one worker; so do its {@code ...Async}
 * stages', whose code is not named), and
 * {@code ScheduledThreadPoolExecutor.decorateTask} (which returns the
 * future it is given), each made just before the submit; a subclass that makes futures of its own
 * hides it. The wrapper {@code Executors} puts around a pool it makes
 * ({@code Executors$DelegatedExecutorService}, at its constructor's end) is told with its pool: a
 * static field that holds a JVM-wide pool holds that wrapper.
 *
 * <p>A {@code Timer}'s tasks enter in its private {@code sched} (at its entry, like the pools':
 * at its end, the timer's thread may have taken the task already); its thread takes the first task of the queue in {@code TaskQueue.rescheduleMin} (a
 * periodic task about to run again) or {@code TaskQueue.removeMin} (a one-shot task about to run,
 * or a cancelled one dropped), where the queue's array, element 1, holds it; a task's own
 * {@code cancel} ends it.
 */
public final class ExecutorInstrumentation {

    private static final String TPE = "java/util/concurrent/ThreadPoolExecutor";
    private static final String FJP = "java/util/concurrent/ForkJoinPool";
    private static final String TPTE = "java/util/concurrent/ThreadPerTaskExecutor";
    private static final String AES = "java/util/concurrent/AbstractExecutorService";
    private static final String STPE = "java/util/concurrent/ScheduledThreadPoolExecutor";
    private static final String CF = "java/util/concurrent/CompletableFuture";
    private static final String FUTURE = "Ljava/util/concurrent/RunnableFuture;";
    private static final String SCHEDULED = "Ljava/util/concurrent/RunnableScheduledFuture;";
    private static final String O = "Ljava/lang/Object;";
    private static final String T = "Ljava/lang/Thread;";
    private static final String ONE = "(" + O + ")V";
    private static final String TWO = "(" + O + O + ")V";
    private static final String WORKER = "(" + O + T + ")V";
    private static final String TASK_QUEUE = "java/util/TaskQueue";

    private ExecutorInstrumentation() {
    }

    /** A timer queue's array of tasks: element 1 is the task its thread takes next. */
    private static HookPoint.Load timerTasks() {
        return field(TASK_QUEUE, "queue", "[Ljava/util/TimerTask;");
    }

    /**
     * The code's {@code Runnable} or {@code Callable} a {@code ForkJoinPool}'s {@code execute} or
     * {@code submit} wraps ({@link AdaptedTasks}): named where the wrapper is made, recorded where
     * the pool takes it (its private submit: {@code externalSubmit} on 17, {@code poolSubmit} on 19
     * on), its run begun at its {@code exec} (declared by each, to 21; on 22 on, by
     * {@code InterruptibleTask} for the interruptible ones and {@code execute}'s) and over where that
     * {@code exec} returns or, when it throws (17's rethrow the code's exception), where
     * {@code doExec} sets that exception; a {@code cancel}, and an interruptible one's, which
     * interrupts its runner as {@code FutureTask}'s does. Not at {@code doExec}'s end, which every
     * task of every pool passes, {@code CompletableFuture}'s and the virtual threads' mounts among
     * them. A class or method a JDK does not have matches nothing.
     */
    private static void forkJoinAdapters(List<HookPoint> points) {
        String task = "java/util/concurrent/ForkJoinTask";
        for (String adapter : new String[] {"RunnableExecuteAction", "AdaptedRunnableAction", "AdaptedRunnable",
                "AdaptedCallable", "AdaptedInterruptibleRunnable", "AdaptedInterruptibleCallable"}) {
            points.add(exit(task + "$" + adapter, "<init>", null, "forkJoinTaskWrapped", TWO, THIS, arg(1)));
        }
        points.add(entry(FJP, "externalSubmit", "(L" + task + ";)L" + task + ";", "forkJoinTaskSubmitted", TWO,
                THIS, arg(1)));
        points.add(entry(FJP, "poolSubmit", "(ZL" + task + ";)L" + task + ";", "forkJoinTaskSubmitted", TWO,
                THIS, arg(2)));
        String runs = "(" + O + "Z)V"; // the task, and whether its run begins or is over
        for (String adapter : new String[] {"RunnableExecuteAction", "AdaptedRunnableAction", "AdaptedRunnable",
                "AdaptedCallable", "InterruptibleTask", "AdaptedInterruptibleCallable", "AdaptedInterruptibleRunnable"}) {
            points.add(entry(task + "$" + adapter, "exec", "()Z", "forkJoinTaskRuns", runs, THIS, constant(1)));
            points.add(exit(task + "$" + adapter, "exec", "()Z", "forkJoinTaskRuns", runs, THIS, constant(0)));
        }
        // an exec that throws ends where doExec catches it; 17's RunnableExecuteAction overrides it
        points.add(entry(task, "trySetException", null, "forkJoinTaskRuns", runs, THIS, constant(0)));
        points.add(entry(task + "$RunnableExecuteAction", "trySetException", null, "forkJoinTaskRuns", runs, THIS,
                constant(0)));
        // a cancel before its run (shutdownNow's among them): it never runs; a running one runs on, not interrupted
        points.add(entry(task, "cancel", "(Z)Z", "taskCancelled", runs, THIS, constant(0)));
        // cancel(true) of an interruptible one interrupts its runner, as FutureTask's does: declared by
        // InterruptibleTask on 22 on, and before that by the adapter itself (17's invokeAll, 19-21's submit)
        for (String interruptible : new String[] {"InterruptibleTask", "AdaptedInterruptibleCallable",
                "AdaptedInterruptibleRunnable"}) {
            String owner = task + "$" + interruptible;
            points.add(entry(owner, "cancel", "(Z)Z", "taskCancelled", "(" + O + "Z" + T + ")V", THIS, intArg(1),
                    fieldOrNull(owner, "runner", T)));
        }
    }

    public static List<HookPoint> points() {
        List<HookPoint> points = new ArrayList<>();
        points.add(exit(TPE, "<init>", null, "executorCreated", ONE, THIS).onlyInPublic());
        points.add(entry(TPE, "execute", "(Ljava/lang/Runnable;)V", "taskSubmitted", TWO, THIS, arg(1)));
        points.add(entry(TPE, "beforeExecute", "(Ljava/lang/Thread;Ljava/lang/Runnable;)V", "taskStarted", TWO,
                THIS, arg(2)));
        points.add(entry(TPE, "afterExecute", "(Ljava/lang/Runnable;Ljava/lang/Throwable;)V", "taskEnded",
                "(" + O + O + "Ljava/lang/Throwable;)V", THIS, arg(1), arg(2)));
        points.add(entry(TPE, "reject", "(Ljava/lang/Runnable;)V", "taskRejected", TWO, THIS, arg(1)));
        points.add(entry(TPE, "shutdown", "()V", "executorShutdown", ONE, THIS));
        points.add(entry(TPE, "shutdownNow", "()Ljava/util/List;", "executorShutdownNow", ONE, THIS));
        points.add(exit(TPE, "shutdownNow", "()Ljava/util/List;", "tasksDropped", "(Ljava/util/List;" + O + ")V",
                RETURN_VALUE, THIS));
        points.add(exit(TPE + "$Worker", "<init>", null, "poolWorker", WORKER,
                arg(1), field(TPE + "$Worker", "thread", T)));
        // its first task (the inner class's constructor takes the pool, then the task, maybe null)
        points.add(exit(TPE + "$Worker", "<init>", null, "workerGivenTask", TWO, arg(1), arg(2)));
        points.add(entry(STPE, "delayedExecute",
                "(Ljava/util/concurrent/RunnableScheduledFuture;)V", "taskSubmitted", TWO, THIS, arg(1)));
        // the code's Runnable or Callable and the future made of it, just before that future is submitted
        points.add(exit(AES, "newTaskFor", "(Ljava/lang/Runnable;" + O + ")" + FUTURE, "taskWrapped", TWO,
                RETURN_VALUE, arg(1)));
        points.add(exit(AES, "newTaskFor", "(Ljava/util/concurrent/Callable;)" + FUTURE, "taskWrapped", TWO,
                RETURN_VALUE, arg(1)));
        points.add(exit("java/util/concurrent/ExecutorCompletionService$QueueingFuture", "<init>",
                "(" + FUTURE + "Ljava/util/concurrent/BlockingQueue;)V", "taskWrapped", TWO, THIS, arg(1)));
        points.add(exit(CF + "$AsyncSupply", "<init>", "(L" + CF + ";Ljava/util/function/Supplier;)V", "taskWrapped", TWO,
                THIS, arg(2)));
        points.add(exit(CF + "$AsyncRun", "<init>", "(L" + CF + ";Ljava/lang/Runnable;)V", "taskWrapped", TWO,
                THIS, arg(2)));
        points.add(entry(STPE, "decorateTask", "(Ljava/lang/Runnable;" + SCHEDULED + ")" + SCHEDULED, "taskWrapped",
                TWO, arg(2), arg(1)));
        points.add(entry(STPE, "decorateTask", "(Ljava/util/concurrent/Callable;" + SCHEDULED + ")" + SCHEDULED,
                "taskWrapped", TWO, arg(2), arg(1)));

        // the wrapper the code holds instead of the pool (package-private; its subclasses pass through it)
        points.add(exit("java/util/concurrent/Executors$DelegatedExecutorService", "<init>",
                "(Ljava/util/concurrent/ExecutorService;)V", "executorWrapped", TWO, THIS, arg(1)));

        points.add(exit(FJP, "<init>", null, "executorCreated", ONE, THIS).onlyInPublic());
        // supplyAsync/runAsync and each ...Async stage: their task, handed to a pool (the common pool, when
        // none is given) or, on 17 and 21 where the common pool has one worker, to a thread of its own
        points.add(entry(FJP, "execute", "(Ljava/lang/Runnable;)V", "asyncTaskSubmitted", TWO, THIS, arg(1)));
        points.add(entry(CF + "$ThreadPerTaskExecutor", "execute", "(Ljava/lang/Runnable;)V", "asyncTaskSubmitted", TWO,
                THIS, arg(1)));
        for (String task : new String[] {CF + "$AsyncSupply", CF + "$AsyncRun", CF + "$Completion"}) {
            points.add(entry(task, "run", "()V", "asyncTaskRuns", "(" + O + "Z)V", THIS, constant(1)));
            points.add(exit(task, "run", "()V", "asyncTaskRuns", "(" + O + "Z)V", THIS, constant(0)));
        }
        // an ...Async stage on a ForkJoinPool: its exec() runs it without run() (supplyAsync's calls run())
        points.add(entry(CF + "$Completion", "exec", "()Z", "asyncTaskRuns", "(" + O + "Z)V", THIS, constant(1)));
        points.add(exit(CF + "$Completion", "exec", "()Z", "asyncTaskRuns", "(" + O + "Z)V", THIS, constant(0)));
        forkJoinAdapters(points);
        points.add(entry(FJP, "shutdown", "()V", "executorShutdown", ONE, THIS));
        points.add(entry(FJP, "close", "()V", "executorShutdown", ONE, THIS));
        points.add(entry(FJP, "shutdownNow", "()Ljava/util/List;", "executorShutdownNow", ONE, THIS));
        points.add(exit("java/util/concurrent/ForkJoinWorkerThread", "<init>", null, "poolWorker", WORKER,
                field("java/util/concurrent/ForkJoinWorkerThread", "pool", "L" + FJP + ";"), THIS));

        points.add(exit(TPTE, "<init>", null, "executorCreated", ONE, THIS));
        points.add(entry(TPTE, "start", "(Ljava/lang/Thread;)V", "poolWorker", WORKER, THIS, arg(1)));
        points.add(entry(TPTE, "shutdown", "()V", "executorShutdown", ONE, THIS));
        points.add(entry(TPTE, "close", "()V", "executorShutdown", ONE, THIS));
        points.add(entry(TPTE, "shutdownNow", "()Ljava/util/List;", "executorShutdownNow", ONE, THIS));

        // FutureTask.runner: the thread running the task now, read where only woven code may read it
        points.add(entry("java/util/concurrent/FutureTask", "cancel", "(Z)Z", "taskCancelled", "(" + O + "Z" + T + ")V",
                THIS, intArg(1), field("java/util/concurrent/FutureTask", "runner", T)));

        points.add(exit("java/util/Timer", "<init>", null, "executorCreated", ONE, THIS).onlyInPublic());
        points.add(exit("java/util/Timer", "<init>", null, "poolWorker", WORKER,
                THIS, field("java/util/Timer", "thread", "Ljava/util/TimerThread;")).onlyInPublic());
        points.add(entry("java/util/Timer", "cancel", "()V", "executorShutdown", ONE, THIS));
        points.add(entry("java/util/Timer", "sched", "(Ljava/util/TimerTask;JJ)V", "timerTaskScheduled",
                "(" + O + O + "J)V", THIS, arg(1), longArg(4)));
        points.add(entry("java/util/TimerTask", "cancel", "()Z", "taskCancelled", "(" + O + "Z)V", THIS, constant(0)));
        points.add(entry(TASK_QUEUE, "rescheduleMin", "(J)V", "timerTaskDue", "(" + O + "Z)V", timerTasks(), constant(1)));
        points.add(entry(TASK_QUEUE, "removeMin", "()V", "timerTaskDue", "(" + O + "Z)V", timerTasks(), constant(0)));
        return points;
    }
}
