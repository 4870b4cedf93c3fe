package dev.threadleak.agent.executors;

import dev.threadleak.agent.threads.Clock;
import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.Lineage;
import dev.threadleak.agent.threads.Origin;
import java.util.function.LongPredicate;

/**
 * One submitted task: where and by whom it was submitted, whether it runs once or periodically,
 * how often it ran, whether it ended, whether it will never run (and why), and whether and how
 * cancellation was asked for: {@code cancel(true)} or {@code shutdownNow()} while it ran (an
 * interruption), or {@code cancel(false)} (none). Its name is made from the task object when a
 * report needs it: submits are a hot path. What the code submitted, where the JDK wrapped it, is
 * named as the future was made ({@link ExecutorRegistry#taskWrapped}).
 */
final class TaskRecord implements Origin {

    static final String CANCEL_INTERRUPTING = "cancel(true)";
    static final String CANCEL_NOT_INTERRUPTING = "cancel(false)";
    static final String SHUTDOWN_NOW = "shutdownNow() of its executor";

    final ExecutorRecord executor;
    final Throwable submission;
    final long submitterId;
    final String submitterName;
    final long[] lineage;
    final long sequence;
    final long submittedAtMillis;
    final boolean periodic;
    /** The class of the Runnable or Callable the code submitted, where the task is the JDK's future of it; else null. */
    final String wraps;
    /** The class initializer behind it: null until known, then "" for none. */
    private volatile String initializer;
    volatile Thread runner;
    volatile long startedAtMillis;
    volatile int runs;
    volatile boolean ended;
    /** Counted among the records of the JDK's tasks around code, whose ends are looked up only while any is counted. */
    volatile boolean counted;
    /** A new worker of its pool was made to run it first, and it was not rejected since: in no queue, not lost. */
    volatile boolean heldByWorker;
    volatile String lostBecause;
    volatile long cancelledAtMillis;
    /** How cancellation was asked for: {@link #CANCEL_INTERRUPTING}, {@link #CANCEL_NOT_INTERRUPTING} or {@link #SHUTDOWN_NOW}. */
    volatile String cancelledWith;
    volatile Throwable cancelTrace;
    volatile String cancelledBy;
    volatile long cancelledById;

    TaskRecord(ExecutorRecord executor, Throwable submission, long submitterId, String submitterName, long[] lineage,
               long sequence, long submittedAtMillis, boolean periodic, String inheritedInitializer, String wraps) {
        this.executor = executor;
        this.submission = submission;
        this.submitterId = submitterId;
        this.submitterName = submitterName;
        this.lineage = lineage;
        this.sequence = sequence;
        this.submittedAtMillis = submittedAtMillis;
        this.periodic = periodic;
        this.initializer = inheritedInitializer;
        this.wraps = wraps;
    }

    /**
     * A task found only when its executor threw it away, not recorded when it was submitted: by
     * whom and where is unknown, and it counts as older than every scope.
     */
    static TaskRecord unsubmitted(ExecutorRecord executor, long sequence, long atMillis, String wraps) {
        return new TaskRecord(executor, null, -1, null, new long[0], sequence, atMillis, false, null, wraps);
    }

    /** Whether its submitter is known: a record made when it was submitted. */
    boolean submitterKnown() {
        return submitterId >= 0;
    }

    /**
     * A task its executor threw away as the code chose: {@code shutdownNow()} returned it (the
     * code was handed it back to run or let go), or the discard policy the code gave the pool
     * dropped it. No leak of its own, and whether a pool was saturated or its worker had taken a
     * task yet is a race: a thread waiting on it is told it will never run ({@link #lostBecause}),
     * and is the leak.
     */
    boolean dropped() {
        return lostBecause != null;
    }

    /**
     * A run of it begins on {@code worker}: no longer "starting", whoever handed it over. The
     * runner first: a reader that reads the count or "starting" first, then the runner
     * ({@link #progress()}, {@link #holdsAWorker()}), sees a run that has begun as running, never
     * as one that began and ended.
     */
    void begins(Thread worker) {
        startedAtMillis = Clock.millis(System.nanoTime());
        runner = worker;
        heldByWorker = false; // a periodic task's next run is not "starting" after this one
        runs++;
    }

    /**
     * Its runs as of one reading, in the order {@link #begins} and {@link #ends} write them: a check
     * that read "not running" and then, as the worker began it, "begun", took a task a new worker
     * was beginning for one it had finished, and passed the test that left it.
     */
    Progress progress() {
        int counted = runs;
        Thread t = runner;
        return new Progress(counted, t, ended); // ended last: ends() sets it before it clears the runner
    }

    /** A reading of a task's runs ({@link #progress()}). */
    record Progress(int runs, Thread runner, boolean ended) {

        /** Started, not ended, and its runner is alive (a worker that died mid-task ran it last). */
        boolean running() {
            return runner != null && !ended && runner.isAlive();
        }

        /** A run of it began: running, or run and no longer. */
        boolean begun() {
            return runs > 0 || runner != null;
        }
    }

    /** Running, or handed to a new worker that has not begun it yet ("starting"): a worker is its. */
    boolean holdsAWorker() {
        boolean handed = heldByWorker; // first: begins() clears it only once the runner is set
        return running() || handed;
    }

    /** It will not run again. */
    void ends() {
        ended = true;
        runner = null;
    }

    /** Started, not ended, and its runner is alive (a worker that died mid-task ran it last). */
    boolean running() {
        Thread t = runner;
        return t != null && !ended && t.isAlive();
    }

    /** Records how cancellation was asked for; an interruption outranks a cancel that does not interrupt. */
    synchronized boolean cancelled(String how, Thread by, Throwable trace) {
        boolean interrupts = !how.equals(CANCEL_NOT_INTERRUPTING);
        if (cancelledWith != null && (!interrupts || interruptRequested())) {
            return false;
        }
        cancelTrace = trace;
        cancelledBy = by.getName();
        cancelledById = by.getId();
        cancelledAtMillis = System.currentTimeMillis();
        cancelledWith = how;
        return true;
    }

    /** True when the code asked to interrupt it while it ran: {@code cancel(true)} or {@code shutdownNow()}. */
    boolean interruptRequested() {
        String how = cancelledWith;
        return how != null && !how.equals(CANCEL_NOT_INTERRUPTING);
    }

    @Override
    public boolean descendsFrom(long threadId) {
        return Lineage.contains(lineage, threadId);
    }

    @Override
    public boolean descendsThrough(long ancestor, LongPredicate cut) {
        return Lineage.passesThrough(lineage, ancestor, cut);
    }

    @Override
    public long creatorId() {
        return submitterId;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public boolean preExisting() {
        return !submitterKnown();
    }

    @Override
    public long createdAtMillis() {
        return submittedAtMillis;
    }

    @Override
    public String classInitializer() {
        String known = initializer;
        if (known == null) {
            known = submission == null ? null : CreationSites.classInitializer(submission.getStackTrace());
            known = known == null ? "" : known;
            initializer = known;
        }
        return known.isEmpty() ? null : known;
    }
}
