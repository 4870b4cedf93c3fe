package dev.threadleak.agent.scope;

import dev.threadleak.api.Finding;
import dev.threadleak.report.Frame;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.ThreadRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** {@code findings}, each thread that belongs so to a held one {@linkplain Finding#heldWith marked} so. */
    static List<Finding> withCompanions(List<Finding> findings, Collection<Finding> heldBefore) {
        Map<Long, Finding> held = new HashMap<>();
        for (Finding f : heldBefore) {
            held.put(f.leak().thread().id(), f);
        }
        for (Finding f : findings) {
            if (isThread(f) && f.heldBy() != null) {
                held.put(f.leak().thread().id(), f);
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
                if (!isThread(f) || f.heldBy() != null || f.keptBy() != null) {
                    continue;
                }
                Finding with = companionOf(f, held);
                if (with != null) {
                    ThreadRef holder = with.startedWith() != null ? with.startedWith() : with.leak().thread().ref();
                    Finding marked = f.heldWith(with.heldBy(), holder);
                    result.set(i, marked);
                    held.put(f.leak().thread().id(), marked);
                    changed = true;
                }
            }
        }
        return result;
    }

    private static Finding companionOf(Finding f, Map<Long, Finding> held) {
        ThreadRef creator = f.leak().createdBy();
        if (creator == null) {
            return null;
        }
        Finding parent = held.get(creator.id());
        if (parent != null) {
            return parent;
        }
        for (Finding h : held.values()) {
            ThreadRef hCreator = h.leak().createdBy();
            if (hCreator != null && hCreator.id() == creator.id()
                    && sameCall(f.leak().createdAt(), h.leak().createdAt())) {
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
