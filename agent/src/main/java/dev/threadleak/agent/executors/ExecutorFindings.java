package dev.threadleak.agent.executors;

import dev.threadleak.agent.threads.CurrentStacks;
import dev.threadleak.agent.threads.Origin;
import dev.threadleak.report.Durations;
import dev.threadleak.report.ExecutorInfo;
import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.TaskInfo;
import dev.threadleak.report.ThreadInfo;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Timer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Turns the executor registry into findings: executors never shut down, tasks that did not
 * finish, tasks that will never run, and tasks that keep running after cancellation with
 * interruption. The scope (which executors and tasks count) is the caller's predicate.
 */
public final class ExecutorFindings {

    private final ExecutorRegistry registry;
    private final int stackDepth;

    public ExecutorFindings(ExecutorRegistry registry, int stackDepth) {
        this.registry = registry;
        this.stackDepth = stackDepth;
    }

    /** Threads that belong to a known executor: reported through it, never on their own. */
    public Set<Thread> workers() {
        Set<Thread> result = Collections.newSetFromMap(new IdentityHashMap<>());
        result.addAll(registry.allWorkers());
        return result;
    }

    /** Executors in scope that were not shut down. */
    public List<Leak> executorsNotShutDown(Predicate<Origin> inScope, Verdict verdict, String reason) {
        long now = System.currentTimeMillis();
        List<Leak> leaks = new ArrayList<>();
        for (Map.Entry<Object, ExecutorRecord> e : registry.executors()) {
            Object executor = e.getKey();
            ExecutorRecord r = e.getValue();
            if (r.jdkInternal || isShutDown(executor, r) || !inScope.test(r)) {
                continue;
            }
            leaks.add(Leak.builder(LeakKind.EXECUTOR, verdict)
                    .executor(info(executor, r, now))
                    .createdAt(registry.sites().resolve(r.creation))
                    .createdBy(r.preExisting ? null : new ThreadRef(r.creatorId, r.creatorName))
                    .ageMillis(r.preExisting ? 0 : now - r.createdAtMillis)
                    .preExisting(r.preExisting)
                    .reason(reason)
                    .build());
        }
        return leaks;
    }

    /**
     * Tasks in scope that did not finish: queued, running, or lost (never to run). A running task
     * that was cancelled with interruption at least {@code cancelGraceMillis} ago is
     * {@code IGNORES_CANCELLATION}, whatever the scope says of the others.
     */
    public List<Leak> unfinishedTasks(Predicate<Origin> inScope, long cancelGraceMillis, String reason,
                                      boolean includeQueuedAndRunning) {
        long now = System.currentTimeMillis();
        List<Leak> leaks = new ArrayList<>();
        for (Map.Entry<Object, TaskRecord> e : registry.tasks()) {
            Object task = e.getKey();
            TaskRecord r = e.getValue();
            if (!inScope.test(r) || finished(task, r)) {
                continue;
            }
            long interruptAt = r.running() ? r.interruptRequestedAtMillis() : 0;
            if (interruptAt != 0 && now - interruptAt >= cancelGraceMillis) {
                leaks.add(task(task, r, Verdict.IGNORES_CANCELLATION, ignoresCancellation(r, interruptAt, now), now));
            } else if (r.lostBecause != null && !r.running()) {
                leaks.add(task(task, r, Verdict.LEAKED, r.lostBecause, now));
            } else if (includeQueuedAndRunning) {
                leaks.add(task(task, r, Verdict.LEAKED, reason, now));
            }
        }
        return leaks;
    }

    private static boolean finished(Object task, TaskRecord r) {
        if (r.ended) {
            return true;
        }
        if (r.running() || r.lostBecause != null) {
            return false;
        }
        return task instanceof Future<?> future && future.isDone();
    }

    private static String ignoresCancellation(TaskRecord r, long interruptAt, long now) {
        String how = interruptAt == r.cancelledAtMillis ? "cancel(true)" : "shutdownNow() of its executor";
        return "interrupted by " + how + " " + Durations.format(now - interruptAt)
                + " ago and still running: it ignores interruption";
    }

    private Leak task(Object task, TaskRecord r, Verdict verdict, String reason, long now) {
        Thread runner = r.runner;
        boolean running = runner != null && !r.ended;
        String state = running ? "running" : r.lostBecause != null ? "lost" : "queued";
        long interruptAt = r.interruptRequestedAtMillis();
        boolean byCancel = interruptAt != 0 && interruptAt == r.cancelledAtMillis;
        ExecutorRecord ex = r.executor;
        TaskInfo info = new TaskInfo(task.getClass().getName(), ExecutorRegistry.identity(task), ex.identity, state, running ? null : r.lostBecause,
                running ? new ThreadRef(runner.getId(), runner.getName()) : null,
                interruptAt == 0 ? null : now - interruptAt,
                interruptAt == 0 ? null : byCancel ? new ThreadRef(r.cancelledById, r.cancelledBy)
                        : new ThreadRef(ex.shutdownNowById, ex.shutdownNowBy),
                interruptAt == 0 ? null : registry.sites().resolve(byCancel ? r.cancelTrace : ex.shutdownNowTrace));
        Leak.Builder leak = Leak.builder(LeakKind.TASK, verdict)
                .task(info)
                .createdAt(registry.sites().resolve(r.submission))
                .createdBy(new ThreadRef(r.submitterId, r.submitterName))
                .ageMillis(now - r.submittedAtMillis)
                .reason(reason);
        if (running) {
            StackTraceElement[] stack = CurrentStacks.of(runner);
            leak.thread(new ThreadInfo(runner.getId(), runner.getName(), false, runner.isDaemon(),
                    runner.getState().name())).stack(stack == null ? List.of() : Frame.of(stack, stackDepth));
        }
        return leak.build();
    }

    private ExecutorInfo info(Object executor, ExecutorRecord r, long now) {
        List<ThreadRef> workers = new ArrayList<>();
        for (Thread t : r.liveWorkers()) {
            workers.add(new ThreadRef(t.getId(), t.getName()));
        }
        Integer queued = null;
        Integer active = null;
        if (executor instanceof ThreadPoolExecutor pool) {
            queued = pool.getQueue().size();
            active = pool.getActiveCount();
        } else if (executor instanceof ForkJoinPool pool) {
            queued = (int) Math.min(Integer.MAX_VALUE, pool.getQueuedSubmissionCount() + pool.getQueuedTaskCount());
            active = pool.getActiveThreadCount();
        }
        long shutdownAt = r.shutdownAtMillis != 0 ? r.shutdownAtMillis : r.shutdownNowAtMillis;
        Throwable shutdownTrace = r.shutdownTrace != null ? r.shutdownTrace : r.shutdownNowTrace;
        return new ExecutorInfo(r.type, r.identity, state(executor, r), workers, queued, active,
                shutdownAt == 0 ? null : now - shutdownAt, registry.sites().resolve(shutdownTrace));
    }

    private static String state(Object executor, ExecutorRecord r) {
        if (executor instanceof ExecutorService service) {
            return service.isTerminated() ? "terminated" : service.isShutdown() ? "shutdown" : "running";
        }
        return r.shutdownRequested() ? "cancelled" : "running";
    }

    /** A Timer has no isShutdown: it is done once cancelled or once its thread is gone. */
    private static boolean isShutDown(Object executor, ExecutorRecord r) {
        if (executor instanceof ExecutorService service) {
            return service.isShutdown();
        }
        if (executor instanceof Timer) {
            return r.shutdownRequested() || (r.liveWorkers().isEmpty() && !r.preExisting);
        }
        return r.shutdownRequested();
    }


    /** What {@link #tally} counts by creation site. */
    public enum Work { EXECUTOR, QUEUED_TASK, RUNNING_TASK }

    /**
     * Hands every executor not shut down, and every task queued or running, to {@code count} with
     * its creation stack: the MBean's per-site gauges. Resolving a task's stack costs microseconds,
     * so only the first {@code maxTaskStacks} tasks get theirs; the rest are counted with an empty
     * one.
     */
    public void tally(BiConsumer<Work, List<Frame>> count, int maxTaskStacks) {
        for (Map.Entry<Object, ExecutorRecord> e : registry.executors()) {
            ExecutorRecord r = e.getValue();
            if (!r.jdkInternal && !isShutDown(e.getKey(), r)) {
                count.accept(Work.EXECUTOR, registry.sites().resolve(r.creation));
            }
        }
        int resolved = 0;
        for (Map.Entry<Object, TaskRecord> e : registry.tasks()) {
            TaskRecord r = e.getValue();
            if (finished(e.getKey(), r) || (r.lostBecause != null && !r.running())) {
                continue;
            }
            List<Frame> site = resolved++ < maxTaskStacks ? registry.sites().resolve(r.submission) : List.of();
            count.accept(r.running() ? Work.RUNNING_TASK : Work.QUEUED_TASK, site);
        }
    }
}
