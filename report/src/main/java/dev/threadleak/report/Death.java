package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A thread that ended by an uncaught exception. Not a leak itself, but it is often the cause of
 * one: the server that died while its siblings ran on, the consumer whose producer blocks forever.
 * {@code handledBy} names the class of the thread's own {@code UncaughtExceptionHandler} when the
 * code gave it one (so it expected such deaths); absent, the exception reached the default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Death(ThreadInfo thread, List<Frame> createdAt, ThreadRef createdBy, String endedAt,
                    String exceptionType, String exceptionMessage, List<Frame> exceptionStack, String handledBy) {

    /** A death as reports described it before {@code handledBy}. */
    public Death(ThreadInfo thread, List<Frame> createdAt, ThreadRef createdBy, String endedAt, String exceptionType,
                 String exceptionMessage, List<Frame> exceptionStack) {
        this(thread, createdAt, createdBy, endedAt, exceptionType, exceptionMessage, exceptionStack, null);
    }
}
