package dev.threadleak.agent.proof;

import dev.threadleak.agent.bootstrap.WaitListener;
import dev.threadleak.agent.threads.CurrentStacks;
import dev.threadleak.agent.threads.CurrentWait;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.heapproof.ThreadWait;
import dev.threadleak.report.ThreadRef;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * The live threads' waits as the heap proof takes them, and how to tell after the dump that each
 * still waits as it did before. A wait the agent recorded counts only while the thread is parked
 * where the record says (its park blocker is the recorded object, or the monitor the JVM names is):
 * a wait that ended by an exception leaves a stale record, and a stale record must never make a
 * thread look stuck on something it no longer waits for. Monitor entries, which nothing records,
 * and parks the agent does not weave come from what the JVM knows ({@link ThreadMXBean}), for
 * platform threads; a virtual thread without a record is left out.
 */
final class WaitingThreads {

    /** One thread under proof: its wait, the object for the wait table (or null), and what must not change. */
    private record Waiting(Thread thread, ThreadWait threadWait, Object monitor, Object stamp) {
    }

    /** What a platform thread's wait looks like to the JVM, counters included: unchanged means never woken. */
    private record JvmWait(Thread.State state, String lock, long owner, long blocked, long waited) {

        static JvmWait of(ThreadInfo info) {
            return info == null ? null : new JvmWait(info.getThreadState(), String.valueOf(info.getLockInfo()),
                    info.getLockOwnerId(), info.getBlockedCount(), info.getWaitedCount());
        }
    }

    private final Map<Long, Waiting> byId = new HashMap<>();
    private final Map<Long, ThreadRef> names = new HashMap<>();
    private final ThreadMXBean jvm = ManagementFactory.getThreadMXBean();

    private WaitingThreads() {
    }

    /** No waits: for a dump that proves none. */
    static WaitingThreads none() {
        return new WaitingThreads();
    }

    /** The waits of {@code registry}'s live threads but the caller's. */
    static WaitingThreads of(ThreadRegistry registry) {
        WaitingThreads w = new WaitingThreads();
        w.collect(registry);
        return w;
    }

    private void collect(ThreadRegistry registry) {
        Thread self = Thread.currentThread();
        List<Thread> unrecorded = new ArrayList<>();
        for (Map.Entry<Thread, ThreadRecord> e : registry.liveThreads()) {
            Thread t = e.getKey();
            names.put(t.getId(), new ThreadRef(t.getId(), t.getName()));
            if (t == self) {
                continue;
            }
            Thread.State state = t.getState();
            CurrentWait w = e.getValue().currentWait();
            if (w != null && (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                    && state == (w.effective().untimed() ? Thread.State.WAITING : Thread.State.TIMED_WAITING)
                    && isCurrent(t, w)) {
                recorded(t, w, registry);
            } else if (!ThreadRegistry.isVirtual(t) && (state == Thread.State.BLOCKED
                    || (state == Thread.State.WAITING && LockSupport.getBlocker(t) != null))) {
                unrecorded.add(t);
            }
        }
        unrecordedPlatformThreads(unrecorded);
    }

    /** A wait the agent recorded, as the proof takes it. */
    private void recorded(Thread t, CurrentWait w, ThreadRegistry registry) {
        CurrentWait what = w.effective();
        ThreadWait wait;
        Object monitor = null;
        if (!what.untimed()) {
            if (what.kind() == WaitListener.MONITOR_WAIT || what.kind() == WaitListener.THREAD_JOIN) {
                return; // a timed Object.wait or join polls no channel
            }
            wait = new ThreadWait(t.getId(), ThreadWait.Shape.TIMED, what.interruptible(), -1);
        } else if (what.kind() == WaitListener.THREAD_JOIN) {
            Thread joined = (Thread) what.on();
            if (!joined.isAlive() || registry.recordOf(joined) == null) {
                return; // about to return; or a thread we do not track (ours: main joins our exit hook)
            }
            wait = new ThreadWait(t.getId(), ThreadWait.Shape.JOIN, what.interruptible(), joined.getId());
        } else if (what.kind() == WaitListener.MONITOR_WAIT) {
            wait = new ThreadWait(t.getId(), ThreadWait.Shape.OBJECT_WAIT, what.interruptible(), -1);
            monitor = what.on();
        } else {
            wait = new ThreadWait(t.getId(), ThreadWait.Shape.PARKED, what.interruptible(), -1);
        }
        byId.put(t.getId(), new Waiting(t, wait, monitor, w));
    }

    /**
     * Whether the thread is parked where its record says: its park blocker is the recorded object
     * (or the object a future or phaser parks on for it), or, in {@code Object.wait} or a join on
     * JDK 17, the JVM names the recorded monitor.
     */
    private boolean isCurrent(Thread t, CurrentWait w) {
        Object blocker = LockSupport.getBlocker(t);
        return switch (w.kind()) {
            case WaitListener.COMPLETABLE_FUTURE -> isA(blocker, "java.util.concurrent.CompletableFuture$Signaller");
            case WaitListener.PHASER -> isA(blocker, "java.util.concurrent.Phaser$QNode");
            case WaitListener.MONITOR_WAIT, WaitListener.THREAD_JOIN -> blocker == null && waitsOnMonitor(t, w.on());
            default -> blocker != null && blocker == w.on();
        };
    }

    private static boolean isA(Object o, String className) {
        return o != null && o.getClass().getName().equals(className);
    }

    /** In {@code Object.wait} on {@code monitor}: the JVM says so of a platform thread, its stack of a virtual one. */
    private boolean waitsOnMonitor(Thread t, Object monitor) {
        if (ThreadRegistry.isVirtual(t)) {
            StackTraceElement[] stack = CurrentStacks.of(t);
            for (int i = 0; stack != null && i < Math.min(stack.length, 4); i++) {
                if (stack[i].getClassName().equals("java.lang.Object") && stack[i].getMethodName().startsWith("wait")) {
                    return true; // the recorded monitor is the one: a later Object.wait would have replaced the record
                }
            }
            return false;
        }
        ThreadInfo info = jvm.getThreadInfo(t.getId());
        return info != null && info.getLockInfo() != null
                && info.getLockInfo().getIdentityHashCode() == System.identityHashCode(monitor)
                && info.getLockInfo().getClassName().equals(monitor.getClass().getName());
    }

    /** Monitor entries, and parks the agent does not weave, of platform threads: from the JVM alone. */
    private void unrecordedPlatformThreads(List<Thread> threads) {
        if (threads.isEmpty()) {
            return;
        }
        long[] ids = threads.stream().mapToLong(Thread::getId).toArray();
        ThreadInfo[] infos = jvm.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            JvmWait was = JvmWait.of(infos[i]);
            if (was == null) {
                continue;
            }
            ThreadWait wait;
            if (was.state() == Thread.State.BLOCKED) {
                wait = new ThreadWait(ids[i], ThreadWait.Shape.MONITOR_ENTER, false, was.owner());
            } else if (was.state() == Thread.State.WAITING && infos[i].getLockInfo() != null
                    && LockSupport.getBlocker(threads.get(i)) != null) {
                // whatever parks there, an interrupt ends a park
                wait = new ThreadWait(ids[i], ThreadWait.Shape.PARKED, true, -1);
            } else {
                continue;
            }
            byId.put(ids[i], new Waiting(threads.get(i), wait, null, was));
        }
    }

    boolean isEmpty() {
        return byId.values().stream().noneMatch(w -> w.threadWait().untimed());
    }

    List<ThreadWait> waits() {
        return byId.values().stream().map(Waiting::threadWait).toList();
    }

    /** The wait table for the dump: each thread in {@code Object.wait}, then its monitor. */
    Object[] table() {
        List<Object> table = new ArrayList<>();
        for (Waiting w : byId.values()) {
            if (w.monitor() != null) {
                table.add(w.thread());
                table.add(w.monitor());
            }
        }
        return table.toArray();
    }

    /** Whether thread {@code id} still waits exactly as it did before the dump. */
    boolean unchanged(long id, ThreadRegistry registry) {
        Waiting w = byId.get(id);
        if (w == null) {
            return false;
        }
        if (w.stamp() instanceof CurrentWait recorded) {
            ThreadRecord r = registry.recordOf(w.thread());
            Thread.State expected = recorded.effective().untimed() ? Thread.State.WAITING : Thread.State.TIMED_WAITING;
            return r != null && r.currentWait() == recorded && w.thread().getState() == expected;
        }
        return Objects.equals(w.stamp(), JvmWait.of(jvm.getThreadInfo(id)));
    }

    /** Every live tracked thread, as it was named when the proof began. */
    Map<Long, ThreadRef> names() {
        return names;
    }
}
