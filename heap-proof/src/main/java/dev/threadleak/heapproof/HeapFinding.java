package dev.threadleak.heapproof;

import dev.threadleak.report.Verdict;
import java.util.List;
import java.util.function.LongFunction;

/**
 * What the heap proof established about one waiting thread: {@link Verdict#BLOCKED_FOREVER} (no
 * running thread, static field or eventually runnable thread can reach what it waits on, or the
 * thread that would have to act is itself blocked forever) or {@link Verdict#DEADLOCKED} (a member
 * of a cycle of such threads, each holding what another waits on). {@code channelClass} is the
 * class of what it waits on as found in the dump (null for a monitor entry or a join, which wait
 * on a thread); {@code holders} are the other left-over threads that still reach it, or the
 * monitor's owner, or the joined thread (null when the proof ran out of its budget before
 * attributing holders); {@code cycle} lists every member of the deadlock, this thread included,
 * ordered by id; {@code shape} is the wait as the caller described it, and {@code onThread} the
 * thread it waits for: as the caller described it (a monitor's owner, a joined thread), or, for a
 * park on a JDK lock that what runs can reach, the lock's owner, whose never releasing it the
 * proof relied on (else -1);
 * {@code interrupters} are the left-over threads that hold this one's {@code Thread} and could
 * interrupt it if they ever ran (not holders: an interrupt does not serve the wait; but the
 * proof relied on their never running).
 */
public record HeapFinding(long threadId, Verdict verdict, String channelClass, boolean ownStackHolds,
                          List<Long> holders, List<Long> cycle, ThreadWait.Shape shape, long onThread,
                          List<Long> interrupters) {

    public HeapFinding {
        holders = holders == null ? null : List.copyOf(holders);
        cycle = cycle == null ? List.of() : List.copyOf(cycle);
        shape = shape == null ? ThreadWait.Shape.PARKED : shape;
        interrupters = interrupters == null ? List.of() : List.copyOf(interrupters);
    }

    /** A finding on a thread parked on its blocker: the proof's first form. */
    public HeapFinding(long threadId, Verdict verdict, String channelClass, boolean ownStackHolds, List<Long> holders,
                       List<Long> cycle) {
        this(threadId, verdict, channelClass, ownStackHolds, holders, cycle, ThreadWait.Shape.PARKED, -1, List.of());
    }

    /** A finding without interrupters. */
    public HeapFinding(long threadId, Verdict verdict, String channelClass, boolean ownStackHolds, List<Long> holders,
                       List<Long> cycle, ThreadWait.Shape shape, long onThread) {
        this(threadId, verdict, channelClass, ownStackHolds, holders, cycle, shape, onThread, List.of());
    }

    /**
     * The reason, for {@code blockedOn.why}: {@code channel} names what the thread waits on (the
     * caller may know it better than the dump, e.g. the queue rather than its condition; null:
     * the blocker's class); {@code nameOf} names a thread by id.
     */
    public String why(LongFunction<String> nameOf, String channel) {
        String what = channel != null ? channel : "its " + shortName(channelClass);
        if (verdict == Verdict.DEADLOCKED) {
            StringBuilder s = new StringBuilder("wait-for cycle, proven from the heap: ");
            if (shape == ThreadWait.Shape.JOIN) {
                s.append("it joins ").append(nameOf.apply(onThread));
            } else if (waitsForOwner()) {
                s.append(owned(channel, what)).append(" is owned by ").append(nameOf.apply(onThread));
            } else {
                s.append(what).append(" is held only by ")
                        .append(ownStackHolds ? "this thread's own stack and " : "").append(names(holders, nameOf));
            }
            s.append(", and nothing that runs can reach what any member of the cycle waits for (");
            for (int i = 0; i < cycle.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(nameOf.apply(cycle.get(i)));
            }
            return s.append(')').toString();
        }
        if (shape == ThreadWait.Shape.JOIN) {
            return "proven from the heap: it joins " + nameOf.apply(onThread) + ", which is itself blocked forever";
        }
        if (waitsForOwner()) {
            return "proven from the heap: " + owned(channel, what) + " is owned by " + nameOf.apply(onThread)
                    + ", which is itself blocked forever and can never " + (shape == ThreadWait.Shape.MONITOR_ENTER
                    ? "leave it" : "release it");
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

    /** Whether the thread waits for an owner to let go: of a monitor it enters, or of a lock it parks to take. */
    private boolean waitsForOwner() {
        return shape == ThreadWait.Shape.MONITOR_ENTER || (shape != ThreadWait.Shape.JOIN && onThread >= 0);
    }

    /** What an owner holds: the monitor, as {@code channel} names it (the dump does not), or the lock, as {@code what} does. */
    private String owned(String channel, String what) {
        if (shape != ThreadWait.Shape.MONITOR_ENTER) {
            return what;
        }
        return channel != null ? channel : "the monitor";
    }

    static String names(List<Long> ids, LongFunction<String> nameOf) {
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

    static String shortName(String className) {
        if (className == null) {
            return "park blocker";
        }
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
