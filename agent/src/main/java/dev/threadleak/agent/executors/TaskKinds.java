package dev.threadleak.agent.executors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many tasks of each kind (the class of the code submitted) were submitted since a scope was
 * last made: what bounds a scope's cost per task. A test that hands a pool millions of events paid
 * a stack and a record for each (Commons JCS: an event test 12 times slower, and one that expects
 * its events handled 100 ms after the last was sent failed). The first {@value #STACKS} of a kind
 * keep their stack; the first {@value #RECORDS} get a record; the rest are counted
 * ({@link #leftOutNote}). The count of a kind starts again with each scope; one that races a new
 * scope may count a few too few: a record more, never one less.
 */
final class TaskKinds {

    static final int STACKS = 64;
    static final int RECORDS = 10_000;
    /** The place of a task left without a record. */
    static final int LEFT_OUT = -1;
    private static final int MAX_KINDS = 10_000;

    private final ConcurrentHashMap<String, Count> counts = new ConcurrentHashMap<>();

    /**
     * The place of the task submitted now among those of its kind since scope {@code scope} began,
     * 1 for the first; 0 where no count is kept (past {@value #MAX_KINDS} kinds). Past
     * {@value #RECORDS}, {@link #LEFT_OUT} when {@code mayLeaveOut}, and counted so.
     */
    int next(String kind, int scope, boolean mayLeaveOut) {
        Count count = counts.get(kind);
        if (count == null) {
            if (counts.size() >= MAX_KINDS) {
                return 0;
            }
            count = counts.computeIfAbsent(kind, k -> new Count());
        }
        return count.next(scope, mayLeaveOut);
    }

    /**
     * Whether the tasks of {@code kind} are past their records in scope {@code scope} already; if
     * so, one more is counted left out. Else nothing is counted: the caller counts it later.
     */
    boolean leftOutIfPast(String kind, int scope) {
        Count count = counts.get(kind);
        return count != null && count.past(scope) && count.next(scope, true) == LEFT_OUT;
    }

    /**
     * {@code 3999000 tasks submitted since the last scope began have no record, past the first
     * 10,000 of their kind: 3999000 of com.acme.Event; ...}, or null when none was left out.
     */
    String leftOutNote(int scope) {
        long total = 0;
        List<String> kinds = new ArrayList<>();
        for (Map.Entry<String, Count> e : counts.entrySet()) {
            long n = e.getValue().leftOut(scope);
            if (n > 0) {
                total += n;
                if (kinds.size() < 3) {
                    kinds.add(n + " of " + e.getKey());
                }
            }
        }
        if (total == 0) {
            return null;
        }
        return total + " tasks submitted since the last scope began have no record, past the first " + RECORDS
                + " of their kind (" + String.join(", ", kinds) + (kinds.size() < 3 ? "" : ", ...")
                + "): one of them left unfinished is missing from this report unless its pool is in it (counted"
                + " JVM-wide: tests run alongside count too); tasks=all records every task";
    }

    /** A kind's count: the scope it was last counted in, high half, and its place since, low half. */
    private static final class Count {
        private final AtomicLong scopeAndPlace = new AtomicLong();
        private final LongAdder leftOut = new LongAdder();
        private volatile int leftOutScope;

        int next(int scope, boolean mayLeaveOut) {
            long seen = scopeAndPlace.get();
            if ((int) (seen >>> 32) != scope) {
                scopeAndPlace.set((long) scope << 32 | 1);
                return 1;
            }
            int place = (int) seen <= RECORDS ? (int) scopeAndPlace.incrementAndGet() : (int) seen;
            if (place <= RECORDS || !mayLeaveOut) {
                return place;
            }
            if (leftOutScope != scope) {
                leftOut.reset();
                leftOutScope = scope;
            }
            leftOut.increment();
            return LEFT_OUT;
        }

        boolean past(int scope) {
            long seen = scopeAndPlace.get();
            return (int) (seen >>> 32) == scope && (int) seen > RECORDS;
        }

        long leftOut(int scope) {
            return leftOutScope == scope ? leftOut.sum() : 0;
        }
    }
}
