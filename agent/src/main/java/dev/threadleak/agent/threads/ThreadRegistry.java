package dev.threadleak.agent.threads;

import dev.threadleak.agent.bootstrap.RecordSlot;
import dev.threadleak.agent.bootstrap.ThreadListener;
import dev.threadleak.agent.memory.PaddedCounter;
import dev.threadleak.agent.memory.RecordBound;
import dev.threadleak.report.Frame;
import dev.threadleak.report.KnownThreads;
import dev.threadleak.report.TaskInfo;
import java.lang.invoke.MethodHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Every thread started since install, while it lives. The hot path (a start and an end) is one
 * map insert and one removal (for a virtual thread under {@code premain}, a write of a field on
 * the thread's own continuation instead: {@link VirtualRecords}), a shared lineage, a clock
 * reading, and for sampled starts a {@code Throwable}; it takes no lock, starts nothing and uses
 * no blocking structure, so advice can call it from any thread, including while the JDK holds its
 * own locks.
 *
 * <p>Threads are held only while they live: {@link #ended} removes the record (or clears the
 * slot); a thread whose start failed (no native thread could be made) never runs, and its record
 * is swept once it is older than {@value #FAILED_START_MILLIS} ms. The number of records is
 * bounded; starts beyond the bound are counted, platform and virtual apart, in {@link #bound()}
 * instead of tracked. The executor and wait registries share that bound.
 */
public final class ThreadRegistry implements ThreadListener {

    /** Our own threads: never tracked, never reported. */
    public static final String OWN_THREAD_PREFIX = KnownThreads.OWN_THREAD_PREFIX;
    private static final int KEPT_DEATHS = 64;
    /** Platform threads remembered after they end, once scopes are in use: see {@link #recentEnds()}. */
    static final int KEPT_ENDS = 64;
    static final long FAILED_START_MILLIS = 60_000;
    /** Runner threads (a test runner's workers) remembered after they end; a run has a few dozen. */
    static final int MAX_RUNNERS = 10_000;
    private static final int MAX_RUNNER_TESTS = 16;
    /** A start into a slot reads the count of records at one start in this many (a power of two): see {@link #admits}. */
    static final int EXACT_EVERY = 64;
    /** Within this many records of the bound, every start reads the count. */
    static final int NEAR_BOUND = 4_096;
    private static final Class<?> VIRTUAL = virtualThreadClass();
    /** The lineage of a thread that predates us, shared: it is never written, and a JVM may hold 100,000 of them. */
    private static final long[] NO_LINEAGE = new long[0];

    private final ConcurrentHashMap<Thread, ThreadRecord> live = new ConcurrentHashMap<>();
    private final CreationSites sites;
    private final boolean trackVirtual;
    private final RecordBound bound;
    private final PaddedCounter started = new PaddedCounter();
    /** Of {@link #started}, the records put into the map: the rest went into slots. */
    private final LongAdder mapped = new LongAdder();
    /** Records taken out of slots, on the ending virtual threads' carriers. */
    private final PaddedCounter slotsCleared = new PaddedCounter();
    /** Sequence numbers handed out for executors and tasks: with {@link #started}, what {@link #recordsMade()} counts. */
    private final LongAdder sequenced = new LongAdder();
    private final LongAdder ownStarts = new LongAdder();
    private final LongAdder ownEnds = new LongAdder();
    private final Object deathsLock = new Object();
    private final ArrayDeque<UncaughtDeath> deaths = new ArrayDeque<>();
    private final Object endsLock = new Object();
    private final ArrayDeque<ThreadRecord> ends = new ArrayDeque<>();
    private final List<Predicate<Thread>> runnerTests = new CopyOnWriteArrayList<>();
    private final Set<Long> runnerIds = ConcurrentHashMap.newKeySet();
    /** A platform thread's own record, once {@link #recordOfCurrent()} looked it up. */
    private final ThreadLocal<ThreadRecord> ownRecord = new ThreadLocal<>();
    private volatile Thread watched;
    private volatile Runnable onWatchedEnd;
    private volatile VirtualRecords virtualRecords = VirtualRecords.inSharedMap();
    /** Whether the last reading of the count of records was within {@link #NEAR_BOUND} of the bound. */
    private volatile boolean nearBound = true;

    public ThreadRegistry(CreationSites sites, boolean trackVirtual, int maxRecords) {
        this.sites = sites;
        this.trackVirtual = trackVirtual;
        this.bound = new RecordBound(maxRecords);
    }

    /** Where virtual threads' records are kept from now on: set at install, before any virtual thread is made. */
    public void keepVirtualRecords(VirtualRecords where) {
        virtualRecords = where;
    }

    /** Where virtual threads' records are kept ({@link VirtualRecords#kept()}). */
    public String virtualRecordsKept() {
        return virtualRecords.kept();
    }

    public static boolean isVirtual(Thread thread) {
        return VIRTUAL != null && VIRTUAL.isInstance(thread);
    }

    @Override
    public void starting(Thread thread) {
        start(thread, null);
    }

    @Override
    public void startingVirtual(Thread thread, Object continuation) {
        start(thread, continuation);
    }

    private void start(Thread thread, Object continuation) {
        boolean virtual = isVirtual(thread);
        if (virtual && !trackVirtual) {
            return;
        }
        if (!virtual && thread.getName().startsWith(OWN_THREAD_PREFIX)) {
            ownStarts.increment();
            return;
        }
        VirtualRecords where = virtualRecords;
        RecordSlot slot = virtual ? where.slotOf(thread, continuation) : null;
        if (slot != null && slot.threadleakRecord() != null) {
            return; // started twice: the first record stays, and no drop is counted
        }
        long now = System.nanoTime();
        if (!admits(virtual, slot != null, now)) {
            return;
        }
        Thread creator = Thread.currentThread();
        ThreadRecord parent = recordOfCurrent();
        ThreadRecord record = new ThreadRecord(thread.getId(), virtual ? null : thread.getName(), virtual,
                thread.isDaemon(), creator.getId(), creator.getName(),
                parent == null ? new long[] {creator.getId()} : parent.lineageOfChildren(),
                parent == null ? null : parent.creationsOfChildren(), Clock.millis(now), now, false,
                sites.capture(virtual), initializerOf(parent));
        if (slot != null) {
            slot.threadleakRecord(record); // empty: a second start returned above
        } else if (!mapped(thread, record)) {
            return;
        }
        started.increment();
        if (!runnerTests.isEmpty()) {
            markIfRunner(thread);
        }
    }

    /**
     * Whether the bound admits one more record. The count it compares is a sum of counters other
     * threads write (each virtual thread's end is counted on its carrier), which cost a start more
     * than the rest of its work when read at every one: a start into a slot reads it at one start
     * in {@value #EXACT_EVERY} (picked by the clock's low bits, which every start reads anyway),
     * and at every start once the count came within {@value #NEAR_BOUND} of the bound, which that
     * many starts between two readings would take to pass.
     */
    private boolean admits(boolean virtual, boolean inSlot, long now) {
        if (inSlot && !nearBound && ((now ^ (now >>> 7)) & (EXACT_EVERY - 1)) != 0) {
            return true;
        }
        int tracked = live.size() + recordsInSlots();
        boolean near = tracked >= bound.max() - NEAR_BOUND;
        if (near != nearBound) {
            nearBound = near;
        }
        return bound.admits(virtual ? RecordBound.Kind.VIRTUAL_THREADS : RecordBound.Kind.THREADS, tracked);
    }

    private boolean mapped(Thread thread, ThreadRecord record) {
        if (live.putIfAbsent(thread, record) != null) {
            return false;
        }
        mapped.increment();
        return true;
    }

    /** Records in slots now: every record made that did not go to the map, less those cleared. */
    private int recordsInSlots() {
        return (int) (started.sum() - mapped.sum() - slotsCleared.sum());
    }

    /**
     * What scopes need of {@code parent} for its children: the class initializer behind it. Asked
     * only once a scope is in use (it may resolve the parent's stack, once per parent).
     */
    private String initializerOf(ThreadRecord parent) {
        return parent != null && sites.keepsEveryStack() ? parent.classInitializer() : null;
    }

    /** The class initializer behind the current thread (see {@link Origin#classInitializer()}), once scopes are in use. */
    public String classInitializerOfCurrent() {
        return sites.keepsEveryStack() ? initializerOf(recordOfCurrent()) : null;
    }

    /**
     * Remembers every thread {@code runner} matches, alive now or started from now on, even after
     * it ends: a scope cuts its lineage at runner threads (a test runner's workers start one
     * another and run other tests' work), and a thread that one of them started must stay cut
     * when the runner has gone. Tests of a class are kept once ({@code equals}); at most
     * {@value #MAX_RUNNER_TESTS} tests and {@value #MAX_RUNNERS} runners are remembered.
     */
    public void rememberRunners(Predicate<Thread> runner) {
        if (runnerTests.contains(runner) || runnerTests.size() >= MAX_RUNNER_TESTS) {
            return;
        }
        runnerTests.add(runner);
        for (Thread t : live.keySet()) {
            markIfRunner(t);
        }
        for (Map.Entry<Thread, ThreadRecord> e : slottedThreads()) {
            markIfRunner(e.getKey());
        }
    }

    private void markIfRunner(Thread thread) {
        if (runnerIds.size() >= MAX_RUNNERS) {
            return;
        }
        for (Predicate<Thread> test : runnerTests) {
            if (test.test(thread)) {
                runnerIds.add(thread.getId());
                return;
            }
        }
    }

    /** Ids of the runner threads seen so far, alive or not (see {@link #rememberRunners}). */
    public Set<Long> runnerIds() {
        return runnerIds;
    }

    /** Runs {@code action} in {@code thread}'s last words (the exit-watch uses it for main). */
    public void onEnd(Thread thread, Runnable action) {
        onWatchedEnd = action;
        watched = thread;
    }

    @Override
    public void ended(Thread thread) {
        end(thread, null);
    }

    @Override
    public void endedVirtual(Thread thread, Object continuation) {
        end(thread, continuation);
    }

    @Override
    public void continuationGetter(MethodHandle getter) {
        virtualRecords.access(getter);
    }

    private void end(Thread thread, Object continuation) {
        if (thread == watched) {
            watched = null;
            onWatchedEnd.run();
        }
        ThreadRecord record = release(thread, continuation);
        if (record == null) {
            if (!isVirtual(thread) && thread.getName().startsWith(OWN_THREAD_PREFIX)) {
                ownEnds.increment();
            }
            return;
        }
        if (!record.virtual() && sites.keepsEveryStack()) {
            keepEnded(record, thread.getName());
        }
        Throwable uncaught = record.uncaught();
        if (uncaught != null) {
            synchronized (deathsLock) {
                if (deaths.size() == KEPT_DEATHS) {
                    deaths.removeFirst();
                }
                deaths.addLast(new UncaughtDeath(record, thread.getName(), uncaught, System.currentTimeMillis(),
                        record.uncaughtHandledBy()));
            }
        }
    }

    /**
     * Keeps {@code record}, named {@code name} as it ends, among the last {@value #KEPT_ENDS} ended, with its creation stack
     * resolved here, on the ending thread, as frames that hold no class (no class loader stays
     * reachable through what is kept). Only while scopes are in use, and only for platform
     * threads, whose end costs far more than this already.
     */
    private void keepEnded(ThreadRecord record, String name) {
        ThreadRecord kept = record.keptAfterEnd(sites, name);
        if (kept.createdAt(sites).isEmpty()) {
            return;
        }
        synchronized (endsLock) {
            if (ends.size() == KEPT_ENDS) {
                ends.removeFirst();
            }
            ends.addLast(kept);
        }
    }

    /**
     * The last platform threads that ended since scopes came into use, oldest first, each with
     * its creation stack: what tells a thread a test left from another that the same test started
     * at the same place later, and stopped.
     */
    public List<ThreadRecord> recentEnds() {
        synchronized (endsLock) {
            return List.copyOf(ends);
        }
    }

    /** Takes {@code thread}'s record out of its slot or the map: the registry holds it no longer. */
    private ThreadRecord release(Thread thread, Object continuation) {
        VirtualRecords where = virtualRecords;
        RecordSlot slot = isVirtual(thread) ? where.slotOf(thread, continuation) : null;
        if (slot == null) {
            return live.remove(thread);
        }
        ThreadRecord record = (ThreadRecord) slot.threadleakRecord();
        if (record != null) {
            slot.threadleakRecord(null);
            slotsCleared.increment();
        }
        return record;
    }

    @Override
    public void uncaught(Thread thread, Throwable exception) {
        ThreadRecord record = recordOf(thread);
        if (record != null) {
            record.uncaught(exception, ownHandler(thread));
        }
    }

    /**
     * Keeps the last interrupt another thread sends a tracked thread, with its stack: rare, and
     * what tells a thread told to stop from one nobody asked. A thread's interrupt of itself
     * re-asserts a flag it caught (Commons IO's reaper does so in a loop, millions of times):
     * nobody asked anything, and it costs one comparison.
     */
    @Override
    public void interrupted(Thread thread) {
        Thread by = Thread.currentThread();
        if (thread == by) {
            return;
        }
        ThreadRecord record = recordOf(thread);
        Throwable trace = record == null ? null : sites.capture(false);
        if (trace != null) {
            record.interrupted(new Interrupt(System.currentTimeMillis(), by.getId(), by.getName(), trace));
        }
    }

    /**
     * The handler the code gave {@code thread} (its own, or its group's override of
     * {@code uncaughtException}), else the default one the code gave every thread
     * ({@code Thread.setDefaultUncaughtExceptionHandler}: Ratis's {@code ExitUtils}, which its
     * tests check for deaths themselves); null when the exception goes to the JVM's printing.
     */
    private static String ownHandler(Thread thread) {
        Thread.UncaughtExceptionHandler handler = thread.getUncaughtExceptionHandler();
        if (handler == null) {
            return null;
        }
        if (handler instanceof ThreadGroup) {
            try {
                Class<?> declaring = handler.getClass().getMethod("uncaughtException", Thread.class, Throwable.class)
                        .getDeclaringClass();
                return declaring == ThreadGroup.class ? defaultHandler() : declaring.getName();
            } catch (NoSuchMethodException | RuntimeException e) {
                return null;
            }
        }
        return TaskInfo.codeName(handler.getClass().getName());
    }

    /**
     * The default handler's name when the code set it: one a test runner, build tool or IDE set (the
     * report's plumbing, {@link Frame#isApplication}) is theirs and says nothing of what the code expects.
     */
    private static String defaultHandler() {
        Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
        if (handler == null) {
            return null;
        }
        String name = handler.getClass().getName();
        return new Frame(name, "uncaughtException", null, -1).isApplication() ? TaskInfo.codeName(name) : null;
    }

    @Override
    public void sleeping(long nanos) {
        ThreadRecord record = recordOfCurrent();
        if (record != null) {
            record.sleeping(new ThreadRecord.Sleep(System.nanoTime(), nanos, false));
        }
    }

    @Override
    public void sleepingFor(long millis, int nanos) {
        ThreadRecord record = recordOfCurrent();
        if (record != null && millis >= 0 && nanos >= 0) { // else the JDK throws, and it sleeps not
            long total = millis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : millis * 1_000_000 + nanos;
            record.sleeping(new ThreadRecord.Sleep(System.nanoTime(), total, true));
        }
    }

    /** Threads that existed before install: known, without creation stacks. */
    public void registerPreExisting(Thread thread) {
        if (thread.getName().startsWith(OWN_THREAD_PREFIX) || !thread.isAlive()) {
            return;
        }
        if (!live.containsKey(thread)) { // no lambda: this runs under premain
            live.putIfAbsent(thread, new ThreadRecord(thread.getId(), thread.getName(), isVirtual(thread),
                    thread.isDaemon(), -1, null, NO_LINEAGE, null, System.currentTimeMillis(), 0, true, null, null));
        }
    }

    /** The record of a live thread, or null if it is not tracked. */
    public ThreadRecord recordOf(Thread thread) {
        RecordSlot slot = isVirtual(thread) ? virtualRecords.slotOf(thread, null) : null;
        return slot != null ? (ThreadRecord) slot.threadleakRecord() : live.get(thread);
    }

    /**
     * The current thread's record. A platform thread's is looked up in the map once, then kept in
     * a thread-local: the map hashes the {@code Thread}, and once its monitor is inflated (a
     * {@code join}, a {@code wait} on it; a platform thread that starts virtual threads and joins
     * them is one) that identity hash is a call into the JVM, which cost a virtual thread's start
     * more than the rest of the registry's work. The record of a live thread never changes, and
     * the thread-local goes with the thread.
     */
    public ThreadRecord recordOfCurrent() {
        Thread current = Thread.currentThread();
        if (isVirtual(current)) {
            return recordOf(current);
        }
        ThreadRecord record = ownRecord.get();
        if (record == null) {
            record = live.get(current);
            if (record != null) {
                ownRecord.set(record);
            }
        }
        return record;
    }

    /**
     * The live virtual threads whose records are in slots, with their records: none (and no walk
     * of the JDK's thread containers) while no record is in a slot.
     */
    private List<Map.Entry<Thread, ThreadRecord>> slottedThreads() {
        VirtualRecords where = virtualRecords;
        if (recordsInSlots() <= 0) {
            return List.of();
        }
        List<Map.Entry<Thread, ThreadRecord>> result = new ArrayList<>();
        for (Thread t : where.liveThreads()) {
            RecordSlot slot = where.slotOf(t, null);
            Object record = slot == null ? null : slot.threadleakRecord();
            if (record != null) {
                result.add(Map.entry(t, (ThreadRecord) record));
            }
        }
        return result;
    }

    /** Live tracked threads and their records, dropping any whose end we missed. */
    public List<Map.Entry<Thread, ThreadRecord>> liveThreads() {
        List<Map.Entry<Thread, ThreadRecord>> slotted = slottedThreads();
        List<Map.Entry<Thread, ThreadRecord>> result = new ArrayList<>(live.size() + slotted.size());
        for (Map.Entry<Thread, ThreadRecord> e : live.entrySet()) {
            listIfLive(e.getKey(), e.getValue(), result);
        }
        for (Map.Entry<Thread, ThreadRecord> e : slotted) {
            if (running(e.getKey())) {
                result.add(e);
            }
        }
        return result;
    }

    /**
     * Lists {@code t} if it lives; forgets it if it ended unseen or never started. A method of
     * its own: compiled after a few hundred threads, where the loop's body ran the first listing
     * of 100,000 interpreted.
     */
    private void listIfLive(Thread t, ThreadRecord record, List<Map.Entry<Thread, ThreadRecord>> result) {
        Thread.State state = t.getState();
        if (state == Thread.State.TERMINATED || (state == Thread.State.NEW
                && System.currentTimeMillis() - record.startedAtMillis() > FAILED_START_MILLIS)) {
            live.remove(t, record);
        } else if (state != Thread.State.NEW) {
            result.add(Map.entry(t, record));
        }
    }

    /** Started and not yet ended, as {@link #liveThreads()} lists a thread. */
    private static boolean running(Thread thread) {
        Thread.State state = thread.getState();
        return state != Thread.State.NEW && state != Thread.State.TERMINATED;
    }

    /**
     * Ids of the live threads {@code owner} started, directly or through threads it started, as
     * {@link #liveThreads()} would list them: the records are scanned, and only the owner's
     * descendants' states are read (a scope's window asks this as it opens, once per test).
     */
    public Set<Long> liveDescendantsOf(long owner) {
        Set<Long> result = new HashSet<>();
        addLiveDescendants(live.entrySet(), owner, result);
        addLiveDescendants(slottedThreads(), owner, result);
        return Set.copyOf(result);
    }

    private static void addLiveDescendants(Iterable<Map.Entry<Thread, ThreadRecord>> records, long owner,
                                           Set<Long> into) {
        for (Map.Entry<Thread, ThreadRecord> e : records) {
            ThreadRecord r = e.getValue();
            if (r.id() != owner && r.descendsFrom(owner) && running(e.getKey())) {
                into.add(r.id());
            }
        }
    }

    /** The last threads that died of an uncaught exception, oldest first. */
    public List<UncaughtDeath> deaths() {
        synchronized (deathsLock) {
            return List.copyOf(deaths);
        }
    }

    /** The lineage of work the current thread creates now: its id, then its own lineage. */
    public long[] lineageOfCurrent() {
        Thread current = Thread.currentThread();
        ThreadRecord record = recordOfCurrent();
        return record == null ? Lineage.of(current.getId(), null) : record.lineageOfChildren();
    }

    /** The creations that go with {@link #lineageOfCurrent()}, index for index; null where unknown. */
    public Object[] creationsOfCurrent() {
        ThreadRecord record = recordOfCurrent();
        return record == null ? null : record.creationsOfChildren();
    }

    /**
     * A sequence number for records ordered with threads (executors, tasks): the monotonic clock,
     * so that no hot path writes one contended counter (a contended one cost more than the rest of
     * a virtual-thread start); the count {@link #recordsMade()} reads is striped.
     */
    public long nextSequence() {
        long now = System.nanoTime();
        sequenced.increment(); // after the clock: a record newer than a window is counted after the window's count
        return now;
    }

    /**
     * Threads started and executors and tasks recorded so far; it never decreases. The same count
     * at two moments, read on one thread, means nothing it (or a thread it started meanwhile) made
     * in between was recorded: a scope's check with nothing new skips its look at the registry.
     */
    public long recordsMade() {
        return started.sum() + sequenced.sum();
    }

    /** Threads, executors and tasks made after this call have a larger sequence number. */
    public long currentSequence() {
        return System.nanoTime();
    }

    public CreationSites sites() {
        return sites;
    }

    public long started() {
        return started.sum();
    }

    /** Records not made because the bound was reached, of every kind: the executor and wait registries share it. */
    public RecordBound bound() {
        return bound;
    }

    /** Everything the bound dropped. */
    public long dropped() {
        return bound.droppedTotal();
    }

    /** Starts and ends of our own threads that the advice reported: the self-check reads these. */
    public long ownStarts() {
        return ownStarts.sum();
    }

    public long ownEnds() {
        return ownEnds.sum();
    }

    private static Class<?> virtualThreadClass() {
        try {
            return Class.forName("java.lang.BaseVirtualThread", false, null);
        } catch (ClassNotFoundException e) {
            return null; // JDK 17: no virtual threads
        }
    }

    /** A thread that died of an uncaught exception, kept for the report after its record is gone. */
    public record UncaughtDeath(ThreadRecord record, String name, Throwable exception, long endedAtMillis,
                                String handledBy) {
    }
}
