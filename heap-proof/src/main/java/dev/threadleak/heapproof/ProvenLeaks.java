package dev.threadleak.heapproof;

import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Writes the heap proof's findings into leaks: the verdict ({@code BLOCKED_FOREVER} or
 * {@code DEADLOCKED}), {@code blockedOn.why}, the reason and the cycle. Shared by the agent's own
 * reports ({@code JvmReports}) and by a report read from another JVM ({@code threadleak dump
 * --prove}, which has only the report: {@link #upgrade}).
 */
public final class ProvenLeaks {

    /** The reason of a thread proven (from the heap or from the recorded facts) to wait forever. */
    public static final String FOREVER_REASON = "waiting for something that can never happen";
    /**
     * The reason of a member of a proven wait-for cycle. What it says is what the heap shows: who
     * can reach each wait, not that they would have served each other (logback's trial: two
     * workers of one context, each parked on its own queue, reach each other's through the
     * context; "only the others could do" read as a claim about their code).
     */
    public static final String DEADLOCK_REASON =
            "deadlocked: only the other members of the cycle can reach what each waits for, and none of them can ever run";

    private ProvenLeaks() {
    }

    /**
     * {@code known} (what the report says the thread waits on; null: unknown, then the dump's
     * class of the blocker) with the proof in {@code why}; {@code nameOf} names threads by id.
     */
    public static BlockedOn blockedOn(BlockedOn known, HeapFinding finding, LongFunction<String> nameOf) {
        BlockedOn on = known == null ? BlockedOn.of(null, finding.channelClass()) : known;
        return on.because(finding.why(nameOf, known == null ? null : known.object()));
    }

    /** {@code known} with the remark in {@code why}; the verdict is the caller's and stays. */
    public static BlockedOn blockedOn(BlockedOn known, HeapRemark remark, LongFunction<String> nameOf) {
        BlockedOn on = known == null ? BlockedOn.of(null, remark.channelClass()) : known;
        return on.because(remark.why(nameOf, known == null ? null : known.object()));
    }

    public static String reason(HeapFinding finding) {
        return finding.verdict() == Verdict.DEADLOCKED ? DEADLOCK_REASON : FOREVER_REASON;
    }

    /**
     * The leaks with {@code findings} (by thread id) applied. Only a thread leak that stands for
     * one thread is upgraded: a grouped one names a few of its members, so the proof of those
     * would say nothing of the others. A leak the recorded facts already proved is left as it is;
     * one the JVM itself found deadlocked (a live report's) takes only the proof's own cycle.
     */
    public static List<Leak> upgrade(List<Leak> leaks, Map<Long, HeapFinding> findings) {
        return upgrade(leaks, findings, Map.of());
    }

    /**
     * The same, and {@code remarks} (by thread id) written into {@code blockedOn.why} of the one-thread
     * leaks they concern, verdicts unchanged: a leak proven from runtime facts keeps its proof.
     */
    public static List<Leak> upgrade(List<Leak> leaks, Map<Long, HeapFinding> findings, Map<Long, HeapRemark> remarks) {
        return upgrade(leaks, findings, remarks, Map.of());
    }

    /**
     * The same, a thread the leaks do not name (an idle worker, {@code main}) named as in
     * {@code dumpedNames} ({@link HeapProof.Result#threadNames()}), by id.
     */
    public static List<Leak> upgrade(List<Leak> leaks, Map<Long, HeapFinding> findings, Map<Long, HeapRemark> remarks,
                                     Map<Long, String> dumpedNames) {
        Map<Long, ThreadRef> refs = new HashMap<>();
        dumpedNames.forEach((id, name) -> refs.put(id, new ThreadRef(id, name)));
        for (Leak leak : leaks) {
            if (leak.thread() != null) {
                refs.put(leak.thread().id(), leak.thread().ref()); // the report's name, as it was before the dump
            }
            if (leak.members() != null) {
                leak.members().forEach(m -> refs.putIfAbsent(m.id(), m));
            }
        }
        LongFunction<String> nameOf = id -> refs.getOrDefault(id, new ThreadRef(id, "?")).toString();
        List<Leak> result = new ArrayList<>(leaks.size());
        for (Leak leak : leaks) {
            boolean open = isOneThread(leak) && leak.verdict() != Verdict.BLOCKED_FOREVER;
            HeapFinding f = open ? findings.get(leak.thread().id()) : null;
            if (leak.verdict() == Verdict.DEADLOCKED) {
                // the JVM's word is a fact: the proof, which takes whoever can reach a lock for one who
                // may release it, can miss a cycle the JVM sees, but it cannot end one
                open = false;
                f = f != null && f.verdict() == Verdict.DEADLOCKED ? f : null;
            }
            HeapRemark remark = open && f == null ? remarks.get(leak.thread().id()) : null;
            if (remark != null) {
                result.add(leak.withBlockedOn(blockedOn(leak.blockedOn(), remark, nameOf)));
                continue;
            }
            if (f == null) {
                result.add(leak);
                continue;
            }
            List<ThreadRef> cycle = new ArrayList<>();
            for (long id : f.cycle()) {
                cycle.add(refs.getOrDefault(id, new ThreadRef(id, null)));
            }
            result.add(leak.withVerdict(f.verdict(), blockedOn(leak.blockedOn(), f, nameOf), reason(f), cycle));
        }
        return result;
    }

    /** A leak of one platform or virtual thread, not a group. */
    public static boolean isOneThread(Leak leak) {
        return (leak.kind() == LeakKind.THREAD || leak.kind() == LeakKind.VIRTUAL_THREAD) && leak.thread() != null
                && leak.count() == 1;
    }
}
