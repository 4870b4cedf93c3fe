package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A task submitted to an executor. {@code state}: {@code queued}, {@code starting} (a worker its
 * pool made for it holds it and has not begun it), {@code running}, or {@code lost} (it will never
 * run: {@code lostBecause} says why). {@code periodic} is true for a
 * task that runs again and again ({@code scheduleAtFixedRate}, a repeating {@code TimerTask}),
 * and {@code runs} says how often it has run. When cancellation was asked for while it ran,
 * {@code cancelledWith} says how ({@code cancel(true)}, {@code cancel(false)}, which interrupts
 * nothing, or {@code shutdownNow() of its executor}), {@code cancelledAt} where, {@code cancelledBy}
 * by whom, {@code cancelledAgoMillis} how long ago. {@code submittedAt}, for a task told inside its
 * executor's finding ({@link ExecutorInfo#tasks()}) rather than as a leak of its own, is the
 * application's frame that submitted it, and {@code submittedBy} the thread that did; absent
 * otherwise (a task's own finding has the whole stack, and its {@code createdBy}).
 * {@code wraps}: the class of the {@code Runnable} or {@code Callable} the code submitted, where
 * {@code type} is the future the executor wrapped it in ({@code FutureTask},
 * {@code ScheduledFutureTask}); known for tasks recorded as they were submitted.
 * {@code nextRunInMillis}: for a queued task of the JDK's {@code ScheduledThreadPoolExecutor}, how
 * long until its executor starts it (its next run, for a periodic one), as the executor reckons it
 * when the report is made; absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskInfo(String type, String identity, String executor, String state, String lostBecause,
                       ThreadRef runningIn, Long cancelledAgoMillis, ThreadRef cancelledBy, List<Frame> cancelledAt,
                       String cancelledWith, Boolean periodic, Integer runs, Frame submittedAt, String wraps,
                       Long nextRunInMillis, ThreadRef submittedBy) {

    public TaskInfo {
        cancelledAt = cancelledAt == null || cancelledAt.isEmpty() ? null : List.copyOf(cancelledAt);
    }

    /** A task as reports described it before {@code submittedBy}. */
    public TaskInfo(String type, String identity, String executor, String state, String lostBecause,
                    ThreadRef runningIn, Long cancelledAgoMillis, ThreadRef cancelledBy, List<Frame> cancelledAt,
                    String cancelledWith, Boolean periodic, Integer runs, Frame submittedAt, String wraps,
                    Long nextRunInMillis) {
        this(type, identity, executor, state, lostBecause, runningIn, cancelledAgoMillis, cancelledBy, cancelledAt,
                cancelledWith, periodic, runs, submittedAt, wraps, nextRunInMillis, null);
    }

    /** A task as reports described it before {@code nextRunInMillis}. */
    public TaskInfo(String type, String identity, String executor, String state, String lostBecause,
                    ThreadRef runningIn, Long cancelledAgoMillis, ThreadRef cancelledBy, List<Frame> cancelledAt,
                    String cancelledWith, Boolean periodic, Integer runs, Frame submittedAt, String wraps) {
        this(type, identity, executor, state, lostBecause, runningIn, cancelledAgoMillis, cancelledBy, cancelledAt,
                cancelledWith, periodic, runs, submittedAt, wraps, null);
    }

    /** A task as reports described it before {@code wraps}. */
    public TaskInfo(String type, String identity, String executor, String state, String lostBecause,
                    ThreadRef runningIn, Long cancelledAgoMillis, ThreadRef cancelledBy, List<Frame> cancelledAt,
                    String cancelledWith, Boolean periodic, Integer runs, Frame submittedAt) {
        this(type, identity, executor, state, lostBecause, runningIn, cancelledAgoMillis, cancelledBy, cancelledAt,
                cancelledWith, periodic, runs, submittedAt, null);
    }

    /** A task as reports described it before {@code submittedAt}. */
    public TaskInfo(String type, String identity, String executor, String state, String lostBecause,
                    ThreadRef runningIn, Long cancelledAgoMillis, ThreadRef cancelledBy, List<Frame> cancelledAt,
                    String cancelledWith, Boolean periodic, Integer runs) {
        this(type, identity, executor, state, lostBecause, runningIn, cancelledAgoMillis, cancelledBy, cancelledAt,
                cancelledWith, periodic, runs, null, null);
    }

    /** The same task, submitted at {@code frame} by {@code by} (told inside its executor's finding). */
    public TaskInfo withSubmission(Frame frame, ThreadRef by) {
        return new TaskInfo(type, identity, executor, state, lostBecause, runningIn, cancelledAgoMillis, cancelledBy,
                cancelledAt, cancelledWith, periodic, runs, frame, wraps, nextRunInMillis, by);
    }

    /** A task as reports described it before {@code cancelledWith}, {@code periodic} and {@code runs}. */
    public TaskInfo(String type, String identity, String executor, String state, String lostBecause,
                    ThreadRef runningIn, Long cancelledAgoMillis, ThreadRef cancelledBy, List<Frame> cancelledAt) {
        this(type, identity, executor, state, lostBecause, runningIn, cancelledAgoMillis, cancelledBy, cancelledAt,
                null, null, null, null, null);
    }

    /**
     * What a person calls the code a task runs: {@code com.acme.Job}, or {@code a lambda of
     * com.acme.Importer} for the JDK's name of a lambda's class
     * ({@code com.acme.Importer$$Lambda/0x0000...}, {@code $$Lambda$14/0x...} on JDK 17), whose
     * number says nothing to a reader.
     */
    public static String codeName(String className) {
        int lambda = className.indexOf("$$Lambda");
        return lambda > 0 ? "a lambda of " + className.substring(0, lambda) : className;
    }
}
