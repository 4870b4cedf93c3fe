package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a parked thread waits for. {@code operation} is {@code Class.method} of the blocking call,
 * {@code object} the channel's class and identity, {@code why} the reason behind the verdict,
 * written so that a person can check it, {@code detail} what the channel looked like (for
 * example "queue empty, no taker waiting"). Fields not known are absent, never guessed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockedOn(String operation, String object, Long sinceMillis, String why, Long timeoutMillis,
                        Integer queueSize, Integer queueCapacity, String detail) {

    public static BlockedOn of(String operation, String object) {
        return new BlockedOn(operation, object, null, null, null, null, null, null);
    }

    /** The same wait, with the reason behind a verdict. */
    public BlockedOn because(String reason) {
        return new BlockedOn(operation, object, sinceMillis, reason, timeoutMillis, queueSize, queueCapacity, detail);
    }

    /** {@code SynchronousQueue.put}: the operation without its package, as people say it. */
    public String shortOperation() {
        if (operation == null) {
            return "an unknown wait";
        }
        int method = operation.lastIndexOf('.');
        int type = method <= 0 ? -1 : operation.lastIndexOf('.', method - 1);
        return operation.substring(type + 1);
    }
}
