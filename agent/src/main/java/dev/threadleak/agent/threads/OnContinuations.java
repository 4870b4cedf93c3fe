package dev.threadleak.agent.threads;

import dev.threadleak.agent.bootstrap.RecordSlot;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.function.Supplier;

/**
 * Virtual threads' records in the slot {@code RecordSlotWeaver} adds to each one's continuation.
 * A start and an end are given the continuation by the woven code; any other question ("the
 * current thread's record", a report's "this thread's record") reads {@code VirtualThread.cont}
 * through a getter the bootstrap hook made from the lookup the continuation class handed over as
 * it loaded. The JDK's thread containers list the live threads for reports (the registry counts
 * the records in slots, for the record bound and to spare a report that walk when there are none).
 */
final class OnContinuations implements VirtualRecords {

    private final Supplier<List<Thread>> liveVirtualThreads;
    /** {@code (Thread) -> Object}: a virtual thread's continuation; null until handed over, or if it cannot be made. */
    private volatile MethodHandle continuation;

    OnContinuations(Supplier<List<Thread>> liveVirtualThreads) {
        this.liveVirtualThreads = liveVirtualThreads;
    }

    @Override
    public RecordSlot slotOf(Thread thread, Object continuation) {
        MethodHandle getter = this.continuation;
        if (getter == null) {
            return null; // no lookup handed over, or no getter made of it: slots unused, the map holds all
        }
        Object cont = continuation;
        if (cont == null) {
            try {
                cont = (Object) getter.invokeExact(thread);
            } catch (Throwable e) {
                return null;
            }
        }
        return cont instanceof RecordSlot slot ? slot : null;
    }

    @Override
    public List<Thread> liveThreads() {
        return liveVirtualThreads.get();
    }

    /**
     * The getter of {@code VirtualThread.cont}, made as the first virtual thread is made (before
     * it starts), so that slots are used for every virtual thread or for none. Only the bootstrap
     * hook calls this, with the getter it made from the woven class's own lookup; the first wins.
     */
    @Override
    public void access(MethodHandle getter) {
        if (continuation == null) {
            continuation = getter;
        }
    }

    @Override
    public String kept() {
        return "continuations";
    }
}
