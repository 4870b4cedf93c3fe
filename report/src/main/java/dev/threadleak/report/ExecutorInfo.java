package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An executor as it was when the report was taken. {@code type} is its class, {@code state} one of
 * {@code running}, {@code shutdown}, {@code terminated}; {@code shutdownAt} is where shutdown was
 * called, when it was. Counts the executor does not expose are absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutorInfo(String type, String identity, String state, List<ThreadRef> workers, Integer queuedTasks,
                           Integer activeTasks, Long shutdownAgoMillis, List<Frame> shutdownAt) {

    public ExecutorInfo {
        workers = workers == null ? List.of() : List.copyOf(workers);
        shutdownAt = shutdownAt == null || shutdownAt.isEmpty() ? null : List.copyOf(shutdownAt);
    }
}
