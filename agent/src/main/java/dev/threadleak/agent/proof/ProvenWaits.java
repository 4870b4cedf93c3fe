package dev.threadleak.agent.proof;

import dev.threadleak.agent.bootstrap.WaitListener;
import dev.threadleak.agent.threads.CurrentWait;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.heapproof.HeapFinding;
import dev.threadleak.heapproof.HeapProof;
import dev.threadleak.heapproof.ProofInput;
import dev.threadleak.protocol.AgentBookkeeping;
import dev.threadleak.report.ThreadRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The heap proof ({@link HeapProof}) run in the agent's own JVM, on the waits the agent recorded:
 * the threads parked untimed on a channel operation are the candidates, the agent's own records
 * are bookkeeping ({@link AgentBookkeeping}); after the dump, a thread whose wait changed
 * meanwhile (it was woken, or woke and parked again) loses its finding, since the dump may have
 * caught it between the signal and its waking up.
 */
public final class ProvenWaits {

    /** Wait kinds that are channel operations; a join or an unknown park is treated as running. */
    private static final Set<Integer> CHANNEL_WAITS = Set.of(WaitListener.CONDITION, WaitListener.FUTURE_TASK,
            WaitListener.COMPLETABLE_FUTURE, WaitListener.FORK_JOIN_TASK, WaitListener.TRANSFER, WaitListener.EXCHANGER);

    private static final ProvenWaits NONE = new ProvenWaits(Map.of(), Map.of(), List.of());

    private final Map<Long, HeapFinding> findings;
    private final Map<Long, ThreadRef> names;
    private final List<String> notes;

    private ProvenWaits(Map<Long, HeapFinding> findings, Map<Long, ThreadRef> names, List<String> notes) {
        this.findings = findings;
        this.names = names;
        this.notes = notes;
    }

    public static ProvenWaits none() {
        return NONE;
    }

    /** Proves the recorded waits of {@code registry}'s live threads. Never throws. */
    public static ProvenWaits prove(ThreadRegistry registry) {
        try {
            Map<Thread, CurrentWait> before = parkedOnChannels(registry);
            List<Long> ids = new ArrayList<>();
            Map<Long, ThreadRef> names = new HashMap<>();
            for (Thread t : before.keySet()) {
                ids.add(t.getId());
                names.put(t.getId(), new ThreadRef(t.getId(), t.getName()));
            }
            if (ids.isEmpty()) {
                return new ProvenWaits(Map.of(), names, List.of("heap proof not needed: no thread is parked on a channel"));
            }
            HeapProof.Result result = HeapProof.proveParkedThreads(new ProofInput(Set.copyOf(ids),
                    Set.of(Thread.currentThread().getId()), AgentBookkeeping.CLASS_PREFIXES));
            HeapProof.Kept kept = result.keepUnchanged(f -> {
                Thread t = threadOf(before, f.threadId());
                ThreadRecord r = t == null ? null : registry.recordOf(t);
                return r != null && r.currentWait() == before.get(t) && t.getState() == Thread.State.WAITING;
            });
            return new ProvenWaits(kept.findings(), names, kept.notes());
        } catch (Throwable e) {
            return failed(e);
        }
    }

    /** No verdicts, and a note saying why: the proof could not run. */
    public static ProvenWaits failed(Throwable e) {
        return new ProvenWaits(Map.of(), Map.of(), List.of(HeapProof.failureNote(String.valueOf(e))));
    }

    /** The live threads parked, untimed, on a channel operation, with the wait the agent recorded. */
    static Map<Thread, CurrentWait> parkedOnChannels(ThreadRegistry registry) {
        Map<Thread, CurrentWait> parked = new IdentityHashMap<>();
        Thread self = Thread.currentThread();
        for (Map.Entry<Thread, ThreadRecord> e : registry.liveThreads()) {
            Thread t = e.getKey();
            CurrentWait w = e.getValue().currentWait();
            if (t != self && w != null && w.timeoutNanos() == CurrentWait.UNTIMED && CHANNEL_WAITS.contains(w.kind())
                    && t.getState() == Thread.State.WAITING) {
                parked.put(t, w);
            }
        }
        return parked;
    }

    private static Thread threadOf(Map<Thread, CurrentWait> threads, long id) {
        for (Thread t : threads.keySet()) {
            if (t.getId() == id) {
                return t;
            }
        }
        return null;
    }

    /** The proven verdict of thread {@code id}, or null. */
    public HeapFinding finding(long id) {
        return findings.get(id);
    }

    /** {@code blockedOn.why} of a proven thread; {@code channel} as the report names it (may be null). */
    public String why(HeapFinding finding, String channel) {
        return finding.why(id -> name(id).toString(), channel);
    }

    /** A thread the proof names (a candidate), as it was when the proof began. */
    public ThreadRef name(long id) {
        return names.getOrDefault(id, new ThreadRef(id, "?"));
    }

    /** The cycle of a deadlocked thread, as thread references. */
    public List<ThreadRef> cycle(HeapFinding finding) {
        List<ThreadRef> refs = new ArrayList<>();
        for (long id : finding.cycle()) {
            refs.add(names.getOrDefault(id, new ThreadRef(id, null)));
        }
        return refs;
    }

    /** What the proof cost and settled, for the report's notes. */
    public List<String> notes() {
        return notes;
    }
}
