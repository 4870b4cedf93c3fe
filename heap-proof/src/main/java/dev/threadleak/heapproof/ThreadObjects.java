package dev.threadleak.heapproof;

import java.util.function.IntConsumer;

/**
 * The fields of the dump's {@code Thread} objects that the proof reads by name, kept while the
 * dump is read (the reader does not keep the file): each thread's id, the id of its name's
 * {@code String} (read only when a proof names the thread), park blocker and, for a
 * virtual thread, its state; and what only the thread itself can use (its task, continuation,
 * thread locals, park blocker: what a holder of the {@code Thread} cannot reach). A row per
 * {@code Thread} instance, objects as heap indexes (-1: null or not an indexed object).
 */
final class ThreadObjects {

    /** The state of a platform thread's row: it has none. */
    static final int NOT_VIRTUAL = Integer.MIN_VALUE;
    /** The state of a virtual thread whose class has no {@code state} field (not a JDK this reader knows). */
    static final int NO_STATE = Integer.MIN_VALUE + 1;

    private final LongList objects = new LongList(256);
    private final LongList tids = new LongList(256);
    private final LongList nameIds = new LongList(256);
    private final LongList blockers = new LongList(256);
    private final LongList states = new LongList(256);
    private final LongList holders = new LongList(256);
    /** A platform thread's {@code target} on JDK 17 (on 19+ its holder's task is in {@link #holderTasks}). */
    private final LongList targets = new LongList(256);
    /** Where each row's private references start in {@link #privates}; the next row's start ends them. */
    private final LongList privateStarts = new LongList(256);
    /** Private references; one that does not make the thread a holder ({@link #add}) is stored as {@code ~index}. */
    private final LongList privates = new LongList(1024);
    /** A {@code Thread$FieldHolder}'s index (plus one) to its task's index. */
    private final IdMap holderTasks = new IdMap(256);
    private final IdMap rows = new IdMap(256);

    /** Starts the row of thread object {@code object}; its private references follow with {@link #add}. */
    void start(int object, long tid, long nameId, int blocker, int state, int holder, int target) {
        rows.put(object + 1L, objects.size());
        objects.add(object);
        tids.add(tid);
        nameIds.add(nameId);
        blockers.add(blocker);
        states.add(state);
        holders.add(holder);
        targets.add(target);
        privateStarts.add(privates.size());
    }

    /** A private reference of the row started last; {@code holding}: whether it makes the thread a holder of it. */
    void add(int reference, boolean holding) {
        if (reference >= 0) {
            privates.add(holding ? reference : ~reference);
        }
    }

    /** The task of the {@code Thread$FieldHolder} at {@code holder} (JDK 19+ keep it there). */
    void holderTask(int holder, int task) {
        if (task >= 0) {
            holderTasks.put(holder + 1L, task);
        }
    }

    int count() {
        return objects.size();
    }

    /** The row of the thread object at {@code object}, or -1. */
    int rowOf(int object) {
        return object < 0 ? -1 : (int) rows.get(object + 1L, -1);
    }

    int object(int row) {
        return (int) objects.get(row);
    }

    long tid(int row) {
        return tids.get(row);
    }

    /** The dump's id of the {@code String} the thread at {@code row} is named by; 0 when it has none. */
    long nameId(int row) {
        return nameIds.get(row);
    }

    int blocker(int row) {
        return (int) blockers.get(row);
    }

    /** {@code VirtualThread.state}, or {@link #NOT_VIRTUAL}. */
    int state(int row) {
        return (int) states.get(row);
    }

    /** What the thread at {@code row} runs, the {@code Runnable} it was made with: its task, or -1. */
    int task(int row) {
        int target = (int) targets.get(row);
        return target >= 0 ? target : holderTask(row);
    }

    /** The task its {@code Thread$FieldHolder} keeps (JDK 19+), or -1. */
    private int holderTask(int row) {
        int holder = (int) holders.get(row);
        return holder < 0 ? -1 : (int) holderTasks.get(holder + 1L, -1);
    }

    /** Everything only the thread itself can use: its frames' way into its own thread object. */
    void ownReferences(int row, IntConsumer sink) {
        privateReferences(row, sink, false);
    }

    /** The same, less what does not make the thread a holder (its park blocker, its thread-local maps). */
    void holdingReferences(int row, IntConsumer sink) {
        privateReferences(row, sink, true);
    }

    private void privateReferences(int row, IntConsumer sink, boolean holdingOnly) {
        int end = row + 1 < privateStarts.size() ? (int) privateStarts.get(row + 1) : privates.size();
        for (int i = (int) privateStarts.get(row); i < end; i++) {
            int ref = (int) privates.get(i);
            if (ref >= 0) {
                sink.accept(ref);
            } else if (!holdingOnly) {
                sink.accept(~ref);
            }
        }
        int task = holderTask(row);
        if (task >= 0) {
            sink.accept(task);
        }
    }
}
