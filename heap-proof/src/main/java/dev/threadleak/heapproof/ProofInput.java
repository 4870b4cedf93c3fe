package dev.threadleak.heapproof;

import java.util.List;
import java.util.Set;

/**
 * What the caller asks the heap proof, and what of the heap is its own.
 *
 * @param candidates  ids of the threads to prove: threads parked, untimed, on a channel operation
 *                    (a queue's condition, a transfer, a future, an exchanger). Any other thread is
 *                    treated as running, which can only make the proof prove less.
 * @param ownThreads  ids of the caller's threads whose stacks are not roots (the thread running the
 *                    proof holds the candidates to name them)
 * @param bookkeeping class-name prefixes of the caller's own objects, which hold channels without
 *                    ever waking anyone (a tracker that remembers every wait): never holders
 */
public record ProofInput(Set<Long> candidates, Set<Long> ownThreads, List<String> bookkeeping) {

    public ProofInput {
        candidates = Set.copyOf(candidates);
        ownThreads = Set.copyOf(ownThreads);
        bookkeeping = List.copyOf(bookkeeping);
    }
}
