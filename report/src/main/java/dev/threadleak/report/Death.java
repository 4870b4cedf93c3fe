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
 * {@code exceptionMadeElsewhere} is true when the exception's stack, which is where it was made,
 * does not begin where a started thread's does (a {@code run} method): another thread made it and
 * this one threw it later (Zipkin's fake sender made it in the test's {@code close()}, its flush
 * thread threw it), so {@code exceptionStack} is not where this thread died. Absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Death(ThreadInfo thread, List<Frame> createdAt, ThreadRef createdBy, String endedAt,
                    String exceptionType, String exceptionMessage, List<Frame> exceptionStack, String handledBy,
                    Boolean createdAtCut, Boolean exceptionMadeElsewhere) {

    public Death {
        if (!Boolean.TRUE.equals(createdAtCut)) {
            createdAtCut = null; // absent, as in every report from before it existed
        }
        if (!Boolean.TRUE.equals(exceptionMadeElsewhere)) {
            exceptionMadeElsewhere = null;
        }
    }

    /** A death whose exception was made where it was thrown: the form before {@code exceptionMadeElsewhere}. */
    public Death(ThreadInfo thread, List<Frame> createdAt, ThreadRef createdBy, String endedAt, String exceptionType,
                 String exceptionMessage, List<Frame> exceptionStack, String handledBy, Boolean createdAtCut) {
        this(thread, createdAt, createdBy, endedAt, exceptionType, exceptionMessage, exceptionStack, handledBy,
                createdAtCut, null);
    }

    /** True when another thread made the exception this one died of ({@code exceptionMadeElsewhere}). */
    public boolean madeOnAnotherThread() {
        return Boolean.TRUE.equals(exceptionMadeElsewhere);
    }

    /** A death whose creation stack is whole: the form from before {@code createdAtCut}. */
    public Death(ThreadInfo thread, List<Frame> createdAt, ThreadRef createdBy, String endedAt, String exceptionType,
                 String exceptionMessage, List<Frame> exceptionStack, String handledBy) {
        this(thread, createdAt, createdBy, endedAt, exceptionType, exceptionMessage, exceptionStack, handledBy, null,
                null);
    }

    /** True when the creation stack went on below {@link #createdAt}. */
    public boolean creationStackCut() {
        return Boolean.TRUE.equals(createdAtCut);
    }

    /** A death as reports described it before {@code handledBy}. */
    public Death(ThreadInfo thread, List<Frame> createdAt, ThreadRef createdBy, String endedAt, String exceptionType,
                 String exceptionMessage, List<Frame> exceptionStack) {
        this(thread, createdAt, createdBy, endedAt, exceptionType, exceptionMessage, exceptionStack, null, null, null);
    }
}
