package dev.threadleak.heapproof;

import dev.threadleak.report.Verdict;
import java.util.List;
import java.util.function.LongFunction;

/**
 * What the heap proof established about one parked thread: {@link Verdict#BLOCKED_FOREVER} (no
 * running thread, static field or eventually runnable thread can reach what it parks on) or
 * {@link Verdict#DEADLOCKED} (a member of a cycle of such threads, each holding what another
 * parks on). {@code channelClass} is the class of the park blocker as found in the dump;
 * {@code holders} are the other parked threads that still reach it (null when the proof ran
 * out of its budget before attributing holders); {@code cycle} lists every member of the
 * deadlock, this thread included, ordered by id.
 */
public record HeapFinding(long threadId, Verdict verdict, String channelClass, boolean ownStackHolds,
                          List<Long> holders, List<Long> cycle) {

    public HeapFinding {
        holders = holders == null ? null : List.copyOf(holders);
        cycle = cycle == null ? List.of() : List.copyOf(cycle);
    }

    /**
     * The reason, for {@code blockedOn.why}: {@code channel} names what the thread waits on (the
     * caller may know it better than the dump, e.g. the queue rather than its condition; null:
     * the blocker's class); {@code nameOf} names a thread by id.
     */
    public String why(LongFunction<String> nameOf, String channel) {
        String what = channel != null ? channel : "its " + shortName(channelClass);
        if (verdict == Verdict.DEADLOCKED) {
            StringBuilder s = new StringBuilder("wait-for cycle, proven from the heap: ").append(what)
                    .append(" is held only by ").append(ownStackHolds ? "this thread's own stack and " : "")
                    .append(names(holders, nameOf))
                    .append(", and no running thread can reach a channel of the cycle (");
            for (int i = 0; i < cycle.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(nameOf.apply(cycle.get(i)));
            }
            return s.append(')').toString();
        }
        StringBuilder s = new StringBuilder("unreachable from every running thread and static field, proven from the heap: ");
        if (holders == null) {
            return s.append("only parked threads hold ").append(what).toString();
        }
        s.append("only ");
        if (holders.isEmpty()) {
            s.append(ownStackHolds ? "this thread's own stack holds " : "parked threads' bookkeeping holds ");
        } else {
            s.append(ownStackHolds ? "this thread's own stack and " : "").append(names(holders, nameOf))
                    .append(holders.size() == 1 ? ", itself blocked forever, " : ", themselves blocked forever, ")
                    .append(ownStackHolds || holders.size() > 1 ? "hold " : "holds ");
        }
        return s.append(what).toString();
    }

    private static String names(List<Long> ids, LongFunction<String> nameOf) {
        StringBuilder s = new StringBuilder();
        int shown = Math.min(ids.size(), 5);
        for (int i = 0; i < shown; i++) {
            s.append(i == 0 ? "" : i == ids.size() - 1 ? " and " : ", ").append(nameOf.apply(ids.get(i)));
        }
        if (ids.size() > shown) {
            s.append(" and ").append(ids.size() - shown).append(" more");
        }
        return s.toString();
    }

    private static String shortName(String className) {
        if (className == null) {
            return "park blocker";
        }
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
