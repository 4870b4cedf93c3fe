package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A task submitted to an executor. {@code state}: {@code queued}, {@code running}, or
 * {@code lost} (it will never run: {@code lostBecause} says why). When cancellation was asked
 * for, {@code cancelledAt} is where, {@code cancelledBy} by whom, {@code cancelledAgoMillis} how
 * long ago.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskInfo(String type, String identity, String executor, String state, String lostBecause,
                       ThreadRef runningIn, Long cancelledAgoMillis, ThreadRef cancelledBy, List<Frame> cancelledAt) {

    public TaskInfo {
        cancelledAt = cancelledAt == null || cancelledAt.isEmpty() ? null : List.copyOf(cancelledAt);
    }
}
