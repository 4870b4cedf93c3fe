package dev.threadleak.agent.scope;

import dev.threadleak.agent.threads.Origin;
import dev.threadleak.agent.threads.ThreadRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which threads, executors, tasks and dead threads belong to a scope, as of one look at the live
 * threads. The lineage rules, per window:
 * <ul>
 * <li>its own: made after the window opened, by its owner, directly or through threads it started;
 * <li>cut below the owner at every thread that existed before the window opened, and at every
 *     runner thread, alive or ended (a test runner's workers start one another, and run other
 *     tests later): what descends from a cut is not the window's. Not cut above the owner: the
 *     owner's ancestors are every one of its descendants' ancestors too;
 * <li>never what a class initializer made, or a thread such an initializer started: it lives as
 *     long as its class, so it is the JVM's, whichever window first used the class;
 * <li>once closed, it keeps the threads started while it was open, and later ones only when they
 *     descend from one of those that is still alive (a test's pool that grows after the test);
 * <li>an executor or a task is the window's when its owner made it while the window was open, or
 *     one of the window's threads did, or a thread that has ended (its lineage is all there is).
 * </ul>
 * A scope owns the union of its windows.
 */
final class Membership {

    private final List<WindowView> windows;
    private final Set<Long> liveIds;

    private Membership(List<WindowView> windows, Set<Long> liveIds) {
        this.windows = windows;
        this.liveIds = liveIds;
    }

    static Membership of(List<ScopeWindow> windows, List<Map.Entry<Thread, ThreadRecord>> live,
                         Predicate<Thread> runnerThreads, Set<Long> runnersEver) {
        Set<Long> liveIds = new HashSet<>();
        for (Map.Entry<Thread, ThreadRecord> e : live) {
            liveIds.add(e.getValue().id());
        }
        List<WindowView> views = new ArrayList<>(windows.size());
        for (ScopeWindow w : windows) {
            views.add(new WindowView(w, live, runnerThreads, runnersEver));
        }
        return new Membership(views, liveIds);
    }

    /** A live thread of the scope. */
    boolean thread(ThreadRecord r) {
        for (WindowView w : windows) {
            if (w.threads.contains(r.id())) {
                return true;
            }
        }
        return false;
    }

    /** An executor or a task of the scope. */
    boolean work(Origin o) {
        for (WindowView w : windows) {
            if (w.made(o, liveIds)) {
                return true;
            }
        }
        return false;
    }

    /** A thread that has died and would have been the scope's while it lived. */
    boolean death(ThreadRecord r) {
        for (WindowView w : windows) {
            if (w.hadThread(r)) {
                return true;
            }
        }
        return false;
    }

    /** One window, as of this look: where its lineage is cut, and its live threads. */
    private static final class WindowView {
        private final long owner;
        private final long start;
        private final long end;
        private final Set<Long> cuts;
        private final Set<Long> runners;
        private final Set<Long> startedWhileOpen = new HashSet<>();
        private final Set<Long> threads = new HashSet<>();

        WindowView(ScopeWindow w, List<Map.Entry<Thread, ThreadRecord>> live, Predicate<Thread> runnerThreads,
                   Set<Long> runnersEver) {
            owner = w.owner;
            start = w.start;
            end = w.end();
            runners = runnersEver;
            cuts = new HashSet<>(w.startedBefore);
            // Live runners are tested here although the registry remembers runners too: it keeps a
            // bounded number of runner tests and runners (ThreadRegistry.rememberRunners), and past
            // either bound this is the only cut a live runner gets.
            for (Map.Entry<Thread, ThreadRecord> e : live) {
                ThreadRecord r = e.getValue();
                if (r.id() != owner && r.descendsFrom(owner) && runnerThreads.test(e.getKey())) {
                    cuts.add(r.id());
                }
            }
            List<ThreadRecord> later = new ArrayList<>();
            for (Map.Entry<Thread, ThreadRecord> e : live) {
                ThreadRecord r = e.getValue();
                if (candidate(r)) {
                    if (r.sequence() <= end) {
                        startedWhileOpen.add(r.id());
                    } else {
                        later.add(r);
                    }
                }
            }
            threads.addAll(startedWhileOpen);
            for (ThreadRecord r : later) {
                if (descendsFromAny(r, startedWhileOpen)) {
                    threads.add(r.id());
                }
            }
        }

        /** Made after the window opened, below its owner, not below a cut, and not by a class initializer. */
        private boolean below(Origin o) {
            return !o.preExisting() && o.sequence() > start && o.descendsFrom(owner)
                    && !o.descendsThrough(owner, id -> cuts.contains(id) || runners.contains(id))
                    && o.classInitializer() == null;
        }

        private boolean candidate(ThreadRecord r) {
            return r.id() != owner && !cuts.contains(r.id()) && !runners.contains(r.id()) && below(r);
        }

        boolean made(Origin o, Set<Long> liveIds) {
            if (!below(o)) {
                return false;
            }
            long creator = o.creatorId();
            if (creator == owner) {
                return o.sequence() <= end;
            }
            return threads.contains(creator) || !liveIds.contains(creator);
        }

        boolean hadThread(ThreadRecord dead) {
            return candidate(dead) && (dead.sequence() <= end || descendsFromAny(dead, startedWhileOpen));
        }

        private static boolean descendsFromAny(Origin o, Set<Long> ancestors) {
            for (long a : ancestors) {
                if (o.descendsFrom(a)) {
                    return true;
                }
            }
            return false;
        }
    }
}
