package dev.threadleak.agent.executors;

import dev.threadleak.report.Frame;
import dev.threadleak.report.ThreadRef;
import java.util.List;

/**
 * The pool a thread worked for: the identity a report names it by, where it was made and by whom.
 * Told of a worker that may have ended: what it submitted or started is then its pool's.
 */
public record WorkersPool(String identity, List<Frame> createdAt, ThreadRef createdBy) {
}
