package dev.threadleak.agent.reporting;

import dev.threadleak.agent.threads.CurrentWait;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.report.ThreadRef;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.concurrent.locks.LockSupport;

/**
 * The wait-for cycles of monitors and ownable synchronizers ({@code ReentrantLock}, a
 * {@code ReentrantReadWriteLock}'s write lock) that the JVM itself detects
 * ({@code ThreadMXBean.findDeadlockedThreads}, what jstack prints as "Found one Java-level
 * deadlock"): a fact, which a live report tells as one rather than guess. An embedded Tomcat's
 * trial: two request threads in a monitor deadlock read as one suspect group, "whoever could wake
 * it may still come", under one wait line that was false of one of them.
 *
 * <p>Asked at most once per report, and only once a platform thread of it waits where such a cycle
 * can run (blocked entering a monitor, parked on an ownable synchronizer): the JVM looks at every
 * thread at a safepoint, and the first call loads java.management, which a report without such a
 * thread need not pay for. Virtual threads are not in the JVM's answer: they are never asked about.
 */
final class JvmDeadlocks {

    /** A report that does not ask (a scope's, the exit's): the heap proof, where it runs, finds cycles there. */
    static final JvmDeadlocks NONE = new JvmDeadlocks(null);

    private static final String FOUND = "in a wait-for cycle the JVM itself detects"
            + " (ThreadMXBean.findDeadlockedThreads): none of them can ";

    private final List<Map.Entry<Thread, ThreadRecord>> live;
    /** Each member's cycle, by thread id; null until a thread that may be in one is asked about. */
    private Map<Long, Cycle> cycles;

    private JvmDeadlocks(List<Map.Entry<Thread, ThreadRecord>> live) {
        this.live = live;
    }

    /** For a live report of {@code live} (the registry's live threads); it asks the JVM nothing until {@link #of}. */
    static JvmDeadlocks in(List<Map.Entry<Thread, ThreadRecord>> live) {
        return new JvmDeadlocks(live);
    }

    /** One cycle: its members ordered by id, as the heap proof orders its own, and why none can leave. */
    record Cycle(List<ThreadRef> members, String reason) {
    }

    /** The cycle {@code t} is a member of, or null: one that only waits on a member is not one. */
    Cycle of(Thread t, ThreadRecord r) {
        if (live == null || r.virtual() || !mayBeInACycle(t)) {
            return null;
        }
        if (cycles == null) {
            cycles = Found.cycles(live);
        }
        return cycles.get(t.getId());
    }

    /** Waits where the JVM looks for cycles, untimed: a timed {@code tryLock} ends by itself. */
    private static boolean mayBeInACycle(Thread t) {
        Thread.State state = t.getState();
        return state == Thread.State.BLOCKED
                || state == Thread.State.WAITING && LockSupport.getBlocker(t) instanceof AbstractOwnableSynchronizer;
    }

    /**
     * Whether an interrupt may end the wait of {@code t}, in the state the JVM saw it in: never a
     * monitor's entry, nor a {@code lock()} the agent saw begin; a {@code lockInterruptibly} may,
     * and so may a wait the agent did not see begin, for all anyone knows.
     */
    private static boolean interruptible(Thread.State state, Map.Entry<Thread, ThreadRecord> e) {
        if (state == Thread.State.BLOCKED) {
            return false;
        }
        CurrentWait w = e == null ? null : e.getValue().currentWait();
        return w == null || w.on() != LockSupport.getBlocker(e.getKey()) || w.interruptible();
    }

    private static String reason(boolean interruptible) {
        return FOUND + (interruptible ? "leave it unless one of them is interrupted" : "ever leave it");
    }

    /**
     * The JVM's answer, read in a class of its own: this one is loaded for every live report, and
     * java.management only once a report needs it.
     */
    private static final class Found {

        static Map<Long, Cycle> cycles(List<Map.Entry<Thread, ThreadRecord>> live) {
            try {
                ThreadMXBean jvm = ManagementFactory.getThreadMXBean();
                long[] ids = jvm.isSynchronizerUsageSupported() ? jvm.findDeadlockedThreads()
                        : jvm.findMonitorDeadlockedThreads();
                return ids == null ? Map.of() : cycles(waits(jvm.getThreadInfo(ids, 0)), live);
            } catch (RuntimeException | LinkageError e) {
                return Map.of(); // no java.management, or a security manager: the report goes without
            }
        }

        /** The untimed waits among {@code infos}, by thread id: a thread that has ended since, or waits timed, is in no cycle. */
        private static Map<Long, ThreadInfo> waits(ThreadInfo[] infos) {
            Map<Long, ThreadInfo> waits = new HashMap<>();
            for (ThreadInfo info : infos) {
                if (info != null && (info.getThreadState() == Thread.State.BLOCKED
                        || info.getThreadState() == Thread.State.WAITING)) {
                    waits.put(info.getThreadId(), info);
                }
            }
            return waits;
        }

        private static Map<Long, Cycle> cycles(Map<Long, ThreadInfo> waits, List<Map.Entry<Thread, ThreadRecord>> live) {
            Map<Long, Cycle> byMember = new HashMap<>();
            for (long id : waits.keySet()) {
                List<Long> ring = byMember.containsKey(id) ? null : ring(id, waits);
                if (ring != null) {
                    Cycle cycle = cycle(ring, waits, live);
                    ring.forEach(member -> byMember.put(member, cycle));
                }
            }
            return byMember;
        }

        /**
         * The members of the cycle {@code id} is in, ordered by id; null when the chain of owners
         * from it never comes back to it. The JVM's answer also lists a thread that waits on a member
         * from outside its cycle (HotSpot lists the chain it walked, from whichever thread it looked
         * at first): that one is in no cycle, and not deadlocked by the JVM's word.
         */
        private static List<Long> ring(long id, Map<Long, ThreadInfo> waits) {
            List<Long> ring = new ArrayList<>();
            long at = id;
            do {
                ThreadInfo info = waits.get(at);
                if (info == null || ring.size() > waits.size()) {
                    return null;
                }
                ring.add(at);
                at = info.getLockOwnerId();
            } while (at != id);
            ring.sort(null);
            return ring;
        }

        private static Cycle cycle(List<Long> ring, Map<Long, ThreadInfo> waits,
                                   List<Map.Entry<Thread, ThreadRecord>> live) {
            Map<Long, Map.Entry<Thread, ThreadRecord>> threads = new HashMap<>();
            for (Map.Entry<Thread, ThreadRecord> e : live) {
                if (ring.contains(e.getKey().getId())) {
                    threads.put(e.getKey().getId(), e);
                }
            }
            List<ThreadRef> members = new ArrayList<>(ring.size());
            boolean interruptible = false;
            for (long id : ring) {
                ThreadInfo info = waits.get(id);
                members.add(new ThreadRef(id, info.getThreadName()));
                interruptible |= interruptible(info.getThreadState(), threads.get(id));
            }
            return new Cycle(List.copyOf(members), reason(interruptible));
        }
    }
}
