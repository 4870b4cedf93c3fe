package dev.threadleak.junit;

import dev.threadleak.junit.AgentBridge.LiveThread;
import dev.threadleak.report.Death;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ThreadRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A watch through the agent's lineage: what a window's thread made during the window (threads,
 * executors, tasks), directly or through threads it started.
 *
 * <p>The agent's own answer ({@code startedBy(owner, since)}) over-reaches in a test run: JUnit's
 * worker threads start one another, so a thread started by a test on worker B descends from
 * worker A if A once started B, and a worker runs other tests after this one. So a window cuts
 * the lineage below its owner at every thread that existed before it opened and at every JUnit
 * worker; and once closed, it keeps later threads only when they descend from one started while
 * it was open (a test's pool that grows after the test), and later executors and tasks only when
 * a thread of the window made them.
 */
final class AgentWatch implements Watch {

    private final AgentBridge agent;
    private final Subject subject;
    private final List<String> modeNotes;
    private final List<AgentWindow> windows = new CopyOnWriteArrayList<>();
    private final Set<Long> seenThreads = ConcurrentHashMap.newKeySet();

    AgentWatch(AgentBridge agent, Subject subject, List<String> modeNotes) {
        this.agent = agent;
        this.subject = subject;
        this.modeNotes = modeNotes;
    }

    @Override
    public Window openWindow() {
        long owner = Thread.currentThread().getId();
        long start = agent.currentSequence();
        Set<Long> before = new HashSet<>();
        for (LiveThread t : agent.liveThreads()) {
            if (t.id() != owner && agent.descendsFrom(t, owner)) {
                before.add(t.id());
            }
        }
        AgentWindow window = new AgentWindow(owner, start, before);
        windows.add(window);
        return window;
    }

    @Override
    public List<Suspect> alive() {
        return alive(null);
    }

    /**
     * The agent proves what is parked in the whole JVM; we ask it again for this watch's leaks
     * with the proof's verdicts. A leak that ended in the meantime keeps what the check found:
     * it was still there when the grace period ran out.
     */
    @Override
    public List<Suspect> proven(List<Suspect> leaks, List<String> notes) {
        AgentBridge.Proof proof = HeapProofThread.prove(agent);
        notes.addAll(proof.notes());
        if (proof.provenWaits() == null) {
            return leaks;
        }
        Map<String, Suspect> again = new HashMap<>();
        for (Suspect s : alive(proof)) {
            again.put(s.key(), s);
        }
        List<Suspect> result = new ArrayList<>(leaks.size());
        for (Suspect s : leaks) {
            result.add(again.getOrDefault(s.key(), s));
        }
        return result;
    }

    /** {@code proof}: a heap proof's verdicts to apply, or null for runtime facts only. */
    private List<Suspect> alive(AgentBridge.Proof proof) {
        long now = System.currentTimeMillis();
        List<LiveThread> live = agent.liveThreads();
        Map<Long, LiveThread> byId = new HashMap<>();
        List<LiveThread> junitWorkers = new ArrayList<>();
        for (LiveThread t : live) {
            byId.put(t.id(), t);
            if (IgnoreRules.isJUnitWorker(t.thread())) {
                junitWorkers.add(t);
            }
        }
        Map<String, Suspect> result = new LinkedHashMap<>();
        for (AgentWindow w : windows) {
            Map<Long, LiveThread> mine = w.threads(live, junitWorkers);
            // The agent builds the findings (creation stack, creator, current stack, executor and
            // task details) and leaves out the JVM's own threads; we keep those of this window.
            List<Leak> found = proof == null ? agent.startedBy(w.owner, w.start, subject.reason())
                    : agent.startedBy(w.owner, w.start, subject.reason(), proof);
            for (Leak leak : found) {
                Suspect s = suspect(w, leak, mine, byId, now);
                if (s != null) {
                    result.putIfAbsent(s.key(), s);
                }
            }
        }
        return new ArrayList<>(result.values());
    }

    private Suspect suspect(AgentWindow w, Leak leak, Map<Long, LiveThread> mine, Map<Long, LiveThread> byId, long now) {
        if (leak.executor() == null && leak.task() == null) {
            LiveThread t = leak.thread() == null ? null : mine.get(leak.thread().id());
            if (t == null) {
                return null;
            }
            seenThreads.add(t.id());
            return new Suspect(leak, t.thread());
        }
        if (!w.made(leak, mine, byId, now)) {
            return null;
        }
        List<Thread> workers = new ArrayList<>();
        if (leak.executor() != null) {
            for (ThreadRef ref : leak.executor().workers()) {
                LiveThread worker = byId.get(ref.id());
                if (worker != null) {
                    workers.add(worker.thread());
                }
            }
        }
        return new Suspect(leak, null, workers);
    }

    @Override
    public LeakReport report(List<Suspect> leaks, List<String> notes) {
        List<Leak> findings = new ArrayList<>(leaks.size());
        for (Suspect s : leaks) {
            findings.add(s.leak());
        }
        List<String> all = new ArrayList<>(modeNotes);
        all.addAll(notes);
        return ReportNotes.add(agent.report(subject.scope(), findings, deaths()), all);
    }

    @Override
    public void end() {
        // nothing held: windows keep only ids
    }

    /**
     * Threads of this watch that died of an uncaught exception: often the reason another one
     * waits forever. Only those whose creator we know to be ours.
     */
    private List<Death> deaths() {
        Map<Long, Death> result = new LinkedHashMap<>();
        for (AgentWindow w : windows) {
            for (Death d : agent.deathsStartedBy(w.owner, w.start)) {
                if (d.createdBy() == null) {
                    continue;
                }
                long creator = d.createdBy().id();
                if (seenThreads.contains(creator) || (creator == w.owner && w.endMillis == Long.MAX_VALUE)) {
                    result.putIfAbsent(d.thread().id(), d);
                }
            }
        }
        return new ArrayList<>(result.values());
    }

    /** One thread's stretch of work for this watch. */
    private final class AgentWindow implements Window {
        final long owner;
        final long start;
        final Set<Long> before;
        volatile long end = Long.MAX_VALUE;
        volatile long endMillis = Long.MAX_VALUE;

        AgentWindow(long owner, long start, Set<Long> before) {
            this.owner = owner;
            this.start = start;
            this.before = before;
        }

        @Override
        public void close() {
            end = agent.currentSequence();
            endMillis = System.currentTimeMillis();
        }

        /** The live threads that belong to this window, by id. */
        Map<Long, LiveThread> threads(List<LiveThread> live, List<LiveThread> junitWorkers) {
            // Where the lineage is cut: below the owner, at threads older than the window and at
            // JUnit workers. Not above it: the owner's own ancestors are every one of its
            // descendants' ancestors too.
            Set<Long> cuts = new HashSet<>(before);
            for (LiveThread w : junitWorkers) {
                if (w.id() != owner && agent.descendsFrom(w, owner)) {
                    cuts.add(w.id());
                }
            }
            List<LiveThread> inWindow = new ArrayList<>();
            List<LiveThread> later = new ArrayList<>();
            for (LiveThread t : live) {
                if (t.id() == owner || t.sequence() <= start || cuts.contains(t.id())
                        || !agent.descendsFrom(t, owner) || descendsFromAny(t, cuts)) {
                    continue;
                }
                (t.sequence() <= end ? inWindow : later).add(t);
            }
            Map<Long, LiveThread> result = new LinkedHashMap<>();
            for (LiveThread t : inWindow) {
                result.put(t.id(), t);
            }
            for (LiveThread t : later) {
                for (LiveThread parent : inWindow) {
                    if (agent.descendsFrom(t, parent.id())) {
                        result.put(t.id(), t);
                        break;
                    }
                }
            }
            return result;
        }

        /**
         * Whether this window made an executor or task the agent found for its owner. Its creator
         * (or submitter) tells: the owner itself while the window was open, one of the window's
         * threads, or a thread that has ended (the agent's lineage is all we have then).
         */
        boolean made(Leak leak, Map<Long, LiveThread> mine, Map<Long, LiveThread> byId, long now) {
            ThreadRef creator = leak.createdBy();
            if (creator == null) {
                return false;
            }
            if (creator.id() == owner) {
                return endMillis == Long.MAX_VALUE || leak.ageMillis() >= now - endMillis;
            }
            return mine.containsKey(creator.id()) || !byId.containsKey(creator.id());
        }

        private boolean descendsFromAny(LiveThread t, Set<Long> ancestors) {
            for (long a : ancestors) {
                if (agent.descendsFrom(t, a)) {
                    return true;
                }
            }
            return false;
        }
    }
}
