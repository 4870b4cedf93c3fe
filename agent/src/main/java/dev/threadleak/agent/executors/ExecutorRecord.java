package dev.threadleak.agent.executors;

import dev.threadleak.agent.threads.Lineage;
import dev.threadleak.agent.threads.Origin;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * What we know of one executor: its type, who made it where and when (unless it predates the
 * agent), its workers (held weakly), and when and where shutdown was asked for. The executor
 * itself is the key of the registry's weak map, never referenced from here.
 */
final class ExecutorRecord implements Origin {

    private static final int PRUNE_EVERY = 64;

    final String type;
    final String identity;
    final Throwable creation;
    final long creatorId;
    final String creatorName;
    final long[] lineage;
    final long sequence;
    final long createdAtMillis;
    final boolean preExisting;
    final boolean jdkInternal;
    private final Object lock = new Object();
    private final List<WeakReference<Thread>> workers = new ArrayList<>();
    private int addsSincePrune;
    volatile long shutdownAtMillis;
    volatile Throwable shutdownTrace;
    volatile long shutdownNowAtMillis;
    volatile Throwable shutdownNowTrace;
    volatile String shutdownNowBy;
    volatile long shutdownNowById;

    ExecutorRecord(String type, String identity, Throwable creation, long creatorId, String creatorName, long[] lineage,
                   long sequence, long createdAtMillis, boolean preExisting, boolean jdkInternal) {
        this.type = type;
        this.identity = identity;
        this.creation = creation;
        this.creatorId = creatorId;
        this.creatorName = creatorName;
        this.lineage = lineage;
        this.sequence = sequence;
        this.createdAtMillis = createdAtMillis;
        this.preExisting = preExisting;
        this.jdkInternal = jdkInternal;
    }

    void addWorker(Thread worker) {
        synchronized (lock) {
            if (++addsSincePrune >= PRUNE_EVERY) {
                addsSincePrune = 0;
                workers.removeIf(w -> {
                    Thread t = w.get();
                    return t == null || t.getState() == Thread.State.TERMINATED;
                });
            }
            for (WeakReference<Thread> w : workers) {
                if (w.get() == worker) {
                    return;
                }
            }
            workers.add(new WeakReference<>(worker));
        }
    }

    /** Workers that are alive now. */
    List<Thread> liveWorkers() {
        List<Thread> result = new ArrayList<>();
        synchronized (lock) {
            for (WeakReference<Thread> w : workers) {
                Thread t = w.get();
                if (t != null && t.isAlive()) {
                    result.add(t);
                }
            }
        }
        return result;
    }

    @Override
    public boolean descendsFrom(long threadId) {
        return Lineage.contains(lineage, threadId);
    }

    @Override
    public long creatorId() {
        return preExisting ? -1 : creatorId;
    }

    boolean shutdownRequested() {
        return shutdownAtMillis != 0 || shutdownNowAtMillis != 0;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public boolean preExisting() {
        return preExisting;
    }

    @Override
    public long createdAtMillis() {
        return createdAtMillis;
    }
}
