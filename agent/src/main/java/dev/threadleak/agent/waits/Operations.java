package dev.threadleak.agent.waits;

import dev.threadleak.agent.bootstrap.WaitListener;
import dev.threadleak.report.Frame;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The blocking operation a thread is in, named as people say it: the outermost JDK method of a
 * known kind at the top of its stack ({@code CountDownLatch.await} rather than the AQS acquire it
 * runs, {@code LinkedBlockingQueue.take} rather than the condition it awaits), or, without a
 * stack, what the recorded wait and its object say.
 */
final class Operations {

    /** Public blocking operations by class. */
    private static final Map<String, Set<String>> BY_CLASS = new HashMap<>();
    /** Classes whose operations people know by an interface's name. */
    private static final Map<String, String> SAID_AS = Map.of(
            "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject", "java.util.concurrent.locks.Condition",
            "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$ConditionObject",
            "java.util.concurrent.locks.Condition");
    private static final int TOP_FRAMES = 32;

    static {
        Set<String> queueOps = Set.of("put", "take", "offer", "poll", "putFirst", "putLast", "takeFirst", "takeLast",
                "offerFirst", "offerLast", "pollFirst", "pollLast", "transfer", "tryTransfer");
        for (String q : List.of("ArrayBlockingQueue", "LinkedBlockingQueue", "LinkedBlockingDeque",
                "PriorityBlockingQueue", "DelayQueue", "SynchronousQueue", "LinkedTransferQueue")) {
            add("java.util.concurrent." + q, queueOps);
        }
        add("java.util.concurrent.Exchanger", Set.of("exchange"));
        add("java.util.concurrent.FutureTask", Set.of("get"));
        add("java.util.concurrent.CompletableFuture", Set.of("get", "join"));
        add("java.util.concurrent.ForkJoinTask", Set.of("get", "join", "invoke"));
        add("java.lang.Thread", Set.of("join"));
        add("java.lang.Object", Set.of("wait"));
        add("java.util.concurrent.CountDownLatch", Set.of("await"));
        add("java.util.concurrent.CyclicBarrier", Set.of("await"));
        add("java.util.concurrent.Semaphore", Set.of("acquire", "acquireUninterruptibly", "tryAcquire"));
        add("java.util.concurrent.Phaser", Set.of("awaitAdvance", "awaitAdvanceInterruptibly", "arriveAndAwaitAdvance"));
        Set<String> lockOps = Set.of("lock", "lockInterruptibly", "tryLock");
        for (String lock : List.of("ReentrantLock", "ReentrantReadWriteLock$ReadLock",
                "ReentrantReadWriteLock$WriteLock", "StampedLock$ReadLockView", "StampedLock$WriteLockView")) {
            add("java.util.concurrent.locks." + lock, lockOps);
        }
        add("java.util.concurrent.locks.StampedLock", Set.of("writeLock", "readLock", "writeLockInterruptibly",
                "readLockInterruptibly", "tryWriteLock", "tryReadLock"));
        Set<String> awaits = Set.of("await", "awaitNanos", "awaitUninterruptibly", "awaitUntil");
        SAID_AS.keySet().forEach(condition -> add(condition, awaits));
        Set<String> acquires = Set.of("acquire", "acquireInterruptibly", "acquireShared", "acquireSharedInterruptibly",
                "tryAcquireNanos", "tryAcquireSharedNanos");
        add("java.util.concurrent.locks.AbstractQueuedSynchronizer", acquires);
        add("java.util.concurrent.locks.AbstractQueuedLongSynchronizer", acquires);
        add("java.util.concurrent.locks.LockSupport", Set.of("park", "parkNanos", "parkUntil"));
    }

    private Operations() {
    }

    private static void add(String className, Set<String> methods) {
        BY_CLASS.put(className, methods);
    }

    /**
     * The outermost known operation among the JDK frames at the top of the stack, as
     * {@code Class.method}; null when there is none. The application's first frame ends the search:
     * a JDK wait the application's code called is the one it is in.
     */
    static String of(StackTraceElement[] stack) {
        String found = null;
        int n = Math.min(stack.length, TOP_FRAMES);
        for (int i = 0; i < n && Frame.isJdkClass(stack[i].getClassName()); i++) {
            Set<String> ops = BY_CLASS.get(stack[i].getClassName());
            if (ops != null && ops.contains(stack[i].getMethodName())) {
                found = SAID_AS.getOrDefault(stack[i].getClassName(), stack[i].getClassName()) + "."
                        + stack[i].getMethodName();
            }
        }
        return found;
    }

    /** The method a thread blocked entering a monitor is in: its top frame. */
    static String entering(StackTraceElement[] stack) {
        return stack == null || stack.length == 0 ? null : stack[0].getClassName() + "." + stack[0].getMethodName();
    }

    /** Without a stack: what a recorded wait of {@code kind} on {@code on} is. */
    static String byKind(int kind, Object on) {
        return switch (kind) {
            case WaitListener.FUTURE_TASK -> "java.util.concurrent.FutureTask.get";
            case WaitListener.COMPLETABLE_FUTURE -> "java.util.concurrent.CompletableFuture.get";
            case WaitListener.FORK_JOIN_TASK -> "java.util.concurrent.ForkJoinTask.join";
            case WaitListener.THREAD_JOIN -> "java.lang.Thread.join";
            case WaitListener.EXCHANGER -> "java.util.concurrent.Exchanger.exchange";
            case WaitListener.TRANSFER -> "java.util.concurrent.SynchronousQueue.transfer";
            case WaitListener.MONITOR_WAIT -> "java.lang.Object.wait";
            case WaitListener.PHASER -> "java.util.concurrent.Phaser.awaitAdvance";
            case WaitListener.LOCK -> bySynchronizer(on);
            default -> "java.util.concurrent.locks.Condition.await";
        };
    }

    /** What an acquire on {@code sync} is, by the class that made it. */
    private static String bySynchronizer(Object sync) {
        String name = sync == null ? "" : sync.getClass().getName();
        if (name.startsWith("java.util.concurrent.CountDownLatch$")) {
            return "java.util.concurrent.CountDownLatch.await";
        }
        if (name.startsWith("java.util.concurrent.Semaphore$")) {
            return "java.util.concurrent.Semaphore.acquire";
        }
        if (name.startsWith("java.util.concurrent.locks.ReentrantLock$")) {
            return "java.util.concurrent.locks.ReentrantLock.lock";
        }
        if (name.startsWith("java.util.concurrent.locks.ReentrantReadWriteLock$")) {
            return "java.util.concurrent.locks.ReentrantReadWriteLock.lock";
        }
        if (name.equals("java.util.concurrent.locks.StampedLock")) {
            return "java.util.concurrent.locks.StampedLock.lock";
        }
        return "java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire";
    }
}
