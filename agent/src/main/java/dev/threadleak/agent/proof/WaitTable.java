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
 * {@link AgentBookkeeping#WAIT_TABLE_CLASS}, and never counts it as a holder. Beside it, {@code subjects}:
 * the threads, executors and tasks a scope's check asks the static holder of. Outside a dump both are
 * null: they hold nothing alive.
 */
public final class WaitTable {

    private static final Object LOCK = new Object();
    @SuppressWarnings("unused") // read from the heap dump
    private static volatile Object[] entries;
    @SuppressWarnings("unused") // read from the heap dump: what the dump is asked the static holders of
    private static volatile Object[] subjects;

    private WaitTable() {
    }

    /** Runs {@code dump} with {@code table} in place; one dump at a time. */
    public static <T> T during(Object[] table, Supplier<T> dump) {
        return during(table, null, dump);
    }

    /** The same, with {@code subjectTable} in place too. */
    public static <T> T during(Object[] table, Object[] subjectTable, Supplier<T> dump) {
        synchronized (LOCK) {
            entries = table;
            subjects = subjectTable;
            try {
                return dump.get();
            } finally {
                entries = null;
                subjects = null;
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
