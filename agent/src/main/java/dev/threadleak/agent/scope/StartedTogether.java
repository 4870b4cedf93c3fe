package dev.threadleak.agent.scope;

import dev.threadleak.agent.executors.WorkersPool;
import dev.threadleak.api.Finding;
import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.ThreadRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Threads that belong to one a static field holds as a singleton though no field holds them: those
 * started in the same call of the code as it, and those it (or one of them) started. A library's
 * lazy start of a JVM-wide service makes such: maven-resolver's IPC lock client, held by the test
 * class's static field, started an in-process server on its first use, whose accept, client and
 * expiry threads only their own stacks hold. Charged to the test whose call came first, the
 * verdict moved with test order. The same call: the same starting thread, and creation stacks
 * alike from their outer end up to a frame of the application's (not the JDK's, nor a test
 * framework's), past which they part. Told only where a heap dump has looked: one a static field
 * keeps through a collection (a worker per region, in the singleton's map) is judged as such, not
 * as the singleton's.
 */
final class StartedTogether {

    private StartedTogether() {
    }

    /**
     * {@code findings}, each thread or task that belongs so to a held one {@linkplain Finding#heldWith
     * marked} so. A pool held is held with its workers: what they start or submit is its (the
     * connection pool of a test suite's JVM-wide database, made by whichever class came first:
     * its workers' timers for each connection, queued on its own scheduler, failed that class).
     * {@code lineage} gives a task's submitter and that thread's creators, nearest first (or
     * null): a task is the pool's though the worker that submitted it has ended since, where that
     * worker's creator is one (Hikari's connection adder, which its housekeeper started, ends 5 s
     * after it filled the pool, and its tasks then read as no one's at the class's end).
     * {@code poolOfWorker} tells the pool a thread, alive or not, was a worker of (or null): a
     * worker that has ended is its pool's all the same, where that pool is held or was made in
     * the same call as a held one (Hikari's adder gets a new worker each time the pool runs
     * short, started by whichever thread asked for a connection: a test's own).
     */
    static List<Finding> withCompanions(List<Finding> findings, Collection<Finding> heldBefore,
                                        Function<Finding, long[]> lineage, LongFunction<WorkersPool> poolOfWorker) {
        Anchors held = new Anchors(poolOfWorker);
        for (Finding f : heldBefore) {
            held.add(f);
        }
        for (Finding f : findings) {
            if (f.heldBy() != null) {
                held.add(f);
            }
        }
        if (held.isEmpty()) {
            return findings;
        }
        List<Finding> result = new ArrayList<>(findings);
        for (boolean changed = true; changed; ) { // one started by a companion is one too
            changed = false;
            for (int i = 0; i < result.size(); i++) {
                Finding f = result.get(i);
                if (!candidate(f)) {
                    continue;
                }
                Anchor with = companionOf(f, held, lineage);
                if (with != null && (f.keptBy() == null || f.keptBy().equals(with.field()))) {
                    Finding marked = f.heldWith(with.field(), with.thread());
                    result.set(i, marked);
                    held.add(marked);
                    changed = true;
                }
            }
        }
        return result;
    }

    /** What a companion is told it was started with: the field, and the thread of the held one. */
    private record Anchor(String field, ThreadRef thread, List<Frame> createdAt, ThreadRef createdBy) {
    }

    /** The held ones: threads by id, pools by identity, and what a thread was found to be a worker of. */
    private static final class Anchors {
        private final Map<Long, Anchor> threads = new HashMap<>();
        private final Map<String, Anchor> pools = new HashMap<>();
        private final Map<Long, WorkersPool> poolOf = new HashMap<>();
        private final LongFunction<WorkersPool> poolOfWorker;

        Anchors(LongFunction<WorkersPool> poolOfWorker) {
            this.poolOfWorker = poolOfWorker;
        }

        boolean isEmpty() {
            return threads.isEmpty() && pools.isEmpty();
        }

        /** Puts {@code f}, held, under its thread's id, or a held pool under its identity and each of its workers'. */
        void add(Finding f) {
            Leak leak = f.leak();
            if (isThread(f)) {
                ThreadRef ref = f.startedWith() != null ? f.startedWith() : leak.thread().ref();
                threads.put(leak.thread().id(), new Anchor(f.heldBy(), ref, leak.createdAt(), leak.createdBy()));
            } else if (leak.kind() == LeakKind.EXECUTOR && leak.executor() != null) {
                List<ThreadRef> workers = leak.executor().workers();
                pools.putIfAbsent(leak.executor().identity(), new Anchor(f.heldBy(),
                        workers.isEmpty() ? null : workers.get(0), leak.createdAt(), leak.createdBy()));
                for (ThreadRef worker : workers) {
                    threads.putIfAbsent(worker.id(), new Anchor(f.heldBy(), worker, leak.createdAt(), leak.createdBy()));
                }
            }
        }

        /**
         * The anchor thread {@code ref} (its id, and its name where known) belongs to: a held one,
         * a worker of a held pool, or a worker, maybe ended, of a pool made in the same call as a
         * held one. The thread a reason names is {@code ref} where its name is known.
         */
        Anchor of(long id, ThreadRef ref) {
            Anchor direct = threads.get(id);
            if (direct != null) {
                return direct;
            }
            WorkersPool pool = poolOf.computeIfAbsent(id, poolOfWorker::apply);
            if (pool == null) {
                return null;
            }
            Anchor owner = pools.get(pool.identity());
            if (owner == null) {
                owner = madeWith(pool.createdBy(), pool.createdAt());
            }
            if (owner == null) {
                return null; // a pool of no held one's: the test's own, say
            }
            ThreadRef named = ref != null ? ref : owner.thread();
            return named == null ? null : new Anchor(owner.field(), named, owner.createdAt(), owner.createdBy());
        }

        /** The held one made in the same call as what {@code creator} made at {@code createdAt}, or null. */
        Anchor madeWith(ThreadRef creator, List<Frame> createdAt) {
            if (creator == null || createdAt == null) {
                return null;
            }
            for (Anchor h : threads.values()) {
                if (h.createdBy() != null && h.createdBy().id() == creator.id() && h.createdAt() != null
                        && sameCall(createdAt, h.createdAt())) {
                    return h;
                }
            }
            return null;
        }
    }

    /**
     * Whether {@code f} may be a held one's companion: a thread no static field holds or keeps, or
     * a task no field holds (its pool's field may keep it, through the pool's queue).
     */
    private static boolean candidate(Finding f) {
        if (f.heldBy() != null) {
            return false;
        }
        return isThread(f) ? f.keptBy() == null : f.leak().kind() == LeakKind.TASK;
    }

    private static Anchor companionOf(Finding f, Anchors held, Function<Finding, long[]> lineage) {
        ThreadRef creator = f.leak().createdBy();
        if (creator == null) {
            return null;
        }
        Anchor parent = held.of(creator.id(), creator);
        if (parent != null) {
            return parent;
        }
        long[] ancestors = f.leak().kind() == LeakKind.TASK ? lineage.apply(f) : null;
        for (int i = 1; ancestors != null && i < ancestors.length; i++) {
            Anchor ancestor = held.of(ancestors[i], null);
            if (ancestor != null) {
                return ancestor;
            }
        }
        return held.madeWith(creator, f.leak().createdAt());
    }

    /**
     * Whether two creation stacks (top first) were taken in one call: the topmost frame of
     * {@code a} that begins a run of frames alike in both down to the end of the shorter (a stack
     * cut at its depth ends early) is the application's, called by the application: not the test
     * method itself, which makes many calls (one that starts a singleton's thread and one that
     * leaks its own are two calls). Frames above it may be alike too (a helper both were started
     * through), in different calls of it.
     */
    static boolean sameCall(List<Frame> a, List<Frame> b) {
        for (int i = 0; i < a.size(); i++) {
            int j = b.indexOf(a.get(i));
            if (j >= 0 && alikeBelow(a, i, b, j)) {
                Frame common = a.get(i);
                return common.isApplication() && !common.equals(Frame.enteredByPlumbing(a, i));
            }
        }
        return false;
    }

    private static boolean alikeBelow(List<Frame> a, int i, List<Frame> b, int j) {
        for (; i < a.size() && j < b.size(); i++, j++) {
            if (!a.get(i).equals(b.get(j))) {
                return false;
            }
        }
        return true;
    }

    /** A thread's or a virtual thread's, with the thread it names. */
    static boolean isThread(Finding f) {
        LeakKind kind = f.leak().kind();
        return (kind == LeakKind.THREAD || kind == LeakKind.VIRTUAL_THREAD) && f.leak().thread() != null;
    }
}
