package dev.threadleak.agent.executors;

import dev.threadleak.agent.bootstrap.ExecutorListener;
import dev.threadleak.agent.threads.Clock;
import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.memory.Identity;
import dev.threadleak.agent.memory.RecordBound;
import dev.threadleak.agent.memory.WeakIdentityMap;
import dev.threadleak.agent.threads.ThreadRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Executors made since install and the tasks submitted to them. Like the thread registry, the
 * hot path (a submit, a start, an end) takes no lock, starts nothing and uses no blocking
 * structure: the advice calls it from inside the JDK's own executors. Executors and tasks are
 * held weakly; a task's record goes when it ends, unless it will run again (periodic) or never
 * ran (lost: later verdicts need that proof). Which tasks get a record at all is
 * {@link TaskRecording}'s call: while none is made, a task's trip costs a few reads.
 */
public final class ExecutorRegistry implements ExecutorListener {

    private final WeakIdentityMap<ExecutorRecord> executors = new WeakIdentityMap<>();
    private final WeakIdentityMap<TaskRecord> tasks = new WeakIdentityMap<>();
    private final ThreadRegistry threads;
    private final CreationSites sites;
    private final RecordBound bound;
    private final TaskRecording recording;
    /** Records made by {@link #runningUnrecorded} whose run has not been seen to end. */
    private final AtomicInteger cancelledWhileRunning = new AtomicInteger();

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
        Throwable trace = sites.capture(false);
        ExecutorRecord record = new ExecutorRecord(executor.getClass().getName(), identity(executor), trace,
                creator.getId(), creator.getName(), threads.lineageOfCurrent(), threads.nextSequence(),
                System.currentTimeMillis(), false, JdkInternals.madeByJdk(trace));
        executors.putIfAbsent(executor, record);
    }

    /**
     * The executors that predate a late attach, found through their workers among {@code live}
     * threads; {@code poolOfWorker} reads a worker's pool from the JDK's internals.
     */
    public void registerPreExisting(List<Thread> live, Function<Thread, ThreadPoolExecutor> poolOfWorker) {
        PreExistingExecutors.register(this, live, poolOfWorker);
    }

    /** An executor that predates the agent, found through one of its workers. */
    void registerPreExisting(Object executor, Thread worker) {
        ExecutorRecord record = executors.get(executor);
        if (record == null) {
            record = executors.putIfAbsent(executor, new ExecutorRecord(executor.getClass().getName(),
                    identity(executor), null, -1, null, new long[0], 0, System.currentTimeMillis(), true, false));
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
    public void executorShutdown(Object executor) {
        ExecutorRecord record = executors.get(executor);
        if (record != null && record.shutdownAtMillis == 0) {
            record.shutdownTrace = sites.capture(false);
            record.shutdownAtMillis = System.currentTimeMillis();
        }
    }

    @Override
    public void executorShutdownNow(Object executor) {
        ExecutorRecord record = executors.get(executor);
        if (record != null && record.shutdownNowAtMillis == 0) {
            Thread caller = Thread.currentThread();
            record.shutdownNowTrace = sites.capture(false);
            record.shutdownNowBy = caller.getName();
            record.shutdownNowById = caller.getId();
            record.shutdownNowAtMillis = System.currentTimeMillis();
        }
    }

    @Override
    public void tasksDropped(List<?> dropped, Object executor) {
        for (Object task : dropped) {
            markLost(executor, task, "returned by shutdownNow() without having run: it will never run");
        }
    }

    @Override
    public void taskSubmitted(Object executor, Object task) {
        if (!recording.wanted()) {
            return; // first: on defaults, this is where nearly every submit ends
        }
        ExecutorRecord owner = executors.get(executor);
        if (owner == null || owner.jdkInternal) {
            return;
        }
        if (!bound.admits(RecordBound.Kind.TASKS, tasks.size())) {
            return;
        }
        tasks.putIfAbsent(task, submittedNow(owner));
    }

    /** The record of a task the current thread submits now. */
    private TaskRecord submittedNow(ExecutorRecord owner) {
        Thread submitter = Thread.currentThread();
        long now = threads.nextSequence();
        return new TaskRecord(owner, sites.capture(true), submitter.getId(), submitter.getName(),
                threads.lineageOfCurrent(), now, Clock.millis(now));
    }

    @Override
    public void taskStarted(Object executor, Object task) {
        if (tasks.isEmpty()) {
            return; // nothing recorded: no lookup, and no identity hash made for the task
        }
        TaskRecord record = tasks.get(task);
        if (record != null) {
            record.startedAtMillis = Clock.millis(System.nanoTime());
            record.runner = Thread.currentThread();
        }
    }

    @Override
    public void taskEnded(Object executor, Object task, Throwable thrown) {
        if (tasks.isEmpty()) {
            return;
        }
        if (task instanceof RunnableScheduledFuture<?> scheduled && scheduled.isPeriodic() && !scheduled.isDone()) {
            TaskRecord record = tasks.get(task);
            if (record != null) {
                record.runner = null; // queued again for its next run
            }
            return;
        }
        TaskRecord record = tasks.remove(task);
        if (record != null) {
            if (!record.submitterKnown() && record.runner != null) {
                cancelledWhileRunning.decrementAndGet(); // made at a cancel(true), and over
            }
            record.ended = true;
            record.runner = null;
        }
        if (cancelledWhileRunning.get() > 0) {
            endCancelledRunsOf(Thread.currentThread());
        }
    }

    /**
     * The task a worker was told about by {@code afterExecute} ended, so did every task it ran
     * inside of it: a record made at a {@code cancel(true)} may be of a task run by another (an
     * {@code ExecutorCompletionService} runs the caller's future inside its own), and is over too.
     */
    private void endCancelledRunsOf(Thread worker) {
        for (Map.Entry<Object, TaskRecord> e : tasks.entries()) {
            TaskRecord r = e.getValue();
            if (!r.submitterKnown() && r.runner == worker && !r.ended && tasks.remove(e.getKey()) != null) {
                r.ended = true;
                r.runner = null;
                cancelledWhileRunning.decrementAndGet();
            }
        }
    }

    @Override
    public void taskCancelled(Object task, boolean mayInterrupt, Thread runner) {
        TaskRecord record = tasks.isEmpty() ? null : tasks.get(task);
        if (record == null && mayInterrupt && runner != null) {
            record = runningUnrecorded(task, runner);
        }
        if (record == null) {
            return;
        }
        if (!mayInterrupt || !record.running()) {
            if (!record.running() && record.runner == null) {
                tasks.remove(task); // cancelled before it ran: it will never run, and nobody waits in vain
            }
            return;
        }
        if (record.cancelledAtMillis == 0) {
            Thread caller = Thread.currentThread();
            record.cancelTrace = sites.capture(false);
            record.cancelledBy = caller.getName();
            record.cancelledById = caller.getId();
            record.cancelledAtMillis = System.currentTimeMillis();
        }
    }

    @Override
    public void taskRejected(Object executor, Object task) {
        if (!(executor instanceof ThreadPoolExecutor pool)) {
            return;
        }
        RejectedExecutionHandler handler = pool.getRejectedExecutionHandler();
        if (handler instanceof ThreadPoolExecutor.DiscardPolicy) {
            discardedOnSubmit(executor, task);
        } else if (handler instanceof ThreadPoolExecutor.DiscardOldestPolicy && !pool.isShutdown()) {
            Object oldest = pool.getQueue().peek();
            if (oldest != null) {
                markLost(executor, oldest,
                        "discarded by ThreadPoolExecutor.DiscardOldestPolicy to make room: it will never run");
            }
        } else if (handler instanceof ThreadPoolExecutor.AbortPolicy) {
            tasks.remove(task); // the submitter got a RejectedExecutionException: nothing was lost silently
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
            if (owner.jdkInternal || !owner.liveWorkers().contains(runner)) {
                continue;
            }
            if (!bound.admits(RecordBound.Kind.TASKS, tasks.size())) {
                return null;
            }
            long now = threads.nextSequence();
            TaskRecord made = TaskRecord.unsubmitted(owner, now, Clock.millis(now));
            made.startedAtMillis = made.submittedAtMillis;
            made.runner = runner;
            TaskRecord record = tasks.putIfAbsent(task, made);
            if (record == made) {
                cancelledWhileRunning.incrementAndGet();
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
            if (owner == null || owner.jdkInternal || !bound.admits(RecordBound.Kind.TASKS, tasks.size())) {
                return;
            }
            record = tasks.putIfAbsent(task, submittedNow(owner));
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
            if (owner == null || owner.jdkInternal || !bound.admits(RecordBound.Kind.TASKS, tasks.size())) {
                return;
            }
            long now = threads.nextSequence();
            record = tasks.putIfAbsent(task, TaskRecord.unsubmitted(owner, now, Clock.millis(now)));
        }
        record.lostBecause = why;
    }

    /** Live executors and their records. */
    List<Map.Entry<Object, ExecutorRecord>> executors() {
        return executors.entries();
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
                    && service.isTerminated()) {
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
