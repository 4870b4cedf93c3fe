package dev.threadleak.agent.waits;

import dev.threadleak.agent.bootstrap.WaitListener;
import dev.threadleak.agent.executors.ExecutorRegistry;
import dev.threadleak.agent.memory.Identity;
import dev.threadleak.agent.threads.Clock;
import dev.threadleak.agent.threads.CurrentStacks;
import dev.threadleak.agent.threads.CurrentWait;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.ThreadRef;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TransferQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * What each waiting thread waits on, in one line a person can act on, and the verdicts the
 * recorded facts alone can prove: a {@code Future.get()} on a task that will never run
 * (discarded, dropped by {@code shutdownNow()}, or its executor terminated without it) is blocked
 * forever; so is a {@code Thread.join()} on a thread that is itself blocked forever, and a
 * monitor entry whose owner is. Everything else is at most suspect: a consumer whose producer is
 * slow looks the same as one whose producer is gone.
 *
 * <p>What it knows: the waits the agent recorded as they began (queues, futures, transfers,
 * exchangers, joins, every AQS synchronizer and condition, {@code StampedLock}, phasers,
 * {@code Object.wait}: since when, the timeout, whether an interrupt ends it), and what the JVM
 * knows at report time for free: a parked thread's blocker ({@code LockSupport.getBlocker}, for
 * any {@code LockSupport.park(blocker)}), the monitor a platform thread waits to enter or waits on
 * and its owner ({@link ThreadMXBean}), a synchronizer's owner and state
 * ({@link SynchronizerInternals}).
 */
public final class WaitFacts {

    /** Where a recorded wait of each kind shows in the stack: absent, the record is stale. */
    private static final Map<Integer, String> WAIT_FRAMES = Map.of(
            WaitListener.CONDITION, "await", WaitListener.FUTURE_TASK, "awaitDone",
            WaitListener.COMPLETABLE_FUTURE, "Get", WaitListener.FORK_JOIN_TASK, "awaitDone",
            WaitListener.THREAD_JOIN, "join", WaitListener.TRANSFER, "", WaitListener.EXCHANGER, "xchange",
            WaitListener.LOCK, "acquire", WaitListener.MONITOR_WAIT, "wait", WaitListener.PHASER, "block");

    private static final int MAX_JOIN_CHAIN = 16;

    private final ThreadRegistry threads;
    private final WaitRegistry waits;
    private final ExecutorRegistry executors;
    private final WaitDetails details;
    /** Looked up on first use: the management classes cost start-up a few dozen classes. */
    private volatile ThreadMXBean jvm;

    public WaitFacts(ThreadRegistry threads, WaitRegistry waits, ExecutorRegistry executors) {
        this(threads, waits, executors, SynchronizerInternals.NONE);
    }

    public WaitFacts(ThreadRegistry threads, WaitRegistry waits, ExecutorRegistry executors,
                     SynchronizerInternals internals) {
        this.threads = threads;
        this.waits = waits;
        this.executors = executors;
        this.details = new WaitDetails(internals);
    }

    /** What a report reads of an object threads wait on: its detail (a latch's count...), its owner, its name. */
    private record ObjectFacts(Object channel, boolean join, String detail, Thread owner, String identity) {
    }

    /** A waiting thread's wait, and the proof that it lasts forever if the facts give one. */
    public record Parked(BlockedOn blockedOn, String proof) {
    }

    /** Facts of one report: who waits on what, so that waits can be described against each other. */
    public Snapshot snapshot() {
        return snapshot(System.currentTimeMillis());
    }

    /** The same, for a report taken at {@code nowMillis}: waits are as old as the report says their threads are. */
    public Snapshot snapshot(long nowMillis) {
        return snapshot(nowMillis, 0);
    }

    /** The same, sized for about {@code threads} threads asked about: growing a map of 100,000 showed in reports. */
    public Snapshot snapshot(long nowMillis, int threads) {
        return new Snapshot(nowMillis, threads);
    }

    /** Answers for one report; computed once per report, since waits refer to each other. */
    public final class Snapshot {
        private final Map<Thread, Parked> described;
        /** What is read of an object waited on, once per report: 100,000 threads on one latch need one read of it. */
        private final Map<Object, ObjectFacts> objects = new IdentityHashMap<>();
        /** What virtual threads parked on a blocker with nothing of their own wait on (see {@link #parkedAlike}). */
        private final Map<Object, Parked> parkedOnBlocker = new IdentityHashMap<>();
        /** Who waits in a transfer on which channel, gathered once per report when first needed. */
        private Map<Object, List<Thread>> transferWaiters;
        /** Which side of a transfer each thread asked about waits on (null: not known), read once per report. */
        private final Map<Thread, Boolean> sides = new IdentityHashMap<>();
        private final long now;

        private Snapshot(long now, int threads) {
            this.now = now;
            this.described = threads > 0 ? new IdentityHashMap<>(threads) : new IdentityHashMap<>();
        }

        /** What {@code t} waits on, or null if it is not waiting on something we can name. */
        public Parked parked(Thread t, StackTraceElement[] stack) {
            return parked(t, stack, 0);
        }

        private Parked parked(Thread t, StackTraceElement[] stack, int depth) {
            Parked known = described.get(t);
            if (known != null) {
                return known;
            }
            Thread.State state = t.getState();
            if (stack == null && (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                    && ThreadRegistry.isVirtual(t)) {
                Parked alike = parkedAlike(t);
                if (alike != null) {
                    return alike;
                }
            }
            Parked parked = state == Thread.State.BLOCKED ? entering(t, stack, depth)
                    : state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING ? waiting(t, stack, depth)
                    : null;
            if (parked != null) {
                described.put(t, parked);
            }
            return parked;
        }

        /**
         * A virtual thread parked on a blocker with no wait recorded, asked about without its
         * stack: nothing of its wait is its own (no recorded wait, no stack, no lock owner of a
         * virtual thread), so it waits exactly as the first such thread parked on that blocker
         * does. 100,000 virtual threads that predate the agent on one latch are described once.
         * Null when the thread does not fit: then it is described on its own.
         */
        private Parked parkedAlike(Thread t) {
            ThreadRecord r = threads.recordOf(t);
            Object blocker = LockSupport.getBlocker(t);
            if (blocker == null || (r != null && r.currentWait() != null)) {
                return null;
            }
            Parked first = parkedOnBlocker.get(blocker);
            if (first == null) {
                first = waiting(t, null, 0, null, blocker);
                if (first != null) {
                    parkedOnBlocker.put(blocker, first);
                    described.put(t, first);
                }
            }
            return first;
        }

        /** A thread parked, or in {@code Object.wait}. */
        private Parked waiting(Thread t, StackTraceElement[] stack, int depth) {
            ThreadRecord r = threads.recordOf(t);
            CurrentWait current = r == null ? null : r.currentWait();
            if (current != null && stack != null && !hasFrame(stack, current.kind())) {
                current = null; // stale: that wait ended by an exception and the thread waits elsewhere now
            }
            CurrentWait w = current == null ? null : current.effective(); // a join, not the park inside it
            return waiting(t, stack, depth, w, LockSupport.getBlocker(t));
        }

        /** The same, with its recorded wait {@code w} (null: none) and its {@code blocker} read. */
        private Parked waiting(Thread t, StackTraceElement[] stack, int depth, CurrentWait w, Object blocker) {
            Object on = w != null ? w.on() : blocker;
            String operation = stack == null ? null : Operations.of(stack);
            if (on == null) {
                return objectWait(t, operation);
            }
            if (operation == null && w == null && stack != null && !(on instanceof Thread)) {
                operation = "java.util.concurrent.locks.LockSupport.park"; // parked on a blocker we do not model
            }
            Object channel = w == null || w.kind() == WaitListener.CONDITION || w.kind() == WaitListener.TRANSFER
                    ? waits.channelOf(on) : on;
            Long since = w == null ? null : Math.max(0, now - Clock.millis(w.sinceNanos()));
            Long timeout = w == null || w.timeoutNanos() < 0 ? null : w.timeoutNanos() / 1_000_000;
            Integer size = null;
            Integer capacity = null;
            boolean transferer = w == null && isSynchronousQueuesOwn(on);
            if (channel instanceof BlockingQueue<?> q && !transferer) {
                size = q.size();
                int remaining = q.remainingCapacity();
                capacity = remaining == Integer.MAX_VALUE ? Integer.MAX_VALUE : size + remaining;
            }
            boolean join = w != null && w.kind() == WaitListener.THREAD_JOIN;
            ObjectFacts facts = factsOf(on, channel, join);
            String detail = channel instanceof SynchronousQueue<?> ? queueDetail(channel, operation, t)
                    : transferer ? transfererDetail(on, operation) : facts.detail();
            Thread owner = join ? (Thread) on : facts.owner();
            ThreadRef holder = owner != null ? new ThreadRef(owner.getId(), owner.getName()) : lockOwner(t, on);
            // Without a stack and without a recorded wait, only the object is known: say just that.
            String named = operation != null ? operation : w == null ? null : Operations.byKind(w.kind(), on);
            BlockedOn blockedOn = new BlockedOn(named, facts.identity(), since, null,
                    timeout, size, capacity, detail, holder, w == null ? null : w.interruptible());
            String proof = proof(w, channel, depth);
            return new Parked(proof == null ? blockedOn : blockedOn.because(proof), proof);
        }

        /** The facts of {@code on} (waited on through {@code channel}) as this report reads them, read once. */
        private ObjectFacts factsOf(Object on, Object channel, boolean join) {
            ObjectFacts known = objects.get(on);
            if (known != null && known.channel() == channel && known.join() == join) {
                return known;
            }
            ObjectFacts facts = new ObjectFacts(channel, join,
                    channel instanceof SynchronousQueue<?> ? null : details.of(on, channel),
                    join ? null : details.owner(on), channel == null ? null : Identity.of(channel));
            objects.put(on, facts);
            return facts;
        }

        /** In {@code Object.wait} without a record (a direct {@code wait(0)} on JDK 17): what the JVM names. */
        private Parked objectWait(Thread t, String operation) {
            if (!"java.lang.Object.wait".equals(operation) || ThreadRegistry.isVirtual(t)) {
                return null; // parked on nothing we can name (sleep, a bare park)
            }
            ThreadInfo info = threadInfo(t);
            LockInfo monitor = info == null ? null : info.getLockInfo();
            return new Parked(new BlockedOn(operation, named(monitor), null, null, null, null, null, null, null, true),
                    null);
        }

        /** Blocked entering a monitor: the JVM names the monitor and its owner (of a platform thread). */
        private Parked entering(Thread t, StackTraceElement[] stack, int depth) {
            ThreadInfo info = ThreadRegistry.isVirtual(t) ? null : threadInfo(t);
            LockInfo monitor = info == null ? null : info.getLockInfo();
            ThreadRef owner = info == null || info.getLockOwnerId() < 0 ? null
                    : new ThreadRef(info.getLockOwnerId(), info.getLockOwnerName());
            BlockedOn blockedOn = new BlockedOn(Operations.entering(stack), named(monitor), null, null, null, null, null,
                    null, owner, false);
            String proof = owner == null ? null : ownerForever(owner, depth);
            return new Parked(proof == null ? blockedOn : blockedOn.because(proof), proof);
        }

        /**
         * The monitor as the JVM names it, and which standard stream it is, if one: a test's thread
         * blocked on {@code java.io.BufferedInputStream@74075134}, owned by Surefire's command
         * reader, was {@code System.in}, which the report did not say (jline3's trial).
         */
        private static String named(LockInfo monitor) {
            if (monitor == null) {
                return null;
            }
            String stream = isOf(monitor, System.in) ? "System.in" : isOf(monitor, System.out) ? "System.out"
                    : isOf(monitor, System.err) ? "System.err" : null;
            return stream == null ? monitor.toString() : monitor + " (" + stream + ")";
        }

        private static boolean isOf(LockInfo monitor, Object stream) {
            return stream != null && monitor.getIdentityHashCode() == System.identityHashCode(stream)
                    && monitor.getClassName().equals(stream.getClass().getName());
        }

        /** The proof that a monitor's owner never lets go: it is itself blocked forever. */
        private String ownerForever(ThreadRef owner, int depth) {
            if (depth >= MAX_JOIN_CHAIN) {
                return null;
            }
            for (Map.Entry<Thread, ThreadRecord> e : threads.liveThreads()) {
                if (e.getKey().getId() == owner.id()) {
                    Parked held = parked(e.getKey(), CurrentStacks.of(e.getKey()), depth + 1);
                    return held == null || held.proof() == null ? null
                            : "its owner " + owner + " never lets go of it: " + held.proof();
                }
            }
            return null;
        }

        private String proof(CurrentWait w, Object channel, int depth) {
            if (w == null || w.timeoutNanos() != CurrentWait.UNTIMED) {
                return null; // a timed wait ends by itself
            }
            if (w.kind() == WaitListener.FUTURE_TASK) {
                return executors.neverRuns(w.on());
            }
            if (w.kind() == WaitListener.THREAD_JOIN && channel instanceof Thread joined && depth < MAX_JOIN_CHAIN) {
                Parked target = parked(joined, CurrentStacks.of(joined), depth + 1);
                if (target != null && target.proof() != null) {
                    return "it joins \"" + joined.getName() + "\" #" + joined.getId() + ", which is blocked forever: "
                            + target.proof();
                }
            }
            return null;
        }

        /** Who holds the synchronizer a platform thread parks on, as the JVM tells it. */
        private ThreadRef lockOwner(Thread t, Object on) {
            if (on == null || ThreadRegistry.isVirtual(t)
                    || !(on instanceof java.util.concurrent.locks.AbstractOwnableSynchronizer)) {
                return null;
            }
            ThreadInfo info = threadInfo(t);
            return info == null || info.getLockOwnerId() < 0 ? null
                    : new ThreadRef(info.getLockOwnerId(), info.getLockOwnerName());
        }

        /**
         * The same, of a {@code SynchronousQueue} known by its internal part only: a wait that began
         * before a late attach is parked on the queue's transferer, which on JDK 21+ is a
         * {@code LinkedTransferQueue} whose size counts the waiting givers (read as a queue, "size 1
         * of unbounded" for one forgotten sender). Its own counts say who waits on the other side;
         * JDK 17's transferer tells nothing.
         */
        private static String transfererDetail(Object on, String operation) {
            if (!(on instanceof TransferQueue<?> q) || operation == null) {
                return null;
            }
            boolean producer = isProducer(operation);
            return othersWaiting(producer, producer ? q.getWaitingConsumerCount() : q.size());
        }

        /** {@code queue empty, no taker waiting}: who waits on the other side of a producer's (or a consumer's) hand-off. */
        private static String othersWaiting(boolean producer, int others) {
            String side = producer ? "taker" : "giver";
            return "queue empty, " + (others == 0 ? "no " + side + " waiting"
                    : others + " " + side + (others == 1 ? "" : "s") + " waiting");
        }

        private String queueDetail(Object channel, String operation, Thread self) {
            if (operation == null) {
                return null;
            }
            boolean producer = isProducer(operation);
            int others = 0;
            for (Thread t : transferWaiters(channel)) {
                if (t != self && isParked(t) && Boolean.valueOf(!producer).equals(producerOrNull(t))) {
                    others++;
                }
            }
            return othersWaiting(producer, others);
        }

        /**
         * The threads whose recorded wait is a transfer on {@code channel}. All channels' are
         * gathered in one walk, on the first call of a report: a walk per waiter described made a
         * report of N waiters on synchronous queues cost N walks of every live thread.
         */
        private List<Thread> transferWaiters(Object channel) {
            if (transferWaiters == null) {
                transferWaiters = new IdentityHashMap<>();
                for (Map.Entry<Thread, ThreadRecord> e : threads.liveThreads()) {
                    CurrentWait w = e.getValue().currentWait();
                    Object on = w == null || w.kind() != WaitListener.TRANSFER ? null : waits.channelOf(w.on());
                    if (on != null) {
                        transferWaiters.computeIfAbsent(on, c -> new ArrayList<>()).add(e.getKey());
                    }
                }
            }
            return transferWaiters.getOrDefault(channel, List.of());
        }

        /** Whether {@code t} waits to give (true) or to take (false), from its stack, once per report; null if unknown. */
        private Boolean producerOrNull(Thread t) {
            if (!sides.containsKey(t)) {
                StackTraceElement[] stack = CurrentStacks.of(t);
                String op = stack == null ? null : Operations.of(stack);
                sides.put(t, op == null ? null : isProducer(op));
            }
            return sides.get(t);
        }
    }

    /** What the JVM knows of a platform thread's wait; null if it does not say, or a SecurityManager denies it. */
    private ThreadInfo threadInfo(Thread t) {
        try {
            ThreadMXBean bean = jvm;
            if (bean == null) {
                bean = ManagementFactory.getThreadMXBean();
                jvm = bean;
            }
            return bean.getThreadInfo(t.getId());
        } catch (SecurityException e) {
            return null;
        }
    }

    /** An object of the JDK's {@code SynchronousQueue}'s own classes: its transferer, which a waiter parks on. */
    private static boolean isSynchronousQueuesOwn(Object on) {
        return on.getClass().getName().startsWith("java.util.concurrent.SynchronousQueue$");
    }

    private static boolean isProducer(String operation) {
        String method = operation.substring(operation.lastIndexOf('.') + 1);
        return method.startsWith("put") || method.startsWith("offer") || method.contains("ransfer");
    }

    private static boolean isParked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    private static boolean hasFrame(StackTraceElement[] stack, int kind) {
        String marker = WAIT_FRAMES.get(kind);
        if (marker == null || marker.isEmpty()) {
            return true;
        }
        int n = Math.min(stack.length, 24);
        for (int i = 0; i < n; i++) {
            if (stack[i].getMethodName().contains(marker)) {
                return true;
            }
        }
        return false;
    }
}
