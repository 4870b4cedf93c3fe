package dev.threadleak.agent.executors;

import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.Lineage;
import dev.threadleak.agent.threads.Origin;
import dev.threadleak.report.Frame;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * What we know of one executor: its type, who made it where and when (unless it predates the
 * agent), whether a class initializer made it, its workers (held weakly) and whether it ever had
 * one, when and where the code asked for shutdown, and whether the collector's cleanup (the JDK's
 * cleaner, a finalizer) stopped it instead. The executor itself is the key of the registry's weak
 * map, never referenced from here: a record outlives its executor only when the registry keeps it
 * as one the code never shut down ({@link #reclaimed()}).
 */
final class ExecutorRecord implements Origin {

    private static final int PRUNE_EVERY = 64;
    private static final int WORKER_IDS = 16;

    final String type;
    final String identity;
    /** The creation stack: a {@code Throwable} until resolved (once kept past its executor), then its frames. */
    private volatile Object creation;
    /** The class initializer the creating thread was running, for when its stack does not show one. */
    private final String initializerOfCreator;
    /**
     * What the creation stack tells, read from it when first asked ({@link #readStack}): most
     * executors never are, and each paid for its stack's frames at its creation (Chronicle Threads'
     * trial: 10,000 event loops, each a pool never started, made one test 4-6x slower).
     */
    private volatile boolean stackRead;
    private String classInitializer;
    private boolean jdkInternal;
    final long creatorId;
    final String creatorName;
    final long[] lineage;
    /** Where the threads of {@link #lineage} were started, index for index (see {@code ThreadRecord}); may be null. */
    final Object[] lineageCreations;
    final long sequence;
    final long createdAtMillis;
    final boolean preExisting;
    /**
     * A {@code ThreadPoolExecutor}, {@code ForkJoinPool} or JDK 21's {@code ThreadPerTaskExecutor}:
     * each of its workers refers to it, so it is collected only once every one has ended, and
     * (never shut down) they ended by themselves, idle past their keep-alive or done with their one
     * task: it held nothing then (airlift's trial: Jetty's virtual-thread pool drops one unclosed at
     * each stop; a check that collected first reported it, one that did not passed).
     */
    final boolean workerPool;
    /**
     * A {@code java.util.Timer}, or a subclass of one (jmdns's {@code StarterTimer}): once
     * cancelled, or its thread dead, it runs nothing more and drops its queue.
     */
    final boolean timer;
    /**
     * The JVM's, not the code's: the common pool, or the thread per task {@code CompletableFuture}
     * uses on JDK 17 and 21 where that pool has one worker. Never shut down, never a leak; what
     * the code submits to it is recorded as to any pool, since its tasks outlive a test the same.
     */
    final boolean shared;
    private final Object lock = new Object();
    private final List<WeakReference<Thread>> workers = new ArrayList<>();
    private int addsSincePrune;
    /**
     * The ids of its last {@value #WORKER_IDS} workers, alive or not: what a worker submitted or
     * started is told as its pool's after that worker ended (a connection pool's adder, which a
     * caller's thread started, queues a timer on the pool's scheduler and ends 5 s later).
     */
    private long[] workerIds;
    /** Where the next worker's id goes in {@link #workerIds}, and how many of its slots hold one. */
    private int nextWorkerId;
    private int workerIdsKept;
    private volatile boolean hadWorker;
    /** Kept past its executor's collection: the registry reports it from this record alone. */
    private volatile boolean reclaimed;
    /** When the collector's cleanup (not the code) shut it down, and which: "the JDK's cleaner", "a finalizer". */
    volatile long reclaimedAtMillis;
    volatile String reclaimedBy;
    volatile long shutdownAtMillis;
    volatile Throwable shutdownTrace;
    volatile long shutdownNowAtMillis;
    volatile Throwable shutdownNowTrace;
    /** The JDK's wrapper the code was handed instead of this pool, if any: held weakly, as the pool is. */
    private volatile WeakReference<Object> wrapper;

    /** {@code initializerOfCreator}: the class initializer the creating thread was running, or null. */
    ExecutorRecord(String type, String identity, Throwable creation, String initializerOfCreator, long creatorId,
                   String creatorName, long[] lineage, Object[] lineageCreations, long sequence, long createdAtMillis,
                   boolean preExisting, boolean workerPool, boolean timer) {
        this(type, identity, creation, initializerOfCreator, creatorId, creatorName, lineage, lineageCreations, sequence,
                createdAtMillis, preExisting, workerPool, timer, false);
    }

    private ExecutorRecord(String type, String identity, Throwable creation, String initializerOfCreator, long creatorId,
                           String creatorName, long[] lineage, Object[] lineageCreations, long sequence,
                           long createdAtMillis, boolean preExisting, boolean workerPool,
                           boolean timer, boolean shared) {
        this.type = type;
        this.identity = identity;
        this.creation = creation;
        this.initializerOfCreator = initializerOfCreator;
        this.creatorId = creatorId;
        this.creatorName = creatorName;
        this.lineage = lineage;
        this.lineageCreations = lineageCreations;
        this.sequence = sequence;
        this.createdAtMillis = createdAtMillis;
        this.preExisting = preExisting;
        this.workerPool = workerPool;
        this.timer = timer;
        this.shared = shared;
    }

    /** The record of one of the JVM's shared executors ({@link #shared}), first met when a task was handed to it. */
    static ExecutorRecord shared(String type, String identity) {
        return new ExecutorRecord(type, identity, null, null, -1, null, new long[0], null, 0, System.currentTimeMillis(),
                false, false, false, true);
    }

    void wrappedBy(Object value) {
        wrapper = new WeakReference<>(value);
    }

    /** The JDK's wrapper around it ({@code Executors.newSingleThreadExecutor()}'s), or null. */
    Object wrapper() {
        WeakReference<Object> w = wrapper;
        return w == null ? null : w.get();
    }

    void addWorker(Thread worker) {
        hadWorker = true;
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
            if (workerIds == null) {
                workerIds = new long[WORKER_IDS];
            }
            workerIds[nextWorkerId] = worker.getId(); // a ring: a count of every worker would overflow
            nextWorkerId = (nextWorkerId + 1) % WORKER_IDS;
            workerIdsKept = Math.min(workerIdsKept + 1, WORKER_IDS);
        }
    }

    /** Whether thread {@code threadId} was one of its last {@value #WORKER_IDS} workers. */
    boolean hadWorker(long threadId) {
        synchronized (lock) {
            for (int i = 0; i < workerIdsKept; i++) {
                if (workerIds[i] == threadId) {
                    return true;
                }
            }
            return false;
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
    public boolean descendsThrough(long ancestor, LongPredicate cut) {
        return Lineage.passesThrough(lineage, ancestor, cut);
    }

    @Override
    public long creatorId() {
        return preExisting ? -1 : creatorId;
    }

    /** The code asked for shutdown ({@code shutdown}, {@code shutdownNow}, {@code close}, {@code Timer.cancel}). */
    boolean shutdownRequested() {
        return shutdownAtMillis != 0 || shutdownNowAtMillis != 0;
    }

    /** It made a worker thread at some point (a pool that never did holds nothing but memory). */
    boolean hadWorker() {
        return hadWorker;
    }

    /** Kept past its executor: reported from here alone, and never again from the live map. */
    boolean reclaimed() {
        return reclaimed;
    }

    /** Keeps it past its executor: resolves its creation stack now, so that no trace is held. */
    void keepPastCollection(CreationSites sites) {
        createdAt(sites);
        reclaimed = true;
    }

    /** The creation stack, resolved on first use; empty when it was not captured. */
    List<Frame> createdAt(CreationSites sites) {
        readStack(); // before the trace goes
        List<Frame> frames = sites.frames(creation);
        creation = frames;
        return frames;
    }

    /**
     * The JVM's, not the code's: made by the JDK's own code ({@link JdkInternals#madeByJdk}), read
     * from its creation stack.
     */
    boolean jdkInternal() {
        readStack();
        return jdkInternal;
    }

    @Override
    public String classInitializer() {
        readStack();
        return classInitializer;
    }

    /**
     * Reads what the creation stack tells, once; never after the trace was resolved, since
     * {@link #createdAt} reads it first. Two threads may read it at once, and find the same.
     */
    private void readStack() {
        if (stackRead) {
            return;
        }
        Object c = creation;
        StackTraceElement[] stack = c instanceof Throwable t ? t.getStackTrace() : new StackTraceElement[0];
        String initializer = CreationSites.classInitializer(stack);
        synchronized (lock) {
            if (!stackRead) {
                classInitializer = initializer != null ? initializer : initializerOfCreator;
                jdkInternal = JdkInternals.madeByJdk(stack);
                stackRead = true;
            }
        }
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
