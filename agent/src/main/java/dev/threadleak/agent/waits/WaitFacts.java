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
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * What each parked thread waits on, in words a person can act on, and the verdicts the recorded
 * facts alone can prove: a {@code Future.get()} on a task that will never run (discarded,
 * dropped by {@code shutdownNow()}, or its executor terminated without it) is blocked forever;
 * so is a {@code Thread.join()} on a thread that is itself blocked forever. Everything else is at
 * most suspect: a consumer whose producer is slow looks the same as one whose producer is gone.
 */
public final class WaitFacts {

    /** Public blocking operations by class: the frame that names what the thread is doing. */
    private static final Map<String, Set<String>> OPERATIONS = new HashMap<>();

    static {
        Set<String> queueOps = Set.of("put", "take", "offer", "poll", "putFirst", "putLast", "takeFirst", "takeLast",
                "offerFirst", "offerLast", "pollFirst", "pollLast", "transfer", "tryTransfer");
        for (String q : List.of("ArrayBlockingQueue", "LinkedBlockingQueue", "LinkedBlockingDeque",
                "PriorityBlockingQueue", "DelayQueue", "SynchronousQueue", "LinkedTransferQueue")) {
            OPERATIONS.put("java.util.concurrent." + q, queueOps);
        }
        OPERATIONS.put("java.util.concurrent.Exchanger", Set.of("exchange"));
        OPERATIONS.put("java.util.concurrent.FutureTask", Set.of("get"));
        OPERATIONS.put("java.util.concurrent.CompletableFuture", Set.of("get", "join"));
        OPERATIONS.put("java.util.concurrent.ForkJoinTask", Set.of("get", "join", "invoke"));
        OPERATIONS.put("java.lang.Thread", Set.of("join"));
        OPERATIONS.put("java.util.concurrent.CountDownLatch", Set.of("await"));
        OPERATIONS.put("java.util.concurrent.CyclicBarrier", Set.of("await"));
        OPERATIONS.put("java.util.concurrent.Semaphore", Set.of("acquire", "acquireUninterruptibly"));
    }

    private static final Map<Integer, String> WAIT_FRAMES = Map.of(
            WaitListener.CONDITION, "await", WaitListener.FUTURE_TASK, "awaitDone",
            WaitListener.COMPLETABLE_FUTURE, "Get", WaitListener.FORK_JOIN_TASK, "awaitDone",
            WaitListener.THREAD_JOIN, "join", WaitListener.TRANSFER, "", WaitListener.EXCHANGER, "xchange");

    private static final int MAX_JOIN_CHAIN = 16;

    private final ThreadRegistry threads;
    private final WaitRegistry waits;
    private final ExecutorRegistry executors;

    public WaitFacts(ThreadRegistry threads, WaitRegistry waits, ExecutorRegistry executors) {
        this.threads = threads;
        this.waits = waits;
        this.executors = executors;
    }

    /** A parked thread's wait, and the proof that it lasts forever if the facts give one. */
    public record Parked(BlockedOn blockedOn, String proof) {
    }

    /** Facts of one report: who waits on what, so that waits can be described against each other. */
    public Snapshot snapshot() {
        return new Snapshot();
    }

    /** Answers for one report; computed once per report, since waits refer to each other. */
    public final class Snapshot {
        private final Map<Thread, Parked> described = new IdentityHashMap<>();

        private Snapshot() {
        }

        /** What {@code t} is parked on, or null if it is not parked on something we know. */
        public Parked parked(Thread t, StackTraceElement[] stack) {
            return parked(t, stack, 0);
        }

        private Parked parked(Thread t, StackTraceElement[] stack, int depth) {
            Parked known = described.get(t);
            if (known != null) {
                return known;
            }
            if (!isParked(t)) {
                return null;
            }
            ThreadRecord r = threads.recordOf(t);
            CurrentWait w = r == null ? null : r.currentWait();
            if (w != null && stack != null && !hasFrame(stack, w.kind())) {
                w = null; // stale: that wait ended by an exception and the thread parks elsewhere now
            }
            Object on = w != null ? w.on() : LockSupport.getBlocker(t);
            Object channel = w != null && (w.kind() == WaitListener.CONDITION || w.kind() == WaitListener.TRANSFER)
                    ? waits.channelOf(on) : on;
            if (w == null && on != null) {
                channel = waits.channelOf(on);
            }
            String operation = stack == null ? null : operation(stack);
            if (operation == null && w == null && (stack != null || on == null)) {
                return null; // parked in something we do not model (a lock, sleep, Object.wait)
            }
            long now = System.currentTimeMillis();
            Long since = w == null ? null : now - Clock.millis(w.sinceNanos());
            Long timeout = w == null || w.timeoutNanos() < 0 ? null : w.timeoutNanos() / 1_000_000;
            Integer size = null;
            Integer capacity = null;
            if (channel instanceof BlockingQueue<?> q) {
                size = q.size();
                int remaining = q.remainingCapacity();
                capacity = remaining == Integer.MAX_VALUE ? Integer.MAX_VALUE : size + remaining;
            }
            String detail = detail(channel, operation, t);
            // Without a stack and without a recorded wait, only the object is known: say just that.
            BlockedOn blockedOn = new BlockedOn(operation != null ? operation : w == null ? null : defaultOperation(w),
                    channel == null ? null : Identity.of(channel), since, null, timeout, size, capacity, detail);
            String proof = proof(w, channel, depth);
            Parked parked = new Parked(proof == null ? blockedOn : blockedOn.because(proof), proof);
            described.put(t, parked);
            return parked;
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

        private String detail(Object channel, String operation, Thread self) {
            if (!(channel instanceof SynchronousQueue<?>) || operation == null) {
                return null;
            }
            boolean producer = isProducer(operation);
            int others = 0;
            for (Map.Entry<Thread, ThreadRecord> e : threads.liveThreads()) {
                CurrentWait w = e.getValue().currentWait();
                Thread t = e.getKey();
                if (t != self && w != null && w.kind() == WaitListener.TRANSFER && waits.channelOf(w.on()) == channel
                        && isParked(t)) {
                    StackTraceElement[] stack = CurrentStacks.of(t);
                    String op = stack == null ? null : operation(stack);
                    if (op != null && isProducer(op) != producer) {
                        others++;
                    }
                }
            }
            String side = producer ? "taker" : "giver";
            return "queue empty, " + (others == 0 ? "no " + side + " waiting"
                    : others + " " + side + (others == 1 ? "" : "s") + " waiting");
        }
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

    /** The outermost known blocking operation at the top of the stack, as {@code Class.method}. */
    static String operation(StackTraceElement[] stack) {
        int n = Math.min(stack.length, 32);
        for (int i = 0; i < n; i++) {
            Set<String> ops = OPERATIONS.get(stack[i].getClassName());
            if (ops != null && ops.contains(stack[i].getMethodName())) {
                return stack[i].getClassName() + "." + stack[i].getMethodName();
            }
        }
        return null;
    }

    private static String defaultOperation(CurrentWait w) {
        return switch (w.kind()) {
            case WaitListener.FUTURE_TASK -> "java.util.concurrent.FutureTask.get";
            case WaitListener.COMPLETABLE_FUTURE -> "java.util.concurrent.CompletableFuture.get";
            case WaitListener.FORK_JOIN_TASK -> "java.util.concurrent.ForkJoinTask.join";
            case WaitListener.THREAD_JOIN -> "java.lang.Thread.join";
            case WaitListener.EXCHANGER -> "java.util.concurrent.Exchanger.exchange";
            case WaitListener.TRANSFER -> "java.util.concurrent.SynchronousQueue.transfer";
            default -> "java.util.concurrent.locks.Condition.await";
        };
    }
}
