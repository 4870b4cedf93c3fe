package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a waiting thread waits for. {@code operation} is {@code Class.method} of the blocking call
 * (for a thread blocked entering a monitor, the method that enters it), {@code object} what it
 * waits on (a queue, synchronizer, condition, future, barrier, monitor, or a thread it joins) by
 * class and identity, {@code why} the reason behind the verdict, written so that a person can
 * check it, {@code detail} what the object looked like (for example "queue empty, no taker
 * waiting", "count 1"). {@code owner} is the thread that would have to act: the owner of the
 * monitor or lock, or the thread joined. {@code interruptible} says whether
 * {@code Thread.interrupt} ends the wait ({@code CompletableFuture.join}, {@code lock()} and a
 * monitor entry are not). Fields not known are absent, never guessed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockedOn(String operation, String object, Long sinceMillis, String why, Long timeoutMillis,
                        Integer queueSize, Integer queueCapacity, String detail, ThreadRef owner,
                        Boolean interruptible) {

    /** A wait without an owner or interruptibility: the form from before they existed. */
    public BlockedOn(String operation, String object, Long sinceMillis, String why, Long timeoutMillis,
                     Integer queueSize, Integer queueCapacity, String detail) {
        this(operation, object, sinceMillis, why, timeoutMillis, queueSize, queueCapacity, detail, null, null);
    }

    public static BlockedOn of(String operation, String object) {
        return new BlockedOn(operation, object, null, null, null, null, null, null);
    }

    /** The same wait, with the reason behind a verdict. */
    public BlockedOn because(String reason) {
        return new BlockedOn(operation, object, sinceMillis, reason, timeoutMillis, queueSize, queueCapacity, detail,
                owner, interruptible);
    }

    /** The same wait, with the thread that would have to act and whether an interrupt ends it. */
    public BlockedOn with(ThreadRef newOwner, Boolean isInterruptible) {
        return new BlockedOn(operation, object, sinceMillis, why, timeoutMillis, queueSize, queueCapacity, detail,
                newOwner, isInterruptible);
    }

    /** The same wait, begun {@code millis} ago as another look measured it. */
    public BlockedOn since(Long millis) {
        return new BlockedOn(operation, object, millis, why, timeoutMillis, queueSize, queueCapacity, detail, owner,
                interruptible);
    }

    /** The operation of a sleeping thread. */
    public static final String SLEEP = "java.lang.Thread.sleep";

    /** True for {@code Thread.sleep}: the thread sleeps rather than waits for anything. */
    @JsonIgnore
    public boolean sleeping() {
        return SLEEP.equals(operation);
    }

    /** How long until a timed wait ends by itself, when both its timeout and its start are known; else null. */
    @JsonIgnore
    public Long wakesInMillis() {
        return timeoutMillis == null || sinceMillis == null ? null : Math.max(0, timeoutMillis - sinceMillis);
    }

    /** {@code SynchronousQueue.put}: the operation without its package, as people say it. */
    public String shortOperation() {
        return operation == null ? "an unknown wait" : withoutPackage(operation);
    }

    /** {@code Class.method} of a qualified {@code package.Class.method}. */
    static String withoutPackage(String qualifiedMethod) {
        int method = qualifiedMethod.lastIndexOf('.');
        int type = method <= 0 ? -1 : qualifiedMethod.lastIndexOf('.', method - 1);
        return qualifiedMethod.substring(type + 1);
    }

    /**
     * The class of what a wait is on, as {@link #object()} names it ({@code
     * java.util.concurrent.SynchronousQueue@6d06}: its part before the identity); empty when none is named.
     */
    public static String typeOf(String object) {
        if (object == null) {
            return "";
        }
        int identity = object.lastIndexOf('@');
        return identity < 0 ? object : object.substring(0, identity);
    }
}
