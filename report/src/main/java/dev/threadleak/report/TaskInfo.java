package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A task submitted to an executor. {@code state}: {@code queued}, {@code running}, or
 * {@code lost} (it will never run: {@code lostBecause} says why). {@code periodic} is true for a
 * task that runs again and again ({@code scheduleAtFixedRate}, a repeating {@code TimerTask}),
 * and {@code runs} says how often it has run. When cancellation was asked for while it ran,
 * {@code cancelledWith} says how ({@code cancel(true)}, {@code cancel(false)}, which interrupts
 * nothing, or {@code shutdownNow() of its executor}), {@code cancelledAt} where, {@code cancelledBy}
 * by whom, {@code cancelledAgoMillis} how long ago.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskInfo(String type, String identity, String executor, String state, String lostBecause,
                       ThreadRef runningIn, Long cancelledAgoMillis, ThreadRef cancelledBy, List<Frame> cancelledAt,
                       String cancelledWith, Boolean periodic, Integer runs) {

    public TaskInfo {
        cancelledAt = cancelledAt == null || cancelledAt.isEmpty() ? null : List.copyOf(cancelledAt);
    }

    /** A task as reports described it before {@code cancelledWith}, {@code periodic} and {@code runs}. */
    public TaskInfo(String type, String identity, String executor, String state, String lostBecause,
                    ThreadRef runningIn, Long cancelledAgoMillis, ThreadRef cancelledBy, List<Frame> cancelledAt) {
        this(type, identity, executor, state, lostBecause, runningIn, cancelledAgoMillis, cancelledBy, cancelledAt,
                null, null, null);
    }
}
