package dev.threadleak.agent.executors;

import dev.threadleak.agent.bootstrap.ExecutorListener;
import dev.threadleak.agent.memory.Identity;
import dev.threadleak.agent.memory.RecordBound;
import dev.threadleak.agent.memory.WeakIdentityMap;
import dev.threadleak.agent.threads.Clock;
import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.Lineage;
import dev.threadleak.agent.threads.ThreadRegistry;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Timer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Executors made since install and the tasks submitted to them. Like the thread registry, the
 * hot path (a submit, a start, an end) takes no lock, starts nothing and uses no blocking
 * structure: the advice calls it from inside the JDK's own executors. Executors and tasks are
 * held weakly; a task's record goes when it ends, unless it will run again (periodic) or never
 * ran (lost: later verdicts need that proof). Which tasks get a record at all is
 * {@link TaskRecording}'s call: while none is made, a task's trip costs a few reads.
 *
 * <p>An executor the code never shut down is a leak however the collector treats it: the JDK's
 * cleaner (a finalizer on 17) shuts down the pool of an unreachable
 * {@code Executors.newSingleThreadExecutor()}, and a {@code Timer} nobody cancelled ends its thread
 * once collected. Whether either happens before a check depends on the heap and the collector, so
 * the record of an executor that had a worker and was never shut down by the code is kept past
 * both (at most {@value #MAX_RECLAIMED}, oldest dropped first and counted), and reported from
 * there. A pool collected with no cleanup's help is not kept: its workers ended by themselves
 * first, and it held nothing, as a live pool whose workers ended holds nothing.
 */
public final class ExecutorRegistry implements ExecutorListener {

    static final int MAX_RECLAIMED = 1_000;
    /** Why a one-shot delayed task shutdownNow() returned before its time never runs: what a waiter on it is told. */
    static final String NOT_YET_DUE = "returned by shutdownNow() before its time came: it will never run";
    /** Why a task shutdownNow() returned, owed a run, never runs: what a waiter on it is told. */
    static final String RETURNED_BY_SHUTDOWN_NOW = "returned by shutdownNow() without having run: it will never run";
    private static final String SCHEDULED_FUTURE_TASK = "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask";

    /** JDK 21's, package-private: each thread it starts runs a task that refers to it, to say when it ended. */
    private static final String THREAD_PER_TASK = "java.util.concurrent.ThreadPerTaskExecutor";

    // Not a method reference: this runs under premain (Installer says why).
    private final WeakIdentityMap<ExecutorRecord> executors = new WeakIdentityMap<>(new Consumer<ExecutorRecord>() {
        @Override
        public void accept(ExecutorRecord record) {
            collected(record);
        }
    });
    private final WeakIdentityMap<TaskRecord> tasks = new WeakIdentityMap<>();
    /**
     * How many records in {@code tasks} are of {@link AdaptedTasks}: counted up before each is put
     * and down only as that record is removed, so never below the truth (a record the collector
     * took leaves it above, which costs lookups, not a verdict).
     */
    private final AtomicInteger adaptedRecords = new AtomicInteger();
    /**
     * The class of what the code submitted, by the future the JDK made of it, from the moment the
     * future is made to its submit, a moment later on the same thread: only while tasks are
     * recorded. Held weakly, like the tasks; one never submitted goes with its future.
     */
    private final WeakIdentityMap<String> wrapped = new WeakIdentityMap<>();
    private final ArrayDeque<ExecutorRecord> reclaimed = new ArrayDeque<>();
    private final LongAdder reclaimedDropped = new LongAdder();
    private final ThreadRegistry threads;
    private final CreationSites sites;
    private final RecordBound bound;
    private final TaskRecording recording;
    private final TaskKinds kinds = new TaskKinds();
    private final RecordedClasses recordedClasses = new RecordedClasses();
    /** The future this thread last made of code {@link TaskKinds} left out, until it is submitted; held weakly. */
    private final ThreadLocal<WeakReference<Object>> leftOutWrapper = new ThreadLocal<>();
    /**
     * The tasks {@link #runningUnrecorded} made a record of, by the worker running them, until
     * that worker ends a task: a task's end looks up only its own worker's, and only while any
     * such record exists. Workers and tasks are held weakly, as everywhere here.
     */
    private final WeakIdentityMap<List<WeakReference<Object>>> cancelledRuns = new WeakIdentityMap<>();

    /**
     * Bounded by {@code threads}' bound ({@code max-records}): as many executors, and as many
     * tasks; {@code recording} says which tasks get a record.
     */
    public ExecutorRegistry(ThreadRegistry threads, TaskRecording recording) {
        this(threads, threads.bound(), recording);
    }

    /** Records every task, bounded by a bound of its own, of {@code maxRecords} executors and as many tasks. */
    public ExecutorRegistry(ThreadRegistry threads, int maxRecords) {
        this(threads, new RecordBound(maxRecords), new TaskRecording(TaskRecording.Mode.ALL));
    }

    private ExecutorRegistry(ThreadRegistry threads, RecordBound bound, TaskRecording recording) {
        this.threads = threads;
        this.sites = threads.sites();
        this.bound = bound;
        this.recording = recording;
    }

    @Override
    public void executorCreated(Object executor) {
        if (executors.get(executor) != null || isOwnThread()
                || !bound.admits(RecordBound.Kind.EXECUTORS, executors.size())) {
            return;
        }
        Thread creator = Thread.currentThread();
        // its frames are read when first asked for (ExecutorRecord.readStack), not here
        ExecutorRecord record = new ExecutorRecord(executor.getClass().getName(), identity(executor),
                sites.capture(false), threads.classInitializerOfCurrent(), creator.getId(), creator.getName(),
                threads.lineageOfCurrent(), threads.creationsOfCurrent(), threads.nextSequence(),
                System.currentTimeMillis(), false, workerPool(executor), executor instanceof Timer);
        executors.putIfAbsent(executor, record);
    }

    /**
     * The executors that predate a late attach, found through their workers among {@code live}
     * threads; {@code poolOfWorker} reads a worker's pool from the JDK's internals.
     */
    public void registerPreExisting(List<Thread> live, Function<Thread, ThreadPoolExecutor> poolOfWorker) {
        PreExistingExecutors.register(this, live, poolOfWorker);
    }

    private static boolean workerPool(Object executor) {
        return executor instanceof ThreadPoolExecutor || executor instanceof ForkJoinPool
                || THREAD_PER_TASK.equals(executor.getClass().getName());
    }

    /** An executor that predates the agent, found through one of its workers. */
    void registerPreExisting(Object executor, Thread worker) {
        ExecutorRecord record = executors.get(executor);
        if (record == null) {
            record = executors.putIfAbsent(executor, new ExecutorRecord(executor.getClass().getName(),
                    identity(executor), null, null, -1, null, new long[0], null, 0, System.currentTimeMillis(), true,
                    workerPool(executor), executor instanceof Timer));
        }
        record.addWorker(worker);
    }

    @Override
    public void poolWorker(Object executor, Thread worker) {
        ExecutorRecord record = executors.get(executor);
        if (record != null) {
            record.addWorker(worker);
        }
    }

    @Override
    public void workerGivenTask(Object executor, Object task) {
        TaskRecord record = task == null || tasks.isEmpty() ? null : tasks.get(TaskWrappers.unwrap(task));
        if (record != null) {
            record.heldByWorker = true;
        }
    }

    @Override
    public void executorWrapped(Object wrapper, Object executor) {
        ExecutorRecord record = executor == null ? null : executors.get(executor);
        if (record != null) {
            record.wrappedBy(wrapper);
        }
    }

    @Override
    public void executorShutdown(Object executor) {
        ExecutorRecord record = executors.get(executor);
        if (record == null || record.shutdownAtMillis != 0) {
            return;
        }
        Throwable trace = sites.capture(false);
        if (!reclaimedBy(record, trace)) {
            record.shutdownTrace = trace;
            record.shutdownAtMillis = System.currentTimeMillis();
        }
    }

    @Override
    public void executorShutdownNow(Object executor) {
        ExecutorRecord record = executors.get(executor);
        if (record == null || record.shutdownNowAtMillis != 0) {
            return;
        }
        Thread caller = Thread.currentThread();
        Throwable trace = sites.capture(false);
        if (reclaimedBy(record, trace)) {
            return;
        }
        record.shutdownNowTrace = trace;
        record.shutdownNowAtMillis = System.currentTimeMillis();
        for (Map.Entry<Object, TaskRecord> e : tasks.entries()) {
            TaskRecord task = e.getValue();
            if (task.executor == record && task.running()) {
                task.cancelled(TaskRecord.SHUTDOWN_NOW, caller, trace); // its worker is being interrupted
            }
        }
    }

    /**
     * True when the collector's cleanup, not the code, is shutting {@code record}'s executor down
     * (the JDK's cleaner, a finalizer): that is noted, and the record kept past its executor.
     */
    private boolean reclaimedBy(ExecutorRecord record, Throwable trace) {
        String by = Reclaimers.current(trace);
        if (by == null) {
            return false;
        }
        if (record.reclaimedAtMillis == 0) {
            record.reclaimedBy = by;
            record.reclaimedAtMillis = System.currentTimeMillis();
            keep(record); // pinned before this call returns: the shutdown goes on
        }
        return true;
    }

    /**
     * An executor's key was collected: a record of one the code never shut down is kept, with when
     * that was found (when the map was next listed or swept: within seconds of the collection). Not
     * a pool whose workers refer to it: it is collected only once they all ended by themselves,
     * and it held nothing then, as it would have held nothing had it not been collected
     * ({@link ExecutorFindings}).
     */
    private void collected(ExecutorRecord record) {
        if (record.workerPool && record.reclaimedAtMillis == 0) {
            return;
        }
        if (record.reclaimedAtMillis == 0) {
            record.reclaimedAtMillis = System.currentTimeMillis();
        }
        keep(record);
    }

    private void keep(ExecutorRecord record) {
        if (record.reclaimed() || record.jdkInternal() || record.shared || record.preExisting || record.shutdownRequested()
                || !record.hadWorker()) {
            return;
        }
        record.keepPastCollection(sites);
        synchronized (reclaimed) {
            if (reclaimed.size() >= MAX_RECLAIMED) {
                reclaimed.removeFirst();
                reclaimedDropped.increment();
            }
            reclaimed.addLast(record);
        }
    }

    @Override
    public void tasksDropped(List<?> dropped, Object executor) {
        for (Object returned : dropped) {
            Object task = TaskWrappers.unwrap(returned);
            if (task instanceof RunnableScheduledFuture<?> scheduled && scheduled.isPeriodic()) {
                // stopped: the code asked for it, and no run of a periodic task is owed
                TaskRecord record = forget(task);
                if (record != null) {
                    record.ended = true;
                }
                continue;
            }
            // a timeout or watchdog dropped before its time, as shutdownNow() is for, was owed no run
            markLost(executor, task, notYetDue(task) ? NOT_YET_DUE : RETURNED_BY_SHUTDOWN_NOW);
        }
    }

    /**
     * Whether a task shutdownNow() returned is a one-shot task of a {@code ScheduledThreadPoolExecutor}
     * whose time had not come: only the JDK's own, whose {@code getDelay} runs no application code.
     */
    private static boolean notYetDue(Object task) {
        try {
            return task instanceof RunnableScheduledFuture<?> scheduled
                    && SCHEDULED_FUTURE_TASK.equals(task.getClass().getName())
                    && scheduled.getDelay(TimeUnit.NANOSECONDS) > 0;
        } catch (Throwable e) {
            return false;
        }
    }

    @Override
    public void taskWrapped(Object wrapper, Object task) {
        if (!recording.wanted() || wrapper == null || task == null
                || !bound.admits(RecordBound.Kind.TASKS, wrapped.size())) {
            return;
        }
        Object code = TaskWrappers.unwrap(task);
        String inner = wrappedIn(code); // a future in a future: ExecutorCompletionService's
        String type = inner != null ? inner : code.getClass().getName();
        if (JdkInternals.isConcurrency(type)) {
            if (inner == null && wrappedLeftOut(code)) { // ExecutorCompletionService's future around one left out
                leftOutWrapper.set(new WeakReference<>(wrapper));
            }
            return; // a JDK future whose code went unseen says nothing new
        }
        if (leavesOut(wrapper, type)) {
            leftOutWrapper.set(new WeakReference<>(wrapper)); // its submit, a moment later on this thread, records nothing
            return;
        }
        wrapped.putIfAbsent(wrapper, type);
    }

    /**
     * Whether the future {@code wrapper} of code of {@code kind} will get no record ({@link TaskKinds}),
     * counted so now: a future's kind is its code's, and a map entry from here to its submit cost more than
     * the record it leads to. Not a periodic task's.
     */
    private boolean leavesOut(Object wrapper, String kind) {
        return recording.mode() == TaskRecording.Mode.SCOPED
                && !(wrapper instanceof RunnableScheduledFuture<?> scheduled && scheduled.isPeriodic())
                && kinds.leftOutIfPast(kind, sites.scopesMade());
    }

    /** Whether {@code task} is the future this thread last made of code {@link #leavesOut} left out; forgets it. */
    private boolean wrappedLeftOut(Object task) {
        WeakReference<Object> last = leftOutWrapper.get();
        if (last == null || last.get() != task) {
            return false;
        }
        leftOutWrapper.set(null); // not remove(): this thread's entry stays, for its next one
        return true;
    }

    /** The class of the code {@code future} was made of, while it is known; else null. */
    private String wrappedIn(Object future) {
        return wrapped.isEmpty() ? null : wrapped.get(future);
    }

    @Override
    public void taskSubmitted(Object executor, Object task) {
        if (!recording.wanted()) {
            return; // first: on defaults, this is where nearly every submit ends
        }
        submitted(executor, TaskWrappers.unwrap(task),
                task instanceof RunnableScheduledFuture<?> scheduled && scheduled.isPeriodic());
    }

    @Override
    public void timerTaskScheduled(Object timer, Object task, long period) {
        if (!recording.wanted()) {
            return;
        }
        submitted(timer, task, period != 0);
    }

    private void submitted(Object executor, Object task, boolean periodic) {
        submitted(executors.get(executor), task, periodic);
    }

    private void submitted(ExecutorRecord owner, Object task, boolean periodic) {
        String wraps = wrapped.isEmpty() ? null : wrapped.remove(task);
        if (owner == null || owner.jdkInternal() || wraps == null && wrappedLeftOut(task)) {
            return;
        }
        int place = placeOfKind(task, wraps, !periodic); // a periodic task runs until stopped: the leak itself
        if (place == TaskKinds.LEFT_OUT || !bound.admits(RecordBound.Kind.TASKS, tasks.size())) {
            return;
        }
        put(task, submittedNow(owner, periodic, wraps, place));
    }

    /**
     * The place of {@code task} among the tasks of its kind submitted since a scope was last made
     * ({@link TaskKinds}), 0 before any; {@link TaskKinds#LEFT_OUT} for one that gets no record:
     * past the first of its kind while records are only a scope's ({@code tasks=scoped}), where
     * the caller lets it be left out.
     */
    private int placeOfKind(Object task, String wraps, boolean mayLeaveOut) {
        int scope = sites.scopesMade();
        if (scope == 0) {
            return 0;
        }
        String kind = wraps != null ? wraps : task.getClass().getName();
        return kinds.next(kind, scope, mayLeaveOut && recording.mode() == TaskRecording.Mode.SCOPED);
    }

    /** The record of a task the current thread submits now, the {@code place}-th of its kind. */
    private TaskRecord submittedNow(ExecutorRecord owner, boolean periodic, String wraps, int place) {
        Thread submitter = Thread.currentThread();
        long now = threads.nextSequence();
        Throwable stack = sites.captureTask(place >= 1 && place <= TaskKinds.STACKS);
        return new TaskRecord(owner, stack, submitter.getId(), submitter.getName(),
                threads.lineageOfCurrent(), now, Clock.millis(now), periodic, threads.classInitializerOfCurrent(),
                wraps);
    }

    /** What a report says of the tasks {@link TaskKinds} left without a record since the last scope began, or null. */
    String leftOutNote() {
        return kinds.leftOutNote(sites.scopesMade());
    }

    /** Only {@code CompletableFuture}'s own tasks ({@link AsyncTasks}): theirs is the end a record can see. */
    @Override
    public void asyncTaskSubmitted(Object executor, Object task) {
        if (!recording.wanted() || !AsyncTasks.isAsyncTask(task)) {
            return;
        }
        ExecutorRecord owner = executors.get(executor);
        submitted(owner != null ? owner : sharedRecord(executor), task, false);
    }

    /**
     * Named as {@link #taskWrapped} names a future, but for the code of the JDK's own (every
     * virtual thread's continuation, at each mount), which is never recorded: a check on its class
     * alone, before any map is asked.
     */
    @Override
    public void forkJoinTaskWrapped(Object wrapper, Object code) {
        if (recording.wanted() && code != null && !code.getClass().getName().startsWith("java.")) {
            taskWrapped(wrapper, code);
        }
    }

    /**
     * Only the JDK's task around a {@code Runnable} or {@code Callable} of the code's
     * ({@link AdaptedTasks}), made a moment ago on this thread and named then; not on the JDK's own
     * pools (the virtual threads' scheduler). {@code CompletableFuture}'s tasks come in through
     * {@code execute}.
     */
    @Override
    public void forkJoinTaskSubmitted(Object pool, Object task) {
        if (!recording.wanted() || wrapped.isEmpty() || !AdaptedTasks.isAdapted(task)) {
            return;
        }
        ExecutorRecord owner = executors.get(pool);
        if (owner != null && owner.jdkInternal()) {
            return;
        }
        String wraps = wrapped.remove(task);
        ExecutorRecord record = owner != null ? owner : sharedRecord(pool);
        if (wraps == null || record == null) {
            return;
        }
        int place = placeOfKind(task, wraps, true);
        if (place == TaskKinds.LEFT_OUT || !bound.admits(RecordBound.Kind.TASKS, tasks.size())) {
            return;
        }
        putCounted(task, submittedNow(record, false, wraps, place));
    }

    /** Puts the record of one of {@link AdaptedTasks}, counted first: the count is never below the truth. */
    private TaskRecord putCounted(Object task, TaskRecord made) {
        adaptedRecords.incrementAndGet();
        made.counted = true;
        TaskRecord record = put(task, made);
        if (record != made) {
            adaptedRecords.decrementAndGet();
        }
        return record;
    }

    /** Puts {@code made} unless {@code task} has a record; returns the one it has now. Its class is counted first. */
    private TaskRecord put(Object task, TaskRecord made) {
        recordedClasses.adding(task);
        TaskRecord record = tasks.putIfAbsent(task, made);
        if (record != made) {
            recordedClasses.removed(task);
        }
        return record;
    }

    /**
     * Every run of the JDK's tasks around code passes here, each virtual thread's every mount among
     * them: none is looked up while no record of {@link AdaptedTasks} is held. An end is the
     * runner's own: a task's exception can also be set by another thread, while it runs on.
     */
    @Override
    public void forkJoinTaskRuns(Object task, boolean begins) {
        if (adaptedRecords.get() == 0 || !AdaptedTasks.isAdapted(task)) {
            return;
        }
        if (begins) {
            asyncTaskRuns(task, true);
            return;
        }
        TaskRecord record = tasks.get(task);
        if (record != null && record.runner == Thread.currentThread()) {
            forget(task);
            record.ends();
        }
    }

    /**
     * Drops the record of {@code task}, and its counts: of its class, and among the adapted ones,
     * whose ends look up only while counted.
     */
    private TaskRecord forget(Object task) {
        TaskRecord record = tasks.remove(task);
        if (record != null) {
            recordedClasses.removed(task);
            if (record.counted) {
                adaptedRecords.decrementAndGet();
            }
        }
        return record;
    }

    /** The record of the common pool or of {@code CompletableFuture}'s thread per task, made when first handed a task; else null. */
    private ExecutorRecord sharedRecord(Object executor) {
        boolean common = executor == ForkJoinPool.commonPool();
        if (!common && !AsyncTasks.THREAD_PER_TASK.equals(executor.getClass().getName())) {
            return null;
        }
        ExecutorRecord record = ExecutorRecord.shared(executor.getClass().getName(), identity(executor));
        return executors.putIfAbsent(executor, record);
    }

    /**
     * A pool's {@code beforeExecute} told this run already where one ran it; the common pool's
     * worker (or a thread that joins its future and runs it meanwhile), or the thread made for it,
     * is told here alone. The thread made for it is the task's: a report tells it through its task,
     * as it tells a pool's worker through its pool.
     */
    @Override
    public void asyncTaskRuns(Object task, boolean begins) {
        TaskRecord record = tasks.isEmpty() ? null : tasks.get(task);
        if (record == null) {
            return;
        }
        Thread current = Thread.currentThread();
        if (!begins) {
            forget(task);
            record.ends();
        } else if (record.runner != current) {
            record.begins(current);
            if (AsyncTasks.THREAD_PER_TASK.equals(record.executor.type)) {
                record.executor.addWorker(current); // made for this task; a thread that helps the common pool is not its
            }
        }
    }

    @Override
    public void taskStarted(Object executor, Object given) {
        if (tasks.isEmpty()) {
            return;
        }
        Object task = TaskWrappers.unwrap(given);
        if (!recordedClasses.mayHold(task)) {
            return; // nothing recorded that it could be: no lookup, and no identity hash made for the task
        }
        TaskRecord record = tasks.get(task);
        if (record != null) {
            record.begins(Thread.currentThread());
        }
    }

    @Override
    public void taskEnded(Object executor, Object given, Throwable thrown) {
        if (tasks.isEmpty()) {
            return;
        }
        Object task = TaskWrappers.unwrap(given);
        boolean recorded = recordedClasses.mayHold(task);
        if (task instanceof RunnableScheduledFuture<?> scheduled && scheduled.isPeriodic() && !scheduled.isDone()) {
            TaskRecord record = recorded ? tasks.get(task) : null;
            if (record != null) {
                record.runner = null; // queued again for its next run
            }
            return;
        }
        TaskRecord record = recorded ? forget(task) : null;
        if (record != null) {
            record.ends();
        }
        if (!cancelledRuns.isEmpty()) {
            endCancelledRunsOf(Thread.currentThread());
        }
    }

    /**
     * The task a worker was told about by {@code afterExecute} ended, so did every task it ran
     * inside of it: a record made at a {@code cancel(true)} may be of a task run by another (an
     * {@code ExecutorCompletionService} runs the caller's future inside its own), and is over too.
     */
    private void endCancelledRunsOf(Thread worker) {
        List<WeakReference<Object>> runs;
        synchronized (cancelledRuns) {
            runs = cancelledRuns.remove(worker);
        }
        if (runs == null) {
            return;
        }
        for (WeakReference<Object> run : runs) {
            Object task = run.get();
            TaskRecord r = task == null ? null : tasks.get(task);
            if (r != null && !r.submitterKnown() && r.runner == worker && !r.ended && forget(task) != null) {
                r.ends();
            }
        }
    }

    /**
     * A timer's thread takes the first task of its queue (element 1 of {@code queue}): a periodic
     * one runs once more; a one-shot one runs a last time, or is dropped because it was cancelled.
     * A timer runs its tasks in turn, so a one-shot task is counted done from here.
     */
    @Override
    public void timerTaskDue(Object queue, boolean again) {
        if (!(queue instanceof Object[] array) || array.length < 2 || array[1] == null) {
            return;
        }
        Object task = array[1];
        if (again) {
            TaskRecord record = tasks.get(task);
            if (record != null) {
                record.startedAtMillis = Clock.millis(System.nanoTime());
                record.runs++;
            }
        } else {
            TaskRecord record = forget(task);
            if (record != null) {
                record.runs++;
                record.ended = true;
            }
        }
    }

    /**
     * {@code cancel(false)} asks nothing of a running task: it is noted as it was asked, not as an
     * interruption. A task cancelled before it ran will never run, and nobody waits in vain.
     */
    @Override
    public void taskCancelled(Object task, boolean mayInterrupt, Thread runner) {
        TaskRecord record = tasks.isEmpty() ? null : tasks.get(task);
        if (record == null && mayInterrupt && runner != null) {
            record = runningUnrecorded(task, runner);
        }
        if (record == null) {
            return;
        }
        if (!record.running()) {
            forget(task);
            record.ended = true;
            return;
        }
        record.cancelled(mayInterrupt ? TaskRecord.CANCEL_INTERRUPTING : TaskRecord.CANCEL_NOT_INTERRUPTING,
                Thread.currentThread(), sites.capture(false));
    }

    @Override
    public void taskRejected(Object executor, Object rejected) {
        Object task = TaskWrappers.unwrap(rejected);
        TaskRecord given = tasks.isEmpty() ? null : tasks.get(task);
        if (given != null) {
            given.heldByWorker = false; // a worker made for it did not join the pool (it was shut down, or full)
        }
        if (!(executor instanceof ThreadPoolExecutor pool)) {
            return;
        }
        RejectedExecutionHandler handler;
        Object oldest;
        try { // a subclass's getters may throw (PoolReads); in a hook, no lambda: nothing spun on the caller's path
            handler = pool.getRejectedExecutionHandler();
            oldest = handler instanceof ThreadPoolExecutor.DiscardOldestPolicy && !pool.isShutdown()
                    ? pool.getQueue().peek() : null;
        } catch (RuntimeException | LinkageError e) {
            return;
        }
        if (handler instanceof ThreadPoolExecutor.DiscardPolicy) {
            discardedOnSubmit(executor, task);
        } else if (handler instanceof ThreadPoolExecutor.DiscardOldestPolicy) {
            if (oldest != null) {
                markLost(executor, TaskWrappers.unwrap(oldest),
                        "discarded by ThreadPoolExecutor.DiscardOldestPolicy to make room: it will never run");
            }
        } else {
            // AbortPolicy: the submitter got a RejectedExecutionException, nothing was lost silently;
            // CallerRunsPolicy or the code's own handler: the task is theirs now, never a worker's to begin
            forget(task);
        }
    }

    /**
     * A task without a record that {@code runner}, a worker of an executor we know, runs now: it
     * gets one now, its submitter unknown, so that a report can tell whether it stops once asked.
     * A {@code cancel(true)} is a slow path; the worker is found by a walk of the executors.
     */
    private TaskRecord runningUnrecorded(Object task, Thread runner) {
        for (Map.Entry<Object, ExecutorRecord> e : executors.entries()) {
            ExecutorRecord owner = e.getValue();
            if (owner.jdkInternal() || !owner.liveWorkers().contains(runner)) {
                continue;
            }
            if (!bound.admits(RecordBound.Kind.TASKS, tasks.size())) {
                return null;
            }
            long now = threads.nextSequence();
            TaskRecord made = TaskRecord.unsubmitted(owner, now, Clock.millis(now), wrappedIn(task));
            made.startedAtMillis = made.submittedAtMillis;
            made.runner = runner;
            TaskRecord record = AdaptedTasks.isAdapted(task) ? putCounted(task, made) : put(task, made);
            if (record == made) {
                synchronized (cancelledRuns) {
                    List<WeakReference<Object>> runs = cancelledRuns.get(runner);
                    if (runs == null) {
                        runs = cancelledRuns.putIfAbsent(runner, new ArrayList<>());
                    }
                    runs.add(new WeakReference<>(task));
                }
            }
            return record;
        }
        return null;
    }

    /**
     * A rejection runs on the submitting thread: a task the policy discards gets a full record
     * now, as if it had been recorded when it was submitted, whatever {@link TaskRecording} says.
     */
    private void discardedOnSubmit(Object executor, Object task) {
        String why = "discarded by ThreadPoolExecutor.DiscardPolicy when it was submitted: it will never run";
        TaskRecord record = tasks.get(task);
        if (record == null) {
            ExecutorRecord owner = executors.get(executor);
            if (owner == null || owner.jdkInternal() || !bound.admits(RecordBound.Kind.TASKS, tasks.size())) {
                return;
            }
            record = put(task, submittedNow(owner, false, null, placeOfKind(task, null, false)));
        }
        record.lostBecause = why;
    }

    /**
     * A task {@code executor} threw away; one submitted without a record gets one now, with its
     * submitter unknown: it is never a scope's, but reports and {@code Future.get} proofs see it.
     */
    private void markLost(Object executor, Object task, String why) {
        TaskRecord record = tasks.get(task);
        if (record == null) {
            ExecutorRecord owner = executors.get(executor);
            if (owner == null || owner.jdkInternal() || !bound.admits(RecordBound.Kind.TASKS, tasks.size())) {
                return;
            }
            long now = threads.nextSequence();
            record = put(task, TaskRecord.unsubmitted(owner, now, Clock.millis(now), wrappedIn(task)));
        }
        record.lostBecause = why;
    }

    /** Live executors and their records. */
    List<Map.Entry<Object, ExecutorRecord>> executors() {
        return executors.entries();
    }

    /**
     * How many of {@code pool}'s workers run a task now (a {@code ForkJoinTask.doExec} on their
     * stack), whoever submitted it: a worker that looks for work, or waits for some, runs none.
     * A stack per worker: a check's cost, asked only of a pool a queued task waits in.
     */
    int forkJoinWorkersRunningTasks(ForkJoinPool pool) {
        int running = 0;
        for (Map.Entry<Thread, ?> e : threads.liveThreads()) {
            if (e.getKey() instanceof ForkJoinWorkerThread worker && worker.getPool() == pool && runsATask(worker)) {
                running++;
            }
        }
        return running;
    }

    private static boolean runsATask(Thread worker) {
        for (StackTraceElement frame : worker.getStackTrace()) {
            if (frame.getMethodName().equals("doExec") && frame.getClassName().equals(ForkJoinTask.class.getName())) {
                return true;
            }
        }
        return false;
    }

    /** Executors the code never shut down, kept past the collector's cleanup, oldest first. */
    List<ExecutorRecord> reclaimed() {
        executors.entries(); // purges collected keys, which may keep more
        synchronized (reclaimed) {
            return new ArrayList<>(reclaimed);
        }
    }

    /** Records of collected executors never shut down that were dropped beyond the {@value #MAX_RECLAIMED} kept. */
    long reclaimedDropped() {
        return reclaimedDropped.sum();
    }

    /** Tracked tasks and their records. */
    List<Map.Entry<Object, TaskRecord>> tasks() {
        return tasks.entries();
    }

    /**
     * Why {@code future} can never complete, if the executor facts prove it: it was discarded or
     * dropped without running, or its executor terminated without running it. Null otherwise.
     */
    public String neverRuns(Object future) {
        TaskRecord record = tasks.get(future);
        if (record == null || record.runner != null || record.ended) {
            return null;
        }
        if (record.lostBecause != null) {
            return "the task " + identity(future) + " was " + record.lostBecause;
        }
        for (Map.Entry<Object, ExecutorRecord> e : executors.entries()) {
            if (e.getValue() == record.executor && e.getKey() instanceof ExecutorService service
                    && PoolReads.read(service::isTerminated, false)) {
                return "its executor " + record.executor.identity + " terminated without running the task "
                        + identity(future);
            }
        }
        return null;
    }

    /** Drops the records of executors and tasks the garbage collector took. */
    public void expungeStale() {
        executors.expungeStale();
        tasks.expungeStale();
    }

    /** Executors and tasks not tracked because the bound was reached. */
    public long dropped() {
        return bound.droppedTotal();
    }

    CreationSites sites() {
        return sites;
    }

    /** The live executor or recorded task whose identity (as reports show it) is {@code identity}, or null. */
    public Object work(String identity) {
        Map.Entry<Object, ExecutorRecord> executor = executorNamed(identity);
        if (executor != null) {
            return executor.getKey();
        }
        Map.Entry<Object, TaskRecord> task = taskNamed(identity);
        return task == null ? null : task.getKey();
    }

    /**
     * The JDK's wrapper around the executor a report names {@code identity}, which is what the code
     * holds of it ({@code Executors.newSingleThreadExecutor()}), or null.
     */
    public Object wrapperOf(String identity) {
        Map.Entry<Object, ExecutorRecord> executor = executorNamed(identity);
        return executor == null ? null : executor.getValue().wrapper();
    }

    /**
     * The lineage (creator first) of the executor or task a report names {@code identity}, or null:
     * for a report that shows who made it through which threads once its creator has ended.
     */
    public long[] lineage(String identity) {
        Map.Entry<Object, ExecutorRecord> executor = executorNamed(identity);
        if (executor != null) {
            return executor.getValue().lineage;
        }
        Map.Entry<Object, TaskRecord> task = taskNamed(identity);
        return task == null ? null : task.getValue().lineage;
    }

    /**
     * Where thread {@code ancestor} of the lineage of the executor named {@code identity} was
     * started (for {@code CreationSites.frames}), or null: not an executor's, or not kept. Tasks
     * keep no such thing (one more field on every task a pool queues).
     */
    public Object creationOfAncestor(String identity, long ancestor) {
        Map.Entry<Object, ExecutorRecord> executor = executorNamed(identity);
        return executor == null ? null
                : Lineage.creationOf(executor.getValue().lineage, executor.getValue().lineageCreations, ancestor);
    }

    /** The pool thread {@code threadId} was one of the last workers of, alive or not; or null. */
    ExecutorRecord poolOfWorker(long threadId) {
        for (Map.Entry<Object, ExecutorRecord> e : executors.entries()) {
            if (e.getValue().workerPool && e.getValue().hadWorker(threadId)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The live executor a report names {@code identity} and its record, or null. */
    Map.Entry<Object, ExecutorRecord> executorNamed(String identity) {
        for (Map.Entry<Object, ExecutorRecord> e : executors.entries()) {
            if (e.getValue().identity.equals(identity)) {
                return e;
            }
        }
        return null;
    }

    /** A task record keeps no identity (most tasks are never reported): it is computed for each, here only. */
    private Map.Entry<Object, TaskRecord> taskNamed(String identity) {
        for (Map.Entry<Object, TaskRecord> e : tasks.entries()) {
            if (identity(e.getKey()).equals(identity)) {
                return e;
            }
        }
        return null;
    }

    /** Workers of every executor we know: they belong to it and are never reported as threads. */
    public List<Thread> allWorkers() {
        List<Thread> result = new ArrayList<>();
        for (Map.Entry<Object, ExecutorRecord> e : executors.entries()) {
            result.addAll(e.getValue().liveWorkers());
        }
        return result;
    }

    private static boolean isOwnThread() {
        return Thread.currentThread().getName().startsWith(ThreadRegistry.OWN_THREAD_PREFIX);
    }

    static String identity(Object o) {
        return Identity.of(o);
    }
}
