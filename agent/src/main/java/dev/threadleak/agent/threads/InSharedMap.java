package dev.threadleak.agent.threads;

import dev.threadleak.agent.bootstrap.RecordSlot;
import java.lang.invoke.MethodHandle;
import java.util.List;

/** Virtual threads' records in the registry's shared map: attached late, or where the JDK does not track its threads. */
final class InSharedMap implements VirtualRecords {

    static final InSharedMap INSTANCE = new InSharedMap();

    private InSharedMap() {
    }

    @Override
    public RecordSlot slotOf(Thread thread, Object continuation) {
        return null;
    }

    @Override
    public List<Thread> liveThreads() {
        return List.of();
    }

    @Override
    public void access(MethodHandle continuation) {
        // not needed: the map is keyed by the thread
    }

    @Override
    public String kept() {
        return "shared map";
    }
}
