package dev.threadleak.heapproof;

import java.util.List;
import java.util.Set;

/**
 * Which references of the heap the proof follows, decided while the dump is read so that the
 * graph keeps only those (see {@link WakeProof} for why each rule holds): none out of the caller's
 * bookkeeping; none into a thread's private part through its {@code Thread} (those are kept
 * aside, in {@link ThreadObjects}, for the thread's own frames); none along a thread group's
 * array of its threads. And where the caller's wait table is, whose elements are kept in order.
 *
 * @param bookkeeping  class-name prefixes of the caller's own objects
 * @param waitTable    the static field holding the caller's wait table, or null
 * @param subjectTable the static field holding the caller's subject table, or null
 */
record GraphRules(List<String> bookkeeping, ProofInput.StaticField waitTable, ProofInput.StaticField subjectTable) {

    /**
     * Fields a holder of a {@code Thread} cannot get at, only the thread itself: what it runs, its
     * continuation (a virtual thread's stack chunks hang there), its locals and its blocker.
     */
    static final Set<String> PRIVATE_TO_THE_THREAD = Set.of("java.lang.Thread.target",
            "java.lang.Thread$FieldHolder.task", "java.lang.Thread.threadLocals",
            "java.lang.Thread.inheritableThreadLocals", "java.lang.Thread.parkBlocker",
            "java.lang.Thread.scopedValueBindings", "java.lang.Thread.headStackableScopes", "java.lang.Thread.cont",
            "java.lang.VirtualThread.cont", "java.lang.VirtualThread.runContinuation");
    /** Of those, what does not make a waiting thread a holder of what it points to. */
    static final Set<String> NOT_HOLDING = Set.of("java.lang.Thread.parkBlocker", "java.lang.Thread.threadLocals",
            "java.lang.Thread.inheritableThreadLocals");
    /** A thread group's array of its threads (JDK 17): enumeration, not a holder. */
    static final Set<String> ENUMERATIONS = Set.of("java.lang.ThreadGroup.threads");

    GraphRules {
        bookkeeping = List.copyOf(bookkeeping);
    }

    GraphRules(List<String> bookkeeping, ProofInput.StaticField waitTable) {
        this(bookkeeping, waitTable, null);
    }

    /** No bookkeeping, no tables: the rules for reading a dump on its own. */
    static GraphRules none() {
        return new GraphRules(List.of(), null, null);
    }

    boolean isBookkeeping(String className) {
        for (String prefix : bookkeeping) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the reference field {@code ownerDotField} of an instance is an edge of the graph. */
    static boolean follows(String ownerDotField) {
        return !PRIVATE_TO_THE_THREAD.contains(ownerDotField) && !ENUMERATIONS.contains(ownerDotField);
    }
}
