package dev.threadleak.agent.reporting;

import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.Verdict;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A live report's second look at the suspects whose wait nobody saw begin: a monitor entered, an
 * {@code Object.wait} on JDK 17, any wait of a thread older than a late attach. Their thread's age
 * stands in for the wait's length, so a thread caught in a wait of a few microseconds was a suspect
 * by its age (ActiveMQ's trial: busy transport threads, contending for a lock or waiting
 * milliseconds on the journal, and `check --prove` exited 1). Looked at again a moment later, one
 * that no longer waits, waits on another object, or has entered a wait again meanwhile, ran: it is
 * left out. One stuck waits as it did.
 */
final class SecondLook {

    /** How long after the first look the second is: a brief wait has ended by then, a stuck one has not. */
    static final long WINDOW_MILLIS = 100;

    private final List<Map.Entry<Thread, ThreadRecord>> live;
    /** How far apart the looks are: the window, at most min-age (a report that asks for every wait gets them). */
    private final long window;
    /** The first look at each waiting platform thread, taken as the first such suspect was judged; null before. */
    private Map<Thread, Look> early;
    private long beganNanos;

    private SecondLook(List<Map.Entry<Thread, ThreadRecord>> live, long minAgeMillis) {
        this.live = live;
        this.window = Math.min(WINDOW_MILLIS, minAgeMillis);
    }

    /**
     * For a report of {@code live} with {@code minAgeMillis}; it looks at nothing until
     * {@link #suspectSeen} (a report with no such suspect, or of every wait, pays nothing).
     */
    static SecondLook of(List<Map.Entry<Thread, ThreadRecord>> live, long minAgeMillis) {
        return new SecondLook(live, minAgeMillis);
    }

    /**
     * A suspect whose wait nobody saw begin was judged: the first look, once, at every waiting
     * platform thread of the report, whose counts one call reads. A report of thousands of threads
     * takes longer than the window to judge the rest: its second look comes without a pause.
     */
    void suspectSeen() {
        if (early != null || window <= 0) {
            return;
        }
        beganNanos = System.nanoTime();
        List<Thread> waiting = new ArrayList<>();
        for (Map.Entry<Thread, ThreadRecord> e : live) {
            Thread t = e.getKey();
            if (!e.getValue().virtual() && JvmReports.isWaiting(t.getState())) {
                waiting.add(t);
            }
        }
        early = Look.of(waiting);
    }

    /** {@code leaks} without the suspects that ran between two looks at least the window apart. */
    List<Leak> stillWaiting(List<Leak> leaks) {
        if (window <= 0) {
            return leaks;
        }
        Map<Long, Thread> byId = suspectsById(leaks);
        List<Thread> waiters = new ArrayList<>();
        for (Leak leak : leaks) {
            Thread t = unseenWaiter(leak, byId);
            if (t != null) {
                waiters.add(t);
            }
        }
        if (waiters.isEmpty()) {
            return leaks;
        }
        suspectSeen(); // taken already, unless no such suspect was judged alone
        List<Thread> unseenEarly = new ArrayList<>();
        for (Thread t : waiters) {
            if (!early.containsKey(t)) {
                unseenEarly.add(t); // a virtual thread, or one that waited only later
            }
        }
        Map<Thread, Look> first = new HashMap<>(Look.of(unseenEarly));
        long since = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beganNanos);
        if (!pause(unseenEarly.isEmpty() ? window - since : window)) {
            return leaks;
        }
        Map<Thread, Look> second = Look.of(waiters);
        List<Leak> kept = new ArrayList<>(leaks.size());
        for (Leak leak : leaks) {
            Thread t = unseenWaiter(leak, byId);
            Look before = t == null ? null : first.containsKey(t) ? first.get(t) : early.get(t);
            if (before == null || before.same(second.get(t))) {
                kept.add(leak);
            }
        }
        return kept;
    }

    /** The threads of {@code leaks}' suspects whose wait has no known beginning, by id; found only when there are some. */
    private Map<Long, Thread> suspectsById(List<Leak> leaks) {
        Set<Long> ids = new HashSet<>();
        for (Leak leak : leaks) {
            if (unseen(leak)) {
                ids.add(leak.thread().id());
            }
        }
        Map<Long, Thread> byId = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Map.Entry<Thread, ThreadRecord> e : live) {
                if (ids.contains(e.getValue().id())) {
                    byId.put(e.getValue().id(), e.getKey());
                }
            }
        }
        return byId;
    }

    /** Whether {@code leak} is a suspect thread alone whose wait has no known beginning. */
    private static boolean unseen(Leak leak) {
        boolean thread = leak.kind() == LeakKind.THREAD || leak.kind() == LeakKind.VIRTUAL_THREAD;
        return thread && leak.verdict() == Verdict.SUSPECT && leak.count() == 1 && leak.thread() != null
                && (leak.blockedOn() == null || leak.blockedOn().sinceMillis() == null);
    }

    /** The thread of a suspect {@link #unseen} leak, or null. */
    private static Thread unseenWaiter(Leak leak, Map<Long, Thread> byId) {
        return unseen(leak) ? byId.get(leak.thread().id()) : null;
    }

    /** Waits {@code millis}; false when interrupted (the flag kept): then no second look is taken. */
    private static boolean pause(long millis) {
        if (millis <= 0) {
            return true;
        }
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * What one look at a thread saw: its state, what it is parked on, and how many times it has
     * blocked entering a monitor and waited (a platform thread's, from the JVM's counts; absent for
     * a virtual thread). A thread that entered a wait again between two looks counted it; one stuck
     * in a monitor's entry did not, though HotSpot wakes it now and then to look at the lock.
     */
    private record Look(Thread.State state, Object blocker, long blocked, long waited, boolean ownerRuns) {

        static Map<Thread, Look> of(List<Thread> threads) {
            Map<Long, java.lang.management.ThreadInfo> counts = Counts.of(threads.stream()
                    .filter(t -> !ThreadRegistry.isVirtual(t)).mapToLong(Thread::getId).toArray());
            Map<Long, java.lang.management.ThreadInfo> owners = Counts.of(counts.values().stream()
                    .filter(i -> i.getThreadState() == Thread.State.BLOCKED && i.getLockOwnerId() >= 0)
                    .mapToLong(java.lang.management.ThreadInfo::getLockOwnerId).distinct().toArray());
            Map<Thread, Look> looks = new HashMap<>();
            for (Thread t : threads) {
                java.lang.management.ThreadInfo info = counts.get(t.getId());
                java.lang.management.ThreadInfo owner = info == null ? null : owners.get(info.getLockOwnerId());
                looks.put(t, new Look(t.getState(), LockSupport.getBlocker(t),
                        info == null ? -1 : info.getBlockedCount(), info == null ? -1 : info.getWaitedCount(),
                        owner != null && owner.getThreadState() == Thread.State.RUNNABLE));
            }
            return looks;
        }

        /**
         * Whether {@code later} waits as this look did. One blocked on a monitor whose owner runs
         * does not: the owner will let go (two threads taking turns on a lock, one starved of the
         * CPU on a loaded machine for longer than the window, looked stuck).
         */
        boolean same(Look later) {
            return later.state == state && later.blocker == blocker && later.blocked == blocked
                    && later.waited == waited && !later.ownerRuns;
        }
    }

    /** The JVM's facts of platform threads (counts of blocks and waits, a lock's owner), by id; none where they cannot be read. */
    private static final class Counts {

        static Map<Long, java.lang.management.ThreadInfo> of(long[] ids) {
            if (ids.length == 0) {
                return Map.of();
            }
            try {
                Map<Long, java.lang.management.ThreadInfo> byId = new HashMap<>();
                for (java.lang.management.ThreadInfo info : ManagementFactory.getThreadMXBean().getThreadInfo(ids, 0)) {
                    if (info != null) { // ended since
                        byId.put(info.getThreadId(), info);
                    }
                }
                return byId;
            } catch (RuntimeException | LinkageError e) {
                return Map.of(); // no java.management, or a security manager: state and blocker alone
            }
        }
    }
}
