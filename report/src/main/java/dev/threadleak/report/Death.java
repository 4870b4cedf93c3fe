package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A thread that ended by an uncaught exception. Not a leak itself, but it is often the cause of
 * one: the server that died while its siblings ran on, the consumer whose producer blocks forever.
 * {@code handledBy} names the class of the {@code UncaughtExceptionHandler} the code gave the thread,
 * or every thread as the default ({@code a lambda of com.acme.Exits} for a lambda), so it expected
 * such deaths; absent, the exception reached the JVM's printing of it.
 * {@code createdAtCut} says the creation stack went on below {@code createdAt}, as a {@link Leak}'s does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Death(ThreadInfo thread, List<Frame> createdAt, ThreadRef createdBy, String endedAt,
                    String exceptionType, String exceptionMessage, List<Frame> exceptionStack, String handledBy,
                    Boolean createdAtCut) {

    public Death {
        if (!Boolean.TRUE.equals(createdAtCut)) {
            createdAtCut = null; // absent, as in every report from before it existed
        }
    }

    /** A death whose creation stack is whole: the form from before {@code createdAtCut}. */
    public Death(ThreadInfo thread, List<Frame> createdAt, ThreadRef createdBy, String endedAt, String exceptionType,
                 String exceptionMessage, List<Frame> exceptionStack, String handledBy) {
        this(thread, createdAt, createdBy, endedAt, exceptionType, exceptionMessage, exceptionStack, handledBy, null);
    }

    /** True when the creation stack went on below {@link #createdAt}. */
    public boolean creationStackCut() {
        return Boolean.TRUE.equals(createdAtCut);
    }

    /** A death as reports described it before {@code handledBy}. */
    public Death(ThreadInfo thread, List<Frame> createdAt, ThreadRef createdBy, String endedAt, String exceptionType,
                 String exceptionMessage, List<Frame> exceptionStack) {
        this(thread, createdAt, createdBy, endedAt, exceptionType, exceptionMessage, exceptionStack, null, null);
    }
}
