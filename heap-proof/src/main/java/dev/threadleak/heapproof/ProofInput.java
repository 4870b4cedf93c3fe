package dev.threadleak.heapproof;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the caller asks the heap proof, and what of the heap is its own.
 *
 * @param waits       the threads to look at, by id, with what each waits for: the untimed ones are
 *                    the candidates the proof may call endless, the timed ones are only watched
 *                    (see {@link ThreadWait.Shape#TIMED}). Any other thread is treated as running,
 *                    which can only make the proof prove less.
 * @param ownThreads  ids of the caller's threads whose stacks are not roots (the thread running the
 *                    proof holds the candidates to name them)
 * @param bookkeeping class-name prefixes of the caller's own objects, which hold channels without
 *                    ever waking anyone (a tracker that remembers every wait): never holders
 * @param waitTable   where the caller left, for the dump, the objects its threads wait on that the
 *                    dump cannot tell (the monitor of an {@code Object.wait}): a static field holding
 *                    an {@code Object[]} of pairs, a {@code Thread} then the object it waits on. The
 *                    proof reads it and never counts it as a root or a holder. Null: none.
 * @param subjects    where the caller left, for the dump, the objects it asks the static holder
 *                    of ({@link HeapProof.Result#heldBy()}): a static field of one of its bookkeeping classes
 *                    holding an {@code Object[]}. Null: none.
 * @param makers      who made the subjects (their classes, from their creation stacks): which of
 *                    two static fields that hold or keep a subject is named. {@link Makers#NONE}:
 *                    the dump's order decides.
 */
public record ProofInput(Map<Long, ThreadWait> waits, Set<Long> ownThreads, List<String> bookkeeping,
                         StaticField waitTable, StaticField subjects, Makers makers) {

    /** A static field, by the dotted name of its class and its own name. */
    public record StaticField(String className, String field) {
    }

    public ProofInput {
        waits = Map.copyOf(waits);
        ownThreads = Set.copyOf(ownThreads);
        bookkeeping = List.copyOf(bookkeeping);
        makers = makers == null ? Makers.NONE : makers;
    }

    /** Without the subjects' makers: the dump's order names their holders. */
    public ProofInput(Map<Long, ThreadWait> waits, Set<Long> ownThreads, List<String> bookkeeping,
                      StaticField waitTable, StaticField subjects) {
        this(waits, ownThreads, bookkeeping, waitTable, subjects, Makers.NONE);
    }

    /** Without subjects: the proof of waits alone. */
    public ProofInput(Map<Long, ThreadWait> waits, Set<Long> ownThreads, List<String> bookkeeping,
                      StaticField waitTable) {
        this(waits, ownThreads, bookkeeping, waitTable, null);
    }

    /** Candidates that are parked, untimed and interruptible, on their park blocker: the proof's first form. */
    public ProofInput(Set<Long> candidates, Set<Long> ownThreads, List<String> bookkeeping) {
        this(candidates.stream().collect(Collectors.toMap(id -> id, ThreadWait::parked)), ownThreads, bookkeeping,
                null, null);
    }

    public static ProofInput of(Collection<ThreadWait> waits, Set<Long> ownThreads, List<String> bookkeeping,
                                StaticField waitTable) {
        return of(waits, ownThreads, bookkeeping, waitTable, null);
    }

    public static ProofInput of(Collection<ThreadWait> waits, Set<Long> ownThreads, List<String> bookkeeping,
                                StaticField waitTable, StaticField subjects) {
        return of(waits, ownThreads, bookkeeping, waitTable, subjects, Makers.NONE);
    }

    public static ProofInput of(Collection<ThreadWait> waits, Set<Long> ownThreads, List<String> bookkeeping,
                                StaticField waitTable, StaticField subjects, Makers makers) {
        Map<Long, ThreadWait> byId = new LinkedHashMap<>();
        for (ThreadWait w : waits) {
            byId.put(w.threadId(), w);
        }
        return new ProofInput(byId, ownThreads, bookkeeping, waitTable, subjects, makers);
    }

    /** The ids of the threads whose waits may be proven endless: the untimed ones. */
    public Set<Long> candidates() {
        return waits.values().stream().filter(ThreadWait::untimed).map(ThreadWait::threadId)
                .collect(Collectors.toUnmodifiableSet());
    }
}
