package dev.threadleak.agent.proof;

import dev.threadleak.agent.bootstrap.WaitListener;
import dev.threadleak.agent.threads.CurrentWait;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.protocol.AgentBookkeeping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a heap dump cannot tell, left in the heap for the length of one: the monitor each thread
 * in {@code Object.wait} waits on ({@code entries}: a thread, then its monitor, and so on). A
 * dump names a parked thread's blocker but not the monitor of an {@code Object.wait}; the proof
 * (in the agent, or in the CLI on a dump the agent wrote) reads this static field, named in
 * {@link AgentBookkeeping#WAIT_TABLE_CLASS}, and never counts it as a holder. Outside a dump it is
 * null: it holds nothing alive.
 */
public final class WaitTable {

    private static final Object LOCK = new Object();
    @SuppressWarnings("unused") // read from the heap dump
    private static volatile Object[] entries;

    private WaitTable() {
    }

    /** Runs {@code dump} with {@code table} in place; one dump at a time. */
    public static <T> T during(Object[] table, Supplier<T> dump) {
        synchronized (LOCK) {
            entries = table;
            try {
                return dump.get();
            } finally {
                entries = null;
            }
        }
    }

    /** The same, with the monitors of every live tracked thread in {@code Object.wait}: for a dump the CLI asked for. */
    public static <T> T during(ThreadRegistry registry, Supplier<T> dump) {
        List<Object> table = new ArrayList<>();
        for (Map.Entry<Thread, ThreadRecord> e : registry.liveThreads()) {
            CurrentWait w = e.getValue().currentWait();
            if (w != null && w.kind() == WaitListener.MONITOR_WAIT) {
                table.add(e.getKey());
                table.add(w.on());
            }
        }
        return during(table.toArray(), dump);
    }
}
