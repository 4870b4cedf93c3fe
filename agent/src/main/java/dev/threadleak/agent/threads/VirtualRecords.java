package dev.threadleak.agent.threads;

import dev.threadleak.agent.bootstrap.RecordSlot;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the registry keeps a virtual thread's record, chosen at install: in the registry's shared
 * map, as for platform threads ({@link #inSharedMap()}), or on the thread itself, in the slot the
 * agent wove into its continuation ({@link #onContinuations}), which a start and an end pay for
 * with one field write each instead of a map insert and removal. A thread whose continuation has
 * no slot (the class loaded before the agent, or a JDK whose class did not match) stays in the map
 * either way.
 */
public interface VirtualRecords {

    /** The slot of {@code thread} (a virtual thread), given its continuation when the caller has it; null: use the map. */
    RecordSlot slotOf(Thread thread, Object continuation);

    /** The live virtual threads: where reports find the records in slots. */
    List<Thread> liveThreads();

    /** The getter of a virtual thread's continuation, made as the continuation class loaded ({@code Hooks.virtualThreadAccess}). */
    void access(MethodHandle continuation);

    /** Where the records are kept, in a few words (for tests and diagnostics). */
    String kept();

    /** Every virtual thread's record in the registry's map. */
    static VirtualRecords inSharedMap() {
        return InSharedMap.INSTANCE;
    }

    /**
     * Records on the threads' continuations, found through {@code liveVirtualThreads} (the JDK's
     * thread containers) when a report lists them.
     */
    static VirtualRecords onContinuations(Supplier<List<Thread>> liveVirtualThreads) {
        return new OnContinuations(liveVirtualThreads);
    }
}
