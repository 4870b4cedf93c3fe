package dev.threadleak.agent.threads;

import dev.threadleak.report.Frame;
import dev.threadleak.report.ThreadRef;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * What we know of one started thread: who started it, when, where, and its lineage (the ids of
 * its creator, its creator's creator, ...), so that "was this started, directly or not, by thread
 * X?" is a scan of a short array. Holds no reference to any thread: the registry keys records by
 * their live thread and drops them when it ends.
 */
public final class ThreadRecord implements Origin {

    private final long id;
    private final String nameAtStart;
    private final boolean virtual;
    private final boolean daemon;
    private final long creatorId;
    private final String creatorName;
    private final long[] lineage;
    /**
     * The creations of the threads in {@link #lineage}, kept past their ends: where the test's
     * thread started the first thread of a chain, when that one handed off and ended (a server's
     * acceptor). Shared with its siblings, and cut as the lineage is; holds no thread or record.
     */
    private final Object[] lineageCreations;
    private final long startedAtMillis;
    private final long sequence;
    private final boolean preExisting;
    /** A {@link Throwable} until a report first needs the frames, then the frames. */
    private volatile Object creation;
    /** The class initializer behind it: null until known, then "" for none. */
    private volatile String initializer;
    /** Rare facts share one field each way: a record's size counts for every tracked virtual thread. */
    private volatile Uncaught uncaught;
    private volatile Interrupt interrupt;
    private volatile long[] lineageOfChildren;
    private volatile Object[] creationsOfChildren;
    private volatile CurrentWait wait;
    private volatile Sleep sleep;
    /**
     * True while its own thread records a wait's beginning: only that thread reads or writes it.
     * Fits the record's padding (no byte more per virtual thread).
     */
    private boolean beginningWait;

    ThreadRecord(long id, String nameAtStart, boolean virtual, boolean daemon, long creatorId, String creatorName,
                 long[] lineage, Object[] lineageCreations, long startedAtMillis, long sequence, boolean preExisting,
                 Throwable creation, String inheritedInitializer) {
        this.id = id;
        this.nameAtStart = nameAtStart;
        this.virtual = virtual;
        this.daemon = daemon;
        this.creatorId = creatorId;
        this.creatorName = creatorName;
        this.lineage = lineage;
        this.lineageCreations = lineageCreations;
        this.startedAtMillis = startedAtMillis;
        this.sequence = sequence;
        this.preExisting = preExisting;
        this.creation = creation;
        this.initializer = inheritedInitializer; // a thread a class initializer's thread started is the JVM's too
    }

    /** The ids of the threads above it: its creator, then the creator's creator, and so on (at most 32). */
    public long[] lineage() {
        return lineage == null ? new long[0] : lineage.clone();
    }

    /** The lineage of threads this one starts, made once and shared by all of them. */
    long[] lineageOfChildren() {
        long[] result = lineageOfChildren;
        if (result == null) {
            result = Lineage.of(id, lineage);
            lineageOfChildren = result;
        }
        return result;
    }

    /** What {@link #lineageCreations} the threads this one starts have, made once and shared by all of them. */
    Object[] creationsOfChildren() {
        Object[] result = creationsOfChildren;
        if (result == null) {
            result = Lineage.creationsOf(creation, lineageCreations);
            creationsOfChildren = result;
        }
        return result;
    }

    /**
     * Where thread {@code ancestor}, of this one's lineage, was started (a {@code Throwable} or its
     * frames, for {@link CreationSites#frames}), kept though it may have ended since; null when not kept.
     */
    public Object creationOfAncestor(long ancestor) {
        return Lineage.creationOf(lineage, lineageCreations, ancestor);
    }

    /** True if {@code threadId} started this thread, directly or through threads it started. */
    @Override
    public boolean descendsFrom(long threadId) {
        return Lineage.contains(lineage, threadId);
    }

    @Override
    public boolean descendsThrough(long ancestor, LongPredicate cut) {
        return Lineage.passesThrough(lineage, ancestor, cut);
    }

    public long id() {
        return id;
    }

    public String nameAtStart() {
        return nameAtStart;
    }

    public boolean virtual() {
        return virtual;
    }

    public boolean daemon() {
        return daemon;
    }

    @Override
    public long creatorId() {
        return preExisting ? -1 : creatorId;
    }

    public ThreadRef createdBy() {
        return preExisting ? null : new ThreadRef(creatorId, creatorName);
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    @Override
    public long createdAtMillis() {
        return startedAtMillis;
    }

    /** Increases with every start the registry records: "started after X" without clocks. */
    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public boolean preExisting() {
        return preExisting;
    }

    /**
     * Marks the start of its thread's bookkeeping of a wait; false when that bookkeeping is already
     * under way on this thread (see {@code WaitRegistry}). Called by the record's own thread only.
     */
    public boolean beginsWaitBookkeeping() {
        if (beginningWait) {
            return false;
        }
        beginningWait = true;
        return true;
    }

    /** Ends what {@link #beginsWaitBookkeeping()} began. */
    public void endsWaitBookkeeping() {
        beginningWait = false;
    }

    /** Whether its thread is recording a wait's beginning now; asked by the record's own thread only. */
    public boolean inWaitBookkeeping() {
        return beginningWait;
    }

    /** What the thread was last seen parking on; may be stale if the wait ended by an exception. */
    public CurrentWait currentWait() {
        return wait;
    }

    public void currentWait(CurrentWait value) {
        wait = value;
    }

    /**
     * The last {@code Thread.sleep} it began (every one on JDK 21+; on 17 those through
     * {@code sleep(long, int)}); current only while its stack is in {@code Thread.sleep}, and on
     * 17 in that overload.
     */
    public Sleep lastSleep() {
        return sleep;
    }

    void sleeping(Sleep value) {
        sleep = value;
    }

    /**
     * A sleep: when it began and for how long, on {@link System#nanoTime()}'s clock;
     * {@code throughOverload} when only {@code Thread.sleep(long, int)} told it, so that a later
     * sleep it did not see (JDK 17's native {@code sleep(long)}) is not taken for it.
     */
    public record Sleep(long sinceNanos, long nanos, boolean throughOverload) {
    }

    public Throwable uncaught() {
        Uncaught known = uncaught;
        return known == null ? null : known.exception();
    }

    void uncaught(Throwable exception, String handledBy) {
        uncaught = new Uncaught(exception, handledBy);
    }

    /** The class of the thread's own uncaught-exception handler that got {@link #uncaught()}, or null. */
    String uncaughtHandledBy() {
        Uncaught known = uncaught;
        return known == null ? null : known.handledBy();
    }

    private record Uncaught(Throwable exception, String handledBy) {
    }

    /** The last interrupt another thread sent it, or null: a report tells a thread that went on past it. */
    public Interrupt lastInterrupt() {
        return interrupt;
    }

    void interrupted(Interrupt value) {
        interrupt = value;
    }

    @Override
    public String classInitializer() {
        String known = initializer;
        if (known == null) {
            // createdAt() sets it before it drops the trace; no trace at all means none is known
            known = creation instanceof Throwable trace ? CreationSites.classInitializer(trace.getStackTrace()) : initializer;
            known = known == null ? "" : known;
            initializer = known;
        }
        return known.isEmpty() ? null : known;
    }

    /**
     * This record as kept past its thread's end, named {@code lastName}: its creation as frames,
     * and none of its ancestors' creations, which may be traces (and a trace holds its frames' classes).
     */
    ThreadRecord keptAfterEnd(CreationSites sites, String lastName) {
        List<Frame> frames = createdAt(sites);
        ThreadRecord kept = new ThreadRecord(id, lastName, virtual, daemon, creatorId, creatorName, lineage, null,
                startedAtMillis, sequence, preExisting, null, initializer);
        kept.creation = frames;
        return kept;
    }

    /** The creation stack, resolved and trimmed on first use; empty when it was not captured. */
    public List<Frame> createdAt(CreationSites sites) {
        classInitializer(); // before the trace goes: the trimmed frames may not reach the initializer
        List<Frame> frames = sites.frames(creation);
        creation = frames;
        return frames;
    }
}
