package dev.threadleak.agent.memory;

import dev.threadleak.report.Stats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bound on the agent's records ({@code max-records}), kind by kind, and the count of what it
 * dropped: memory is bounded, and every record the bound keeps out is counted by kind, for the
 * reports' stats and notes and the MBean. Counting is a {@link LongAdder}: the hot path of a
 * thread start or a task submit writes no contended field.
 */
public final class RecordBound {

    /** What a record is of; {@link #key} is the name in a report's {@code stats.dropped}. */
    public enum Kind {
        THREADS, VIRTUAL_THREADS, EXECUTORS, TASKS, QUEUES;

        public String key() {
            return Stats.DROPPED_KINDS[ordinal()];
        }
    }

    private final int max;
    private final LongAdder[] dropped = new LongAdder[Kind.values().length];

    public RecordBound(int max) {
        this.max = max;
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
    }

    /** True if one more record of {@code kind} fits beside {@code tracked} ones; if not, counts it as dropped. */
    public boolean admits(Kind kind, int tracked) {
        if (tracked < max) {
            return true;
        }
        dropped[kind.ordinal()].increment();
        return false;
    }

    public int max() {
        return max;
    }

    public long dropped(Kind kind) {
        return dropped[kind.ordinal()].sum();
    }

    public long droppedTotal() {
        long total = 0;
        for (LongAdder n : dropped) {
            total += n.sum();
        }
        return total;
    }

    /** The kinds with drops, by their report names. */
    public Map<String, Long> droppedByKind() {
        Map<String, Long> result = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            long n = dropped(kind);
            if (n > 0) {
                result.put(kind.key(), n);
            }
        }
        return result;
    }

    /** The note a report carries once anything was dropped, null before. */
    public String note() {
        long total = droppedTotal();
        if (total == 0) {
            return null;
        }
        Stats stats = new Stats(0, 0, 0, total, droppedByKind());
        return "max-records=" + max + " was reached: " + stats.droppedByKind() + " were not tracked and are missing"
                + " from this report; raise max-records to track them";
    }
}
