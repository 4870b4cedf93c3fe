package dev.threadleak.agent.bootstrap;

/**
 * A slot for one virtual thread's record, on the thread itself: under {@code premain} the agent
 * makes each virtual thread's continuation ({@code VirtualThread$VThreadContinuation}, loaded with
 * the first virtual thread) implement this, with a field behind it. A start then writes one field
 * of the thread's own object, where a shared map would insert and later remove an entry, and the
 * record goes when the thread goes.
 */
public interface RecordSlot {

    /** The record the agent keeps for this thread, or null. */
    Object threadleakRecord();

    void threadleakRecord(Object record);
}
