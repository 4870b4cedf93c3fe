package dev.threadleak.agent.scope;

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
     */
    static List<Finding> withCompanions(List<Finding> findings, Collection<Finding> heldBefore,
                                        Function<Finding, long[]> lineage) {
        Map<Long, Anchor> held = new HashMap<>();
        for (Finding f : heldBefore) {
            anchor(f, held);
        }
        for (Finding f : findings) {
            if (f.heldBy() != null) {
                anchor(f, held);
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
                    anchor(marked, held);
                    changed = true;
                }
            }
        }
        return result;
    }

    /** What a companion is told it was started with: the field, and the thread of the held one. */
    private record Anchor(String field, ThreadRef thread, List<Frame> createdAt, ThreadRef createdBy) {
    }

    /** Puts {@code f}, held, under its thread's id, or a held pool under each of its workers'. */
    private static void anchor(Finding f, Map<Long, Anchor> held) {
        Leak leak = f.leak();
        if (isThread(f)) {
            ThreadRef ref = f.startedWith() != null ? f.startedWith() : leak.thread().ref();
            held.put(leak.thread().id(), new Anchor(f.heldBy(), ref, leak.createdAt(), leak.createdBy()));
        } else if (leak.kind() == LeakKind.EXECUTOR && leak.executor() != null) {
            for (ThreadRef worker : leak.executor().workers()) {
                held.putIfAbsent(worker.id(), new Anchor(f.heldBy(), worker, leak.createdAt(), leak.createdBy()));
            }
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

    private static Anchor companionOf(Finding f, Map<Long, Anchor> held, Function<Finding, long[]> lineage) {
        ThreadRef creator = f.leak().createdBy();
        if (creator == null) {
            return null;
        }
        Anchor parent = held.get(creator.id());
        if (parent != null) {
            return parent;
        }
        long[] ancestors = f.leak().kind() == LeakKind.TASK ? lineage.apply(f) : null;
        for (int i = 1; ancestors != null && i < ancestors.length; i++) {
            Anchor ancestor = held.get(ancestors[i]);
            if (ancestor != null) {
                return ancestor;
            }
        }
        for (Anchor h : held.values()) {
            if (h.createdBy() != null && h.createdBy().id() == creator.id() && f.leak().createdAt() != null
                    && h.createdAt() != null && sameCall(f.leak().createdAt(), h.createdAt())) {
                return h;
            }
        }
        return null;
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
