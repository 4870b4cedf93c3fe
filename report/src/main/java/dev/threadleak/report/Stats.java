package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of what the agent tracks, so a reader can tell "nothing leaked" from "nothing seen".
 * {@code droppedRecords} counts everything not tracked because the record bound
 * ({@code max-records}) was reached; {@code dropped} says of what kind, by the names of
 * {@link #DROPPED_KINDS} (only those with a count above 0; absent when nothing was dropped).
 */
public record Stats(long threadsStarted, long liveThreads, long liveVirtualThreads, long droppedRecords,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> dropped) {

    /** The kinds of record a bound may drop, as {@code dropped} names them, in the order reports list them. */
    public static final String[] DROPPED_KINDS = {"threads", "virtualThreads", "executors", "tasks", "queues"};

    public Stats {
        dropped = dropped == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
    }

    /** Stats with nothing dropped, or dropped records of unknown kind. */
    public Stats(long threadsStarted, long liveThreads, long liveVirtualThreads, long droppedRecords) {
        this(threadsStarted, liveThreads, liveVirtualThreads, droppedRecords, Map.of());
    }

    /** {@code 49000 tasks, 12 threads}: the dropped records by kind, for a person; empty if none. */
    public String droppedByKind() {
        StringBuilder out = new StringBuilder();
        for (String kind : DROPPED_KINDS) {
            Long n = dropped.get(kind);
            if (n != null && n > 0) {
                out.append(out.length() == 0 ? "" : ", ").append(n).append(' ').append(kindName(kind, n));
            }
        }
        return out.toString();
    }

    private static String kindName(String kind, long n) {
        String name = switch (kind) {
            case "virtualThreads" -> "virtual threads";
            case "queues" -> "queues (their waits are reported without the queue)";
            default -> kind;
        };
        return n == 1 && !kind.equals("queues") ? name.substring(0, name.length() - 1) : name;
    }
}
