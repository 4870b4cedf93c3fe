package dev.threadleak.agent.executors;

import dev.threadleak.agent.threads.Lineage;
import dev.threadleak.agent.threads.Origin;

/**
 * One submitted task: where and by whom it was submitted, whether it started and ended, whether
 * it will never run (and why), and whether cancellation with interruption was asked for. Its
 * name is made from the task object when a report needs it: submits are a hot path.
 */
final class TaskRecord implements Origin {

    final ExecutorRecord executor;
    final Throwable submission;
    final long submitterId;
    final String submitterName;
    final long[] lineage;
    final long sequence;
    final long submittedAtMillis;
    volatile Thread runner;
    volatile long startedAtMillis;
    volatile boolean ended;
    volatile String lostBecause;
    volatile long cancelledAtMillis;
    volatile Throwable cancelTrace;
    volatile String cancelledBy;
    volatile long cancelledById;

    TaskRecord(ExecutorRecord executor, Throwable submission, long submitterId,
               String submitterName, long[] lineage, long sequence, long submittedAtMillis) {
        this.executor = executor;
        this.submission = submission;
        this.submitterId = submitterId;
        this.submitterName = submitterName;
        this.lineage = lineage;
        this.sequence = sequence;
        this.submittedAtMillis = submittedAtMillis;
    }

    /**
     * A task found only when its executor threw it away, not recorded when it was submitted: by
     * whom and where is unknown, and it counts as older than every scope.
     */
    static TaskRecord unsubmitted(ExecutorRecord executor, long sequence, long atMillis) {
        return new TaskRecord(executor, null, -1, null, new long[0], sequence, atMillis);
    }

    /** Whether its submitter is known: a record made when it was submitted. */
    boolean submitterKnown() {
        return submitterId >= 0;
    }

    /** Started, not ended, and its runner is alive (a worker that died mid-task ran it last). */
    boolean running() {
        Thread t = runner;
        return t != null && !ended && t.isAlive();
    }

    @Override
    public boolean descendsFrom(long threadId) {
        return Lineage.contains(lineage, threadId);
    }

    @Override
    public long creatorId() {
        return submitterId;
    }

    /** When interruption was asked for while it ran: by cancel(true) or by its executor's shutdownNow. */
    long interruptRequestedAtMillis() {
        long cancelled = cancelledAtMillis;
        long now = executor.shutdownNowAtMillis;
        if (now != 0 && startedAtMillis != 0 && now >= startedAtMillis && (cancelled == 0 || now < cancelled)) {
            return now;
        }
        return cancelled;
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
}
