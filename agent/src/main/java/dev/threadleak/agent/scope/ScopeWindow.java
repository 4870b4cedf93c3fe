package dev.threadleak.agent.scope;

import dev.threadleak.agent.executors.TaskRecording;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.api.Window;
import java.util.Set;

/**
 * One thread's stretch of work for a scope: its owner, the sequence numbers that bound it, and
 * the threads the owner had already started when it opened (their lineage is not the window's).
 * Holds ids only, never a thread.
 */
final class ScopeWindow implements Window {

    static final long OPEN = Long.MAX_VALUE;

    final long owner;
    final long start;
    final Set<Long> startedBefore;
    /** {@link ThreadRegistry#recordsMade()} just before it opened. */
    final long recordsAtOpen;
    private final ThreadRegistry registry;
    private final TaskRecording tasks;
    private volatile long end = OPEN;

    private ScopeWindow(ThreadRegistry registry, TaskRecording tasks, long owner, long start, Set<Long> startedBefore,
                        long recordsAtOpen) {
        this.registry = registry;
        this.tasks = tasks;
        this.owner = owner;
        this.start = start;
        this.startedBefore = startedBefore;
        this.recordsAtOpen = recordsAtOpen;
    }

    /** A window owned by the calling thread, open from now; tasks submitted while it is open get records. */
    static ScopeWindow open(ThreadRegistry registry, TaskRecording tasks) {
        tasks.windowOpened(); // before the window's start: a task submitted in it has a record
        long records = registry.recordsMade(); // before the start: whatever the window owns is counted after
        long owner = Thread.currentThread().getId();
        long start = registry.currentSequence();
        return new ScopeWindow(registry, tasks, owner, start, registry.liveDescendantsOf(owner), records);
    }

    @Override
    public synchronized void close() {
        if (end == OPEN) {
            end = registry.currentSequence();
            tasks.windowClosed();
        }
    }

    /** The sequence number it closed at, or {@link #OPEN}. */
    long end() {
        return end;
    }
}
