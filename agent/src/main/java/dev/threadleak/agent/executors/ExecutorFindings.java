package dev.threadleak.agent.executors;

import dev.threadleak.agent.threads.Clock;
import dev.threadleak.agent.threads.CreationSites;
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
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TransferQueue;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Turns the executor registry into findings: executors never shut down, tasks that did not
 * finish, tasks that will never run, and tasks that keep running after cancellation with
 * interruption. The scope (which executors and tasks count) is the caller's predicate.
 *
 * <p>An executor that never made a thread and holds no task is not a leak: nothing runs, and
 * nothing is held but an object (a builder's default pool that was replaced). One the code never
 * shut down is, whatever the collector did meanwhile (see {@link ExecutorRegistry}): the report
 * says who stopped it instead, and when.
 */
public final class ExecutorFindings {

    /**
     * {@code Executors.newThreadPerTaskExecutor}'s and {@code newVirtualThreadPerTaskExecutor}'s (Java
     * 21+): a thread per task and no queue, so with no thread alive it holds nothing. Jetty's
     * {@code VirtualThreadPool} drops one unclosed as it stops; a test that stopped it failed for it.
     */
    private static final String THREAD_PER_TASK = "java.util.concurrent.ThreadPerTaskExecutor";
    private static final String SCHEDULED_FUTURE_TASK = "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask";

    /** How the dropped tasks' note groups those {@code shutdownNow()} returned, before or after their time. */
    private static final String SHUTDOWN_NOW_RETURNED = "returned by shutdownNow()";

    private final ExecutorRegistry registry;
    private final int stackDepth;

    public ExecutorFindings(ExecutorRegistry registry, int stackDepth) {
        this.registry = registry;
        this.stackDepth = stackDepth;
    }

    /** The note a report carries once records of collected executors were dropped, null before. */
    public String note() {
        long n = registry.reclaimedDropped();
        return n == 0 ? null : n + " executors the code never shut down, collected since, were dropped beyond the "
                + ExecutorRegistry.MAX_RECLAIMED + " newest kept and are missing from this report";
    }

    /** The note a report carries while tasks of a kind were left without a record in a scope ({@link TaskKinds}), else null. */
    public String leftOutNote() {
        return registry.leftOutNote();
    }

    /** The JDK's wrapper the code holds of the executor a report names {@code identity}, or null. */
    public Object wrapperOf(String identity) {
        return registry.wrapperOf(identity);
    }

    /** The live executor or recorded task a report names {@code identity}, or null. */
    public Object work(String identity) {
        return registry.work(identity);
    }

    /**
     * Whether the executor a report names {@code identity} is no finding now only because its idle
     * workers ended by themselves: never shut down, not collected, and holding nothing. A check
     * that found it left running when its grace period ended keeps it so: whether its keep-alive
     * ran out before the look after a slow heap dump was a race (Moquette's trial: Hikari's
     * connection adder, idle workers ending after 5 s, was reported in one run and not after a
     * 5.5 s dump in the next).
     */
    public boolean idledOut(String identity) {
        Map.Entry<Object, ExecutorRecord> e = registry.executorNamed(identity);
        if (e == null) {
            return false;
        }
        ExecutorRecord r = e.getValue();
        return !r.jdkInternal() && !r.shared && !r.reclaimed() && !isShutDown(e.getKey(), r) && holdsNothing(e.getKey(), r);
    }

    /** The lineage (creator first) of the executor or task a report names {@code identity}, or null. */
    public long[] lineage(String identity) {
        return registry.lineage(identity);
    }

    /** See {@link ExecutorRegistry#creationOfAncestor}. */
    public Object creationOfAncestor(String identity, long ancestor) {
        return registry.creationOfAncestor(identity, ancestor);
    }

    /** Threads that belong to a known executor: reported through it, never on their own. */
    public Set<Thread> workers() {
        Set<Thread> result = Collections.newSetFromMap(new IdentityHashMap<>());
        result.addAll(registry.allWorkers());
        return result;
    }

    /**
     * Executors in scope that the code did not shut down; with {@code collected}, those the
     * collector's cleanup stopped or reclaimed meanwhile too (a live report leaves them out: they
     * hold nothing now). {@code reason} makes each one's reason of the word its kind's end is said
     * with ({@link ExecutorInfo#endedWord()}: a {@code Timer} is "cancelled").
     */
    public List<Leak> executorsNotShutDown(Predicate<Origin> inScope, Verdict verdict, UnaryOperator<String> reason,
                                           boolean collected) {
        return executorsNotShutDown(inScope, verdict, reason, collected, Set.of(), false);
    }

    /**
     * The same; with {@code runningStacks}, each that runs a task and is not among {@code told}
     * (the executors whose tasks a report tells) with the stack of a worker in one: where no task
     * has a record (an on-exit report with no scope ever open), "1 active" was all a reader saw of
     * a worker stuck for good (MINA's trial: one half of a deadlock between two pools).
     */
    public List<Leak> executorsNotShutDown(Predicate<Origin> inScope, Verdict verdict, UnaryOperator<String> reason,
                                           boolean collected, Set<String> told, boolean runningStacks) {
        long now = System.currentTimeMillis();
        List<Map.Entry<Long, Leak>> leaks = new ArrayList<>();
        for (Map.Entry<Object, ExecutorRecord> e : registry.executors()) {
            Object executor = e.getKey();
            ExecutorRecord r = e.getValue();
            if (!leftRunning(executor, r) || !inScope.test(r)) {
                continue;
            }
            ExecutorInfo info = info(executor, r, now);
            if (endedMeanwhile(info)) {
                continue;
            }
            Leak leak = executor(r, info, reason.apply(info.endedWord()), verdict, now);
            boolean running = info.activeTasks() != null && info.activeTasks() > 0;
            leaks.add(Map.entry(r.sequence(), runningStacks && !told.contains(r.identity) && running
                    ? withRunningWorkersStack(leak, r, info) : leak));
        }
        if (collected) {
            for (ExecutorRecord r : registry.reclaimed()) {
                if (inScope.test(r)) {
                    ExecutorInfo info = reclaimedInfo(r, now);
                    String why = reason.apply(info.endedWord()) + ": " + info.collectedClause();
                    leaks.add(Map.entry(r.sequence(), executor(r, info, why, verdict, now)));
                }
            }
        }
        return inTheOrderMade(leaks);
    }

    /**
     * Executors in scope the code shut down that still run a task, of which no task is among the
     * report's ({@code named}: the executors its unfinished tasks name), with the stack of a worker
     * that runs one: a pool shut down ends only once its last task does, and a task past the first
     * records of its kind ({@link TaskKinds}) has no finding of its own to say so. A check waits
     * for it as for any executor under way: its task may still end. {@code inScope} is asked last,
     * of a pool still running a task: the exit report counts there what it leaves out. One stopped
     * with {@code shutdownNow()} is {@code IGNORES_CANCELLATION} ({@link #interruptedAndStillRunning});
     * {@code when} says when it was found so ("when the JVM exited").
     */
    public List<Leak> shutDownStillRunning(Predicate<Origin> inScope, Set<String> named, String reason, String when) {
        long now = System.currentTimeMillis();
        List<Map.Entry<Long, Leak>> leaks = new ArrayList<>();
        for (Map.Entry<Object, ExecutorRecord> e : registry.executors()) {
            Object executor = e.getKey();
            ExecutorRecord r = e.getValue();
            if (!shutDownPool(executor, r) || named.contains(r.identity)
                    || PoolReads.read(((ExecutorService) executor)::isTerminated, false)) {
                continue;
            }
            ExecutorInfo info = info(executor, r, now);
            if (info.activeTasks() == null || info.activeTasks() == 0 || !inScope.test(r)) {
                continue; // its last workers are leaving, or it is not the report's
            }
            Leak leak = r.shutdownNowAtMillis != 0
                    ? executor(r, info, interruptedAndStillRunning(r, when, now), Verdict.IGNORES_CANCELLATION, now)
                    : executor(r, info, reason, Verdict.LEAKED, now);
            leaks.add(Map.entry(r.sequence(), withRunningWorkersStack(leak, r, info)));
        }
        return inTheOrderMade(leaks);
    }

    /**
     * Why a pool stopped with {@code shutdownNow()} still runs a task: that call interrupts every
     * worker and starts no task after it, so the one running was told to stop and went on (Sentinel's
     * trial: a loop that swallows its interrupt, told as "lost work" where no task had a record).
     */
    private String interruptedAndStillRunning(ExecutorRecord r, String when, long now) {
        Frame at = callerOfShutdownNow(registry.sites().resolve(r.shutdownNowTrace));
        return "stopped with shutdownNow() " + Durations.format(now - r.shutdownNowAtMillis) + " ago"
                + (at == null ? "" : " at " + at) + ", which interrupts its workers, and still running a task " + when
                + ": the interrupt did not end it (it ignores interruption, or something on its way cleared the flag "
                + "and went on)";
    }

    /** {@code leak}, an executor's, with the stack of one of {@code r}'s workers in a task, where one is. */
    private Leak withRunningWorkersStack(Leak leak, ExecutorRecord r, ExecutorInfo info) {
        StackTraceElement[] stack = runningWorkersStack(r);
        return stack == null ? leak : leak.withExecutor(info, Frame.of(stack, stackDepth), stack.length > stackDepth);
    }

    /** Whether {@code executor} is a pool of the application's (not the JDK's, nor shared) that the code shut down. */
    private static boolean shutDownPool(Object executor, ExecutorRecord r) {
        return !r.jdkInternal() && !r.shared && !r.reclaimed()
                && (executor instanceof ThreadPoolExecutor || executor instanceof ForkJoinPool) && isShutDown(executor, r);
    }

    /**
     * Waits, up to {@code budgetMillis} in all, for each executor the code shut down to terminate;
     * an interrupt ends the wait, and is kept.
     */
    public void awaitShutDownPools(long budgetMillis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        try {
            for (Map.Entry<Object, ExecutorRecord> e : registry.executors()) {
                Object executor = e.getKey();
                ExecutorRecord r = e.getValue();
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                if (shutDownPool(executor, r)) {
                    ((ExecutorService) executor).awaitTermination(left, TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // report what is there now
        } catch (RuntimeException e) {
            // a pool's own awaitTermination that failed: report what is there now
        }
    }

    /** The stack of the first live worker of {@code r} in a task, not waiting for its next; or null. */
    private static StackTraceElement[] runningWorkersStack(ExecutorRecord r) {
        for (Thread t : r.liveWorkers()) {
            StackTraceElement[] stack = CurrentStacks.of(t);
            if (stack != null && stack.length > 0 && !WorkerStacks.waitForATask(Frame.of(stack, stack.length))) {
                return stack;
            }
        }
        return null;
    }

    /**
     * The pool thread {@code threadId} worked for, as one of its last workers, alive or not; or
     * null: none we know of, or one that predates the agent (no creation to tell).
     */
    public WorkersPool poolOfWorker(long threadId) {
        ExecutorRecord r = registry.poolOfWorker(threadId);
        return r == null || r.preExisting ? null
                : new WorkersPool(r.identity, r.createdAt(registry.sites()), new ThreadRef(r.creatorId, r.creatorName));
    }

    private Leak executor(ExecutorRecord r, ExecutorInfo info, String reason, Verdict verdict, long now) {
        List<Frame> site = r.createdAt(registry.sites());
        return Leak.builder(LeakKind.EXECUTOR, verdict)
                .executor(info)
                .createdAt(site)
                .createdAtCut(CreationSites.isCut(site))
                .createdFrom(CreationSites.entries(site))
                .createdBy(r.preExisting ? null : new ThreadRef(r.creatorId, r.creatorName))
                .ageMillis(r.preExisting ? 0 : now - r.createdAtMillis)
                .preExisting(r.preExisting)
                .reason(Origin.reason(r, reason))
                .build();
    }

    /**
     * Tasks in scope that did not finish: queued or running; not one its executor threw away as
     * the code chose ({@link #droppedNote}). A running task
     * that was interrupted ({@code cancel(true)}, {@code shutdownNow()}) at least
     * {@code cancelGraceMillis} ago is {@code IGNORES_CANCELLATION}, whatever the scope says of
     * the others. A periodic task never finishes until cancelled or stopped with its executor.
     */
    public List<Leak> unfinishedTasks(Predicate<Origin> inScope, long cancelGraceMillis, String reason,
                                      boolean includeQueuedAndRunning) {
        long now = System.currentTimeMillis();
        List<Map.Entry<Long, Leak>> leaks = new ArrayList<>();
        PoolQueues queues = new PoolQueues(registry);
        List<Map.Entry<Object, TaskRecord>> all = registry.tasks();
        Set<String> submittedRuns = submittedRuns(all);
        for (Map.Entry<Object, TaskRecord> e : all) {
            Object task = e.getKey();
            TaskRecord r = e.getValue();
            if (!inScope.test(r) || finished(task, r, queues) || insideASubmittedRun(r, submittedRuns)) {
                continue;
            }
            long interruptAt = r.running() && r.interruptRequested() ? r.cancelledAtMillis : 0;
            if (interruptAt != 0 && now - interruptAt >= cancelGraceMillis) {
                leaks.add(Map.entry(r.sequence(), task(task, r, Verdict.IGNORES_CANCELLATION,
                        ignoresCancellation(r, interruptAt, now), now)));
            } else if (r.dropped() && !r.running()) {
                continue; // the code's choice: droppedNote
            } else if (includeQueuedAndRunning) {
                leaks.add(Map.entry(r.sequence(), task(task, r, Verdict.LEAKED, r.periodic
                        ? "periodic and never cancelled: it runs again and again until cancelled or its executor stops"
                        : reason + pastShutdown(task, r, now) + onASharedPool(task, r), now)));
            }
        }
        return inTheOrderMade(leaks);
    }

    /**
     * A task in scope that waits in its pool's queue while every worker of the pool runs work the
     * scope did not submit (a task an earlier test left running on a shared pool, another's long
     * job): it runs when one of those ends, and if none ever does, the leak is that work's, told
     * where it was submitted. Blamed, the scope's verdict would hang on what ran before it.
     * Not when a worker runs a task of the scope's own: what it queued waits for its own work.
     * Told in {@link #queuedBehindOthersNote}; left out by a scope's check at its end
     * ({@link #tasksQueuedBehindOthers}).
     */
    private static boolean queuedBehindOthers(Object task, TaskRecord r, Workers workers, PoolQueues queues) {
        if (r.holdsAWorker() || r.runs > 0 || r.periodic || r.lostBecause != null || workers.own.contains(r.executor)) {
            return false;
        }
        ThreadPoolExecutor pool = queues.pool(r.executor);
        return pool != null ? queues.queuedBehindBusyWorkers(pool, task)
                : queues.allWorkersBusy(r.executor, workers.othersRunning(r.executor));
    }

    /**
     * Which executors a worker of which runs, or is about to begin, a task in scope, and how many
     * recorded tasks not in scope each runs now: one walk for all of a check's tasks.
     */
    private record Workers(Set<ExecutorRecord> own, Map<ExecutorRecord, Integer> others) {

        static Workers of(List<Map.Entry<Object, TaskRecord>> all, Predicate<Origin> inScope) {
            Set<ExecutorRecord> own = Collections.newSetFromMap(new IdentityHashMap<>());
            Map<ExecutorRecord, Integer> others = new IdentityHashMap<>();
            for (Map.Entry<Object, TaskRecord> e : all) {
                TaskRecord r = e.getValue();
                if (!r.holdsAWorker()) {
                    continue;
                }
                if (inScope.test(r)) {
                    own.add(r.executor);
                } else if (r.running()) {
                    others.merge(r.executor, 1, Integer::sum);
                }
            }
            return new Workers(own, others);
        }

        int othersRunning(ExecutorRecord executor) {
            return others.getOrDefault(executor, 0);
        }
    }

    /**
     * The identities of the tasks in scope that wait behind work not the scope's, now
     * ({@link #queuedBehindOthers}): what a scope's check leaves out once its grace period is over.
     * Not before: a worker seen busy may be ending a short task the scope never saw, and its next
     * is the scope's (a test that submitted to a one-worker pool whose last task was ending was
     * passed at its check's first look, once in a few runs).
     */
    public Set<String> tasksQueuedBehindOthers(Predicate<Origin> inScope) {
        Set<String> identities = new HashSet<>();
        for (Map.Entry<Object, TaskRecord> e : queuedBehindOthers(inScope)) {
            identities.add(ExecutorRegistry.identity(e.getKey()));
        }
        return identities;
    }

    /** The tasks in scope, unfinished, that wait behind work not the scope's now: one walk of the records. */
    private List<Map.Entry<Object, TaskRecord>> queuedBehindOthers(Predicate<Origin> inScope) {
        PoolQueues queues = new PoolQueues(registry);
        List<Map.Entry<Object, TaskRecord>> all = registry.tasks();
        Workers workers = Workers.of(all, inScope);
        List<Map.Entry<Object, TaskRecord>> behind = new ArrayList<>();
        for (Map.Entry<Object, TaskRecord> e : all) {
            TaskRecord r = e.getValue();
            if (inScope.test(r) && !finished(e.getKey(), r, queues) && queuedBehindOthers(e.getKey(), r, workers, queues)) {
                behind.add(e);
            }
        }
        return behind;
    }

    /**
     * {@code 2 tasks wait in the queue of java.util.concurrent.ThreadPoolExecutor@1a2b, every worker
     * of which runs a task not submitted here: they run when one of those ends (2 a lambda of
     * com.acme.Importer); not leaks here}: what {@link #queuedBehindOthers} left out, one line for
     * all; null when there is none.
     */
    public String queuedBehindOthersNote(Predicate<Origin> inScope) {
        List<Map.Entry<Object, TaskRecord>> behind = queuedBehindOthers(inScope);
        Map<String, Integer> what = new TreeMap<>();
        Set<String> pools = new TreeSet<>();
        for (Map.Entry<Object, TaskRecord> e : behind) {
            TaskRecord r = e.getValue();
            pools.add(r.executor.identity);
            String code = codeOf(e.getKey(), r);
            if (code != null) {
                what.merge(code, 1, Integer::sum);
            }
        }
        int n = behind.size();
        if (n == 0) {
            return null;
        }
        String queuesOf = pools.size() == 1 ? "the queue of " + pools.iterator().next()
                : "the queues of " + String.join(" and ", pools);
        return n + (n == 1 ? " task waits in " : " tasks wait in ") + queuesOf + ", every worker of which runs a task"
                + " not submitted here: " + (n == 1 ? "it runs" : "they run") + " when one of those ends"
                + which(what.isEmpty() ? null : what) + "; " + (n == 1 ? "not a leak here" : "not leaks here");
    }

    /**
     * "; its pool was shut down 2.0 s ago at ..., which still runs ...", when the code shut the
     * task's pool down with {@code shutdown()}: a reader who sees that call in a {@code finally}
     * took the report for a false positive (Mutiny's trial: a task scheduled 10 s ahead ran after
     * it, into the test's subscriber). Empty otherwise.
     */
    private String pastShutdown(Object task, TaskRecord r, long now) {
        ExecutorRecord pool = r.executor;
        long at = pool.shutdownAtMillis;
        if (at == 0 || pool.shutdownNowAtMillis != 0) {
            return "";
        }
        Throwable trace = pool.shutdownTrace;
        Frame where = trace == null ? null : callerOfShutdown(registry.sites().resolve(trace), pool.type);
        String shutDown = "; its pool was shut down " + Durations.format(Math.max(0, now - at)) + " ago"
                + (where == null ? "" : " at " + where);
        if (r.running()) {
            return shutDown + ", which lets a running task finish (shutdownNow() interrupts it)";
        }
        return shutDown + (SCHEDULED_FUTURE_TASK.equals(task.getClass().getName())
                ? ", and a ScheduledThreadPoolExecutor still runs the delayed tasks it holds then (shutdownNow() or"
                + " cancel(false) drops them)" + nonDaemonWaiting(pool)
                : ", which still runs the tasks queued by then (shutdownNow() drops them)");
    }

    /**
     * "; its worker "pool-1-thread-1" #22 is not a daemon: ...", where a live worker of a pool shut
     * down with delayed tasks is none: the harm a reader would not see in a task "queued, next run
     * in over a year" (cache2k's trial: a bulk loader's close() left its timer's pool so, for good).
     * Empty otherwise.
     */
    private static String nonDaemonWaiting(ExecutorRecord pool) {
        List<ThreadRef> workers = new ArrayList<>();
        for (Thread t : pool.liveWorkers()) {
            if (!t.isDaemon()) {
                workers.add(new ThreadRef(t.getId(), t.getName()));
            }
        }
        if (workers.isEmpty()) {
            return "";
        }
        String which = workers.size() == 1 ? "its worker " + workers.get(0) + " is not a daemon"
                : "its workers " + workers.get(0) + " and " + (workers.size() - 1) + " more are not daemons";
        return "; " + which + ": it waits for them, and the JVM does not exit by itself while it does";
    }

    /**
     * "; runAsync runs it on the common pool, which lives as long as the JVM, and its future's
     * cancel() interrupts nothing": the pool no code shuts down, and the stop a reader would try
     * first, which does not stop it; "its pool is the common pool, ..." where the task's class does
     * not tell which method made it ({@code submit}, {@code invokeAll}, the code's own
     * {@code ForkJoinTask.adapt}: its submission frame does). Empty for a task of any other pool.
     */
    private static String onASharedPool(Object task, TaskRecord r) {
        if (!r.executor.shared) {
            return "";
        }
        String type = task.getClass().getName();
        boolean adapted = AdaptedTasks.isAdapted(task);
        String method = adapted ? AdaptedTasks.madeBy(type) : AsyncTasks.madeBy(type);
        String where = AsyncTasks.THREAD_PER_TASK.equals(r.executor.type)
                ? " on a thread of its own (the JDK's choice where the common pool has one worker)"
                : " on the common pool, which lives as long as the JVM";
        String stop = adapted ? AdaptedTasks.stop(type) : "its future's cancel() interrupts nothing";
        String pool = method != null ? method + " runs it" + where
                : "its pool is the common pool, which lives as long as the JVM"; // the adapters' only shared pool
        return "; " + pool + ", and " + stop;
    }

    /** {@code runner id/code} of each running, interrupted task recorded as it was submitted, whose code is known. */
    private static Set<String> submittedRuns(List<Map.Entry<Object, TaskRecord>> tasks) {
        Set<String> runs = new HashSet<>();
        for (Map.Entry<Object, TaskRecord> e : tasks) {
            TaskRecord r = e.getValue();
            Thread runner = r.runner;
            if (r.submitterKnown() && r.wraps != null && runner != null && r.running() && r.interruptRequested()) {
                runs.add(runner.getId() + "/" + r.wraps);
            }
        }
        return runs;
    }

    /**
     * A record made at a {@code cancel(true)} of a future that runs inside a submitted one, on the
     * same worker with the same code ({@code ExecutorCompletionService}'s future around the
     * caller's): one run, told once, by the record that knows who submitted it, when that one was
     * interrupted too (else each tells what the other cannot: who submitted it, and the cancel).
     */
    private static boolean insideASubmittedRun(TaskRecord r, Set<String> submittedRuns) {
        Thread runner = r.runner;
        return !r.submitterKnown() && r.wraps != null && runner != null
                && submittedRuns.contains(runner.getId() + "/" + r.wraps);
    }

    /**
     * Whether a task is done, or is no longer where its record says: a task the record calls
     * queued or running is checked against its pool, when the pool is a live
     * {@code ThreadPoolExecutor}. The record learns of a run from the pool's own
     * {@code beforeExecute} and {@code afterExecute}, which a subclass may override without calling
     * {@code super} (httpcore's worker pool does): the record then never hears of the run, and
     * only the pool can say the task is not waiting in it.
     */
    private static boolean finished(Object task, TaskRecord r, PoolQueues queues) {
        TaskRecord.Progress progress = r.progress(); // once: a worker may begin it as the pool is read
        if (progress.ended()) {
            return true;
        }
        if (r.executor.timer
                && (r.executor.shutdownRequested() || (!r.executor.preExisting && r.executor.liveWorkers().isEmpty()))) {
            return true; // a cancelled or dead timer runs nothing more, and drops its queue
        }
        if (r.lostBecause != null && !progress.running()) {
            return false;
        }
        ThreadPoolExecutor pool = queues.pool(r.executor);
        if (pool != null && PoolReads.read(pool::isTerminated, false)) {
            return true; // a terminated pool runs nothing and holds nothing
        }
        if (r.periodic && handedOver(pool)) {
            return true; // a run a scheduler handed over: the scheduler's record tells the task, running or not
        }
        if (progress.running()) {
            return false;
        }
        if (r.periodic && task instanceof Future<?> future) {
            // a worker may hold it between its queue and its run, in neither: until done, it runs again
            return done(future);
        }
        if (pool != null && !queues.holds(pool, task)) {
            // not waiting in its pool: a worker took it, and ran it; unless it has not begun yet, which
            // the pool's beforeExecute would have told: a new worker made for it (a loaded machine: a
            // test of ours passed so, once in a few runs), or an idle one it was handed to through a
            // SynchronousQueue (Mutiny's trial: a check a moment after the submit missed a task that
            // then blocked its worker for good, once in three runs)
            return progress.begun() || !queues.startsSeen(pool) || task instanceof Future<?> future && done(future)
                    || heldByNoWorker(r, pool);
        }
        return task instanceof Future<?> future && done(future);
    }

    /** How long after its submit a task out of its queue, not begun, may still be on its way to a worker. */
    private static final long ON_ITS_WAY_MILLIS = 1_000;

    /**
     * Whether no worker of {@code pool} can hold {@code r}'s task, out of the queue and never begun:
     * submitted a second ago or more, no worker is active, every one waits for work, and none was
     * handed a task it has not woken to yet. A worker takes a task out of a queue only once it runs
     * (on a loaded machine, it may not have run on since: the second); a {@code SynchronousQueue}
     * (or another transfer queue) hands it over while the worker still sleeps, and a new worker
     * holds its first task before it starts. So someone else took it out, and it is not the pool's to run
     * (Seata's rejection handler takes the oldest task out of the queue and runs it on the caller's
     * thread, where no hook of the pool sees it: reported as still queued, beside "0 queued"; a
     * {@code remove(task)}).
     */
    private static boolean heldByNoWorker(TaskRecord r, ThreadPoolExecutor pool) {
        if (Clock.millis(System.nanoTime()) - r.submittedAtMillis < ON_ITS_WAY_MILLIS
                || PoolReads.read(() -> pool.getQueue() instanceof SynchronousQueue<?>
                        || pool.getQueue() instanceof TransferQueue<?>, true)) {
            return false;
        }
        List<Thread> workers = r.executor.liveWorkers();
        for (Thread w : workers) {
            Thread.State state = w.getState();
            if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
                return false;
            }
        }
        return PoolReads.read(() -> pool.getActiveCount() == 0 && pool.getPoolSize() <= workers.size(), false);
    }

    /** A future of the code's own may throw from {@code isDone}: one that cannot say is taken as done, never blamed. */
    private static boolean done(Future<?> future) {
        return PoolReads.read(future::isDone, true);
    }

    /**
     * Whether a periodic task recorded on {@code pool} was handed to it for one run at a time: a
     * pool that schedules nothing runs a periodic task only when a scheduler elsewhere, which holds
     * it between runs, gives it each run (Mutiny's scheduler runs its tasks on a cached pool). It is
     * the scheduler's to tell, whether this pool runs it now or not: told here too, one ticker was two leaks.
     */
    private static boolean handedOver(ThreadPoolExecutor pool) {
        return pool != null && !(pool instanceof ScheduledThreadPoolExecutor);
    }

    /**
     * What a report says of the tasks in scope their executors threw away as the code chose, which
     * are no leaks ({@code TaskRecord#dropped}): {@code 4 tasks never ran, dropped as the code
     * chose: 3 returned by shutdownNow() at com.acme.Pool.close(Pool.java:209), 1 discarded by
     * ThreadPoolExecutor.DiscardPolicy; ...}; null when there are none. A reader of a failing
     * report may want them; a verdict may not.
     */
    public String droppedNote(Predicate<Origin> inScope) {
        Map<String, Integer> byHow = new TreeMap<>(); // in the same order whatever the map's
        Map<String, Map<String, Integer>> whatByHow = new TreeMap<>();
        TaskRecord firstReturned = null;
        for (Map.Entry<Object, TaskRecord> e : registry.tasks()) {
            TaskRecord r = e.getValue();
            if (r.dropped() && !r.running() && inScope.test(r)) {
                String how = droppedHow(r.lostBecause);
                byHow.merge(how, 1, Integer::sum);
                String what = codeOf(e.getKey(), r);
                if (what != null) {
                    whatByHow.computeIfAbsent(how, h -> new TreeMap<>()).merge(what, 1, Integer::sum);
                }
                boolean earlier = firstReturned == null || r.sequence < firstReturned.sequence;
                firstReturned = how.equals(SHUTDOWN_NOW_RETURNED) && earlier ? r : firstReturned;
            }
        }
        if (byHow.isEmpty()) {
            return null;
        }
        Frame shutdownNowAt = firstReturned == null ? null
                : callerOfShutdownNow(registry.sites().resolve(firstReturned.executor.shutdownNowTrace));
        int total = byHow.values().stream().mapToInt(Integer::intValue).sum();
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : byHow.entrySet()) {
            boolean atSite = e.getKey().equals(SHUTDOWN_NOW_RETURNED) && shutdownNowAt != null;
            parts.add(e.getValue() + " " + e.getKey() + (atSite ? " at " + shutdownNowAt : "")
                    + which(whatByHow.get(e.getKey())));
        }
        return total + (total == 1 ? " task never ran" : " tasks never ran") + ", dropped as the code chose: "
                + String.join(", ", parts) + "; not leaks (a thread waiting on one would be, and is told it never runs)";
    }

    /** The code a dropped task would have run: what the JDK's future wraps, or the task itself if it is not the JDK's. */
    private static String codeOf(Object task, TaskRecord r) {
        if (r.wraps != null) {
            return TaskInfo.codeName(r.wraps);
        }
        String type = task.getClass().getName();
        return JdkInternals.isConcurrency(type) ? null : TaskInfo.codeName(type);
    }

    /** {@code  (2 com.acme.DestroyTask, 1 a lambda of com.acme.Pool)}: the most frequent first, at most three named. */
    private static String which(Map<String, Integer> what) {
        if (what == null) {
            return "";
        }
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(what.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed()); // stable: names stay in order
        List<String> named = new ArrayList<>();
        int others = 0;
        for (Map.Entry<String, Integer> e : sorted) {
            if (named.size() < 3) {
                named.add(e.getValue() + " " + e.getKey());
            } else {
                others += e.getValue();
            }
        }
        return " (" + String.join(", ", named) + (others > 0 ? ", " + others + " more" : "") + ")";
    }

    /**
     * The call that shut a pool down, as its reader looks for it: the first frame of the
     * application outside the pool's own class. Netty's trial: its {@code UnorderedThreadPoolEventExecutor}'s
     * {@code shutdownGracefully} calls its own {@code shutdown()}, and the line named was that one,
     * not the test's call.
     */
    private static Frame callerOfShutdown(List<Frame> stack, String poolType) {
        for (Frame frame : stack) {
            if (frame.isApplication() && !poolType.equals(frame.className())) {
                return frame;
            }
        }
        return Frame.applicationFrame(stack);
    }

    /**
     * The application's frame that called {@code shutdownNow()}: past a pool's own override of it
     * (Agroal's executor overrides it; its caller, the pool's {@code close()}, is where to look).
     */
    private static Frame callerOfShutdownNow(List<Frame> stack) {
        for (Frame frame : stack) {
            if (frame.isApplication() && !frame.method().equals("shutdownNow")) {
                return frame;
            }
        }
        return null;
    }

    /** {@code returned by shutdownNow()}, {@code discarded by ThreadPoolExecutor.DiscardPolicy}: how, not when. */
    private static String droppedHow(String lostBecause) {
        if (lostBecause.startsWith(SHUTDOWN_NOW_RETURNED)) {
            return SHUTDOWN_NOW_RETURNED;
        }
        int end = lostBecause.indexOf(' ', "discarded by ".length());
        return lostBecause.startsWith("discarded by ") && end > 0 ? lostBecause.substring(0, end) : lostBecause;
    }

    private static String ignoresCancellation(TaskRecord r, long interruptAt, long now) {
        return "interrupted by " + r.cancelledWith + " " + Durations.format(now - interruptAt)
                + " ago and still running: the interrupt did not end it (it ignores interruption, or something"
                + " on its way cleared the flag and went on)";
    }

    /**
     * How long until the JDK's scheduled pool starts a queued task of its own: its delay, which a
     * grace period need not wait out when it ends later. Null for any other task: another
     * {@code Delayed} is the application's code, which a report does not run.
     */
    private static Long nextRunInMillis(Object task) {
        if (!SCHEDULED_FUTURE_TASK.equals(task.getClass().getName())) {
            return null;
        }
        try {
            return Math.max(0, ((Delayed) task).getDelay(TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Leak task(Object task, TaskRecord r, Verdict verdict, String reason, long now) {
        boolean handed = r.heldByWorker; // before the runner, as TaskRecord#holdsAWorker reads them
        Thread runner = r.runner;
        boolean running = runner != null && !r.ended;
        String state = running ? "running" : r.lostBecause != null ? "lost" : handed ? "starting" : "queued";
        long cancelledAt = r.cancelledAtMillis;
        ExecutorRecord ex = r.executor;
        TaskInfo info = new TaskInfo(task.getClass().getName(), ExecutorRegistry.identity(task), ex.identity, state,
                running ? null : r.lostBecause, running ? new ThreadRef(runner.getId(), runner.getName()) : null,
                cancelledAt == 0 ? null : now - cancelledAt,
                cancelledAt == 0 ? null : new ThreadRef(r.cancelledById, r.cancelledBy),
                cancelledAt == 0 ? null : registry.sites().resolve(r.cancelTrace),
                cancelledAt == 0 ? null : r.cancelledWith, r.periodic ? Boolean.TRUE : null,
                r.periodic || r.runs > 1 ? r.runs : null, null, r.wraps,
                "queued".equals(state) ? nextRunInMillis(task) : null);
        List<Frame> site = registry.sites().resolve(r.submission);
        Leak.Builder leak = Leak.builder(LeakKind.TASK, verdict)
                .task(info)
                .createdAt(site)
                .createdAtCut(CreationSites.isCut(site))
                .createdFrom(CreationSites.entries(site))
                .createdBy(r.submitterKnown() ? new ThreadRef(r.submitterId, r.submitterName) : null)
                .ageMillis(now - r.submittedAtMillis)
                .reason(Origin.reason(r, reason));
        if (running) {
            StackTraceElement[] stack = CurrentStacks.of(runner);
            leak.thread(new ThreadInfo(runner.getId(), runner.getName(), false, runner.isDaemon(),
                    runner.getState().name())).stack(stack == null ? List.of() : Frame.of(stack, stackDepth))
                    .stackCut(stack != null && stack.length > stackDepth);
        }
        return leak.build();
    }

    private ExecutorInfo info(Object executor, ExecutorRecord r, long now) {
        LiveWorkers live = LiveWorkers.of(r);
        List<ThreadRef> workers = live.refs();
        Integer queued = null;
        Integer active = null;
        Integer cancelled = null;
        Long idleWorkersEnd = null;
        Integer coreSize = null;
        Long aboveCoreEnd = null;
        if (executor instanceof ThreadPoolExecutor pool) {
            // each count read on its own: a subclass's that throws is left out, not the rest (PoolReads)
            queued = PoolReads.read(() -> pool.getQueue().size(), null);
            active = PoolReads.read(pool::getActiveCount, null);
            // a pool shut down ends its idle workers at once: none waits out a keep-alive
            idleWorkersEnd = PoolReads.read(() -> pool.isShutdown() ? null : idleWorkersEndAfter(pool), null);
            Integer core = PoolReads.read(pool::getCorePoolSize, null);
            Long keepAlive = PoolReads.read(() -> pool.getKeepAliveTime(TimeUnit.MILLISECONDS), null);
            if (idleWorkersEnd == null && core != null && keepAlive != null && workers.size() > core) {
                coreSize = core;
                aboveCoreEnd = keepAlive;
            }
            cancelled = queued == null ? null : queued == 0 ? Integer.valueOf(0) : PoolQueues.cancelled(pool);
            if (cancelled != null && cancelled > queued) {
                cancelled = queued; // the queue grew between its count and its walk: never more cancelled than queued
            }
        } else if (executor instanceof ForkJoinPool pool) {
            queued = PoolReads.read(() -> (int) Math.min(Integer.MAX_VALUE,
                    pool.getQueuedSubmissionCount() + pool.getQueuedTaskCount()), null);
            active = PoolReads.read(pool::getActiveThreadCount, null);
        }
        long shutdownAt = r.shutdownAtMillis != 0 ? r.shutdownAtMillis : r.shutdownNowAtMillis;
        Throwable shutdownTrace = r.shutdownTrace != null ? r.shutdownTrace : r.shutdownNowTrace;
        return new ExecutorInfo(r.type, r.identity, state(executor, r), workers, queued, active,
                shutdownAt == 0 ? null : now - shutdownAt, registry.sites().resolve(shutdownTrace), cancelled, null,
                idleWorkersEnd, coreSize, aboveCoreEnd, live.daemons(), null, null, r.timer);
    }

    /**
     * A pool whose workers end by themselves, and whose last one ended between the look that found
     * it holding work and the one that described it: it holds nothing, as the next look would say.
     */
    private static boolean endedMeanwhile(ExecutorInfo info) {
        return info.idleWorkersEndAfterMillis() != null && info.workers().isEmpty() && info.runsNothing();
    }

    /** What is known of an executor kept past its collection: no counts, only its remaining workers. */
    private static ExecutorInfo reclaimedInfo(ExecutorRecord r, long now) {
        LiveWorkers live = LiveWorkers.of(r);
        // "collected" either way: "shutdown" in a headline read as the code's own (Feign's trial), where its why says the cleaner's
        return new ExecutorInfo(r.type, r.identity, ExecutorInfo.COLLECTED, live.refs(), null, null, null, null, null, null, null,
                null, null, live.daemons(), now - r.reclaimedAtMillis, r.reclaimedBy, r.timer);
    }

    /** An executor's live workers as a report names them, and how many are daemons (null for none). */
    private record LiveWorkers(List<ThreadRef> refs, Integer daemons) {
        static LiveWorkers of(ExecutorRecord r) {
            List<ThreadRef> refs = new ArrayList<>();
            int daemons = 0;
            for (Thread t : r.liveWorkers()) {
                refs.add(new ThreadRef(t.getId(), t.getName()));
                daemons += t.isDaemon() ? 1 : 0;
            }
            return new LiveWorkers(refs, daemons == 0 ? null : daemons);
        }
    }

    private static String state(Object executor, ExecutorRecord r) {
        if (executor instanceof ExecutorService service) {
            return PoolReads.read(() -> service.isTerminated() ? "terminated" : service.isShutdown() ? "shutdown"
                    : "running", r.shutdownRequested() ? "shutdown" : "running");
        }
        return r.shutdownRequested() ? "cancelled" : "running";
    }

    /**
     * Shut down by the code. A {@code Timer} has no {@code isShutdown}: only {@code cancel()}
     * counts (its thread also ends when the JDK's cleaner finds the timer unreachable, which is
     * the collector's doing, not the code's). A service found shut down by a path we do not hook
     * counts too, unless the collector's cleanup did it.
     */
    private static boolean isShutDown(Object executor, ExecutorRecord r) {
        if (r.shutdownRequested()) {
            return true;
        }
        return executor instanceof ExecutorService service && PoolReads.read(service::isShutdown, false)
                && r.reclaimedAtMillis == 0;
    }

    /**
     * A live executor of the application's that the code never shut down and that holds work: what
     * reports call a leak and the site gauges count alike.
     */
    private static boolean leftRunning(Object executor, ExecutorRecord r) {
        return !r.jdkInternal() && !r.shared && !r.reclaimed() && !isShutDown(executor, r) && !holdsNothing(executor, r);
    }

    /**
     * No thread and no task: nothing runs, nothing waits. A pool that never made a thread; or one
     * whose workers all ended by themselves, idle past their keep-alive (its core threads time out,
     * or it keeps none), which holds no more than one that never made one, and no less than one
     * the collector then took (see {@link ExecutorRegistry}).
     */
    private static boolean holdsNothing(Object executor, ExecutorRecord r) {
        // what a subclass does not let us read is taken from our records: its live workers, no queue
        if (executor instanceof ThreadPoolExecutor pool) {
            return (!r.hadWorker() || PoolReads.read(pool::getPoolSize, r.liveWorkers().size()) == 0)
                    && PoolReads.read(() -> pool.getQueue().isEmpty(), true);
        }
        if (executor instanceof ForkJoinPool pool) {
            return PoolReads.read(() -> (!r.hadWorker() || pool.getPoolSize() == 0) && !pool.hasQueuedSubmissions()
                    && pool.getQueuedTaskCount() == 0, r.liveWorkers().isEmpty());
        }
        if (THREAD_PER_TASK.equals(executor.getClass().getName())) {
            return r.liveWorkers().isEmpty(); // its threads are its tasks: none alive, none waiting, nothing to end
        }
        return !r.hadWorker();
    }


    /**
     * How long an idle worker of {@code pool} lives when every one of them ends so (it lets its
     * core threads time out, or keeps none), for a check to wait for them; null when its core
     * workers live until it is shut down.
     */
    private static Long idleWorkersEndAfter(ThreadPoolExecutor pool) {
        return pool.allowsCoreThreadTimeOut() || pool.getCorePoolSize() == 0
                ? pool.getKeepAliveTime(TimeUnit.MILLISECONDS) : null;
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
            if (leftRunning(e.getKey(), r)) {
                count.accept(Work.EXECUTOR, r.createdAt(registry.sites()));
            }
        }
        int resolved = 0;
        PoolQueues queues = new PoolQueues(registry);
        for (Map.Entry<Object, TaskRecord> e : registry.tasks()) {
            TaskRecord r = e.getValue();
            if (finished(e.getKey(), r, queues) || (r.lostBecause != null && !r.running())) {
                continue;
            }
            List<Frame> site = resolved++ < maxTaskStacks ? registry.sites().resolve(r.submission) : List.of();
            count.accept(r.running() ? Work.RUNNING_TASK : Work.QUEUED_TASK, site);
        }
    }

    /**
     * The leaks by their records' sequence, the order the executors were made or the tasks
     * submitted in, where the registry's identity map gave them in none: a test's report read its
     * two executors in another order in each run (jline3's trial).
     */
    private static List<Leak> inTheOrderMade(List<Map.Entry<Long, Leak>> found) {
        found.sort(Map.Entry.comparingByKey());
        List<Leak> leaks = new ArrayList<>(found.size());
        for (Map.Entry<Long, Leak> e : found) {
            leaks.add(e.getValue());
        }
        return leaks;
    }
}
