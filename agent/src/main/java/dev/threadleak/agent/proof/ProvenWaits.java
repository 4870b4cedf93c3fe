package dev.threadleak.agent.proof;

import dev.threadleak.agent.PerClassInstance;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.heapproof.HeapFinding;
import dev.threadleak.heapproof.HeapProof;
import dev.threadleak.heapproof.HeapRemark;
import dev.threadleak.heapproof.Makers;
import dev.threadleak.heapproof.ProofInput;
import dev.threadleak.protocol.AgentBookkeeping;
import dev.threadleak.report.ThreadRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The heap proof ({@link HeapProof}) run in the agent's own JVM, on the waits the agent recorded
 * and the ones the JVM knows ({@link WaitingThreads}): every untimed wait is a candidate, every
 * timed one is watched, the agent's own records are bookkeeping ({@link AgentBookkeeping}), and the
 * monitors of {@code Object.wait}s go into the {@link WaitTable} for the length of the dump. After
 * the dump, a thread whose wait changed meanwhile (it was woken, or woke and parked again) loses
 * its finding, and so does every finding that relied on it, since the dump may have caught it
 * between the signal and its waking up.
 */
public final class ProvenWaits {

    static final ProofInput.StaticField TABLE = new ProofInput.StaticField(AgentBookkeeping.WAIT_TABLE_CLASS,
            AgentBookkeeping.WAIT_TABLE_FIELD);
    static final ProofInput.StaticField SUBJECTS = new ProofInput.StaticField(AgentBookkeeping.WAIT_TABLE_CLASS,
            AgentBookkeeping.SUBJECT_TABLE_FIELD);
    private static final ProvenWaits NONE = new ProvenWaits(Map.of(), Map.of(), Map.of(), List.of(), Map.of(),
            Map.of(), Map.of());

    private final Map<Long, HeapFinding> findings;
    private final Map<Long, HeapRemark> remarks;
    private final Map<Long, ThreadRef> names;
    private final List<String> notes;
    private final Map<Integer, String> heldBy;
    private final Map<Integer, String> keptThrough;
    private final Map<Integer, List<String>> keptVia;

    private ProvenWaits(Map<Long, HeapFinding> findings, Map<Long, HeapRemark> remarks, Map<Long, ThreadRef> names,
                        List<String> notes, Map<Integer, String> heldBy, Map<Integer, String> keptThrough,
                        Map<Integer, List<String>> keptVia) {
        this.findings = findings;
        this.remarks = remarks;
        this.names = names;
        this.notes = notes;
        this.heldBy = heldBy;
        this.keptThrough = keptThrough;
        this.keptVia = keptVia;
    }

    public static ProvenWaits none() {
        return NONE;
    }

    /** Proves the waits of {@code registry}'s live threads. Never throws. */
    public static ProvenWaits prove(ThreadRegistry registry) {
        return prove(registry, new Object[0], true);
    }

    /**
     * Finds which of {@code subjects} (threads, executors, tasks; null elements are skipped) a static
     * field holds as a singleton ({@link #heldBy}), and, with {@code waits}, proves the waits too,
     * from one dump. Never throws. The caller's thread must not be the one whose frames hold the
     * subjects: its stack is a root of the proof.
     */
    public static ProvenWaits prove(ThreadRegistry registry, Object[] subjects, boolean waits) {
        return prove(registry, subjects, Makers.NONE, waits);
    }

    /**
     * The same, the holder named of two static fields that hold or keep a subject chosen by who
     * made the subjects ({@link ProofInput#makers()}).
     */
    public static ProvenWaits prove(ThreadRegistry registry, Object[] subjects, Makers makers, boolean waits) {
        return prove(registry, subjects, makers, null, waits);
    }

    /** The same, with {@code holder} counted as a holder too (null: none; {@link PerClassInstance}). */
    public static ProvenWaits prove(ThreadRegistry registry, Object[] subjects, Makers makers, Object holder,
                                    boolean waits) {
        return prove(registry, subjects, makers, holder, waits, id -> true, null);
    }

    /**
     * The same, for a scope: its note names apart the threads {@code ours} does not hold, after
     * {@code notOurs} ({@code "not this test's"}).
     */
    public static ProvenWaits prove(ThreadRegistry registry, Object[] subjects, Makers makers, Object holder,
                                    boolean waits, LongPredicate ours, String notOurs) {
        try {
            WaitingThreads waiting = waits ? WaitingThreads.of(registry) : WaitingThreads.none();
            if (waiting.isEmpty() && subjects.length == 0) {
                return new ProvenWaits(Map.of(), Map.of(), waiting.names(),
                        List.of(HeapProof.NOTHING_TO_PROVE), Map.of(), Map.of(), Map.of());
            }
            // timed waits are only watched: with no untimed one there is nothing to prove
            ProofInput input = ProofInput.of(waiting.isEmpty() ? List.of() : waiting.waits(),
                    Set.of(Thread.currentThread().getId()),
                    AgentBookkeeping.CLASS_PREFIXES, TABLE, SUBJECTS, makers);
            HeapProof.Result result = WaitTable.during(waiting.table(), subjects,
                    () -> PerClassInstance.during(holder, () -> HeapProof.proveParkedThreads(input)));
            Map<Long, ThreadRef> names = withDumpedNames(waiting.names(), result.threadNames());
            // the per-class instance is the test class's holder, not a singleton's: out of the note
            HeapProof.Kept kept = result.withoutHolder(PerClassInstance.FIELD).keepUnchanged(
                    id -> waiting.unchanged(id, registry),
                    id -> names.containsKey(id) ? names.get(id).toString() : "#" + id, ours, notOurs);
            List<String> notes = new ArrayList<>();
            if (waits && waiting.isEmpty()) {
                notes.add(HeapProof.NO_WAIT_TO_PROVE); // the dump ran, for the subjects' holders
            }
            notes.addAll(kept.notes());
            return new ProvenWaits(kept.findings(), kept.remarks(), names, notes, result.heldBy(),
                    result.keptThrough(), result.keptVia());
        } catch (Throwable e) {
            return failed(e);
        }
    }

    /**
     * The tracked threads' names, as they were when the proof began, and the dump's names of the
     * others the proof names: a thread the agent does not track ({@code main}, one started before
     * it) read {@code "?" #1}.
     */
    private static Map<Long, ThreadRef> withDumpedNames(Map<Long, ThreadRef> tracked, Map<Long, String> dumped) {
        Map<Long, ThreadRef> names = new HashMap<>(tracked);
        dumped.forEach((id, name) -> names.putIfAbsent(id, new ThreadRef(id, name)));
        return names;
    }

    /** No verdicts, and a note saying why: the proof could not run. */
    public static ProvenWaits failed(Throwable e) {
        return new ProvenWaits(Map.of(), Map.of(), Map.of(), List.of(HeapProof.failureNote(String.valueOf(e))),
                Map.of(), Map.of(), Map.of());
    }

    /**
     * This proof as if it had been asked about its subjects at {@code positions} alone, in that
     * order (-1: one it was not asked about): a proof several checks share answers each about its own.
     */
    public ProvenWaits forSubjects(int[] positions) {
        Map<Integer, String> held = new HashMap<>();
        Map<Integer, String> kept = new HashMap<>();
        Map<Integer, List<String>> via = new HashMap<>();
        for (int i = 0; i < positions.length; i++) {
            int p = positions[i];
            putIfThere(held, i, heldBy.get(p));
            putIfThere(kept, i, keptThrough.get(p));
            putIfThere(via, i, keptVia.get(p));
        }
        return new ProvenWaits(findings, remarks, names, notes, held, kept, via);
    }

    private static <T> void putIfThere(Map<Integer, T> map, int position, T value) {
        if (value != null) {
            map.put(position, value);
        }
    }

    /**
     * The static field that holds the {@code position}th subject as a singleton (through fields
     * alone), as {@code com.acme.Registry.INSTANCE}; null when none does, or none was asked.
     */
    public String heldBy(int position) {
        return heldBy.get(position);
    }

    /**
     * For a subject no static field holds as a singleton: the program's static field that keeps it
     * through a collection, array or map, or null.
     */
    public String keptThrough(int position) {
        return keptThrough.get(position);
    }

    /**
     * For a subject {@link #keptThrough} names a field for: the program's classes on the chain from
     * that field to it, nearest the field first; null when it names none.
     */
    public List<String> keptVia(int position) {
        return keptVia.get(position);
    }

    /** The proven verdict of thread {@code id}, or null. */
    public HeapFinding finding(long id) {
        return findings.get(id);
    }

    /** What the proof found of thread {@code id} without a verdict (only an interrupt ends its wait, ...), or null. */
    public HeapRemark remark(long id) {
        return remarks.get(id);
    }

    /** {@code blockedOn.why} of a proven thread; {@code channel} as the report names it (may be null). */
    public String why(HeapFinding finding, String channel) {
        return finding.why(id -> name(id).toString(), channel);
    }

    /** A thread the proof names, as it was when the proof began. */
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
