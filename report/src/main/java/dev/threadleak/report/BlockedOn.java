package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a parked thread waits for. {@code operation} is {@code Class.method} of the blocking call,
 * {@code object} the channel's class and identity, {@code why} the reason behind the verdict,
 * written so that a person can check it. Fields not known are absent, never guessed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockedOn(String operation, String object, Long sinceMillis, String why, Long timeoutMillis,
                        Integer queueSize, Integer queueCapacity) {

    public static BlockedOn of(String operation, String object) {
        return new BlockedOn(operation, object, null, null, null, null, null);
    }
}
