package dev.threadleak.agent.waits;

import static dev.threadleak.agent.bootstrap.WaitListener.COMPLETABLE_FUTURE;
import static dev.threadleak.agent.bootstrap.WaitListener.CONDITION;
import static dev.threadleak.agent.bootstrap.WaitListener.DEADLINE;
import static dev.threadleak.agent.bootstrap.WaitListener.EXCHANGER;
import static dev.threadleak.agent.bootstrap.WaitListener.FORK_JOIN_TASK;
import static dev.threadleak.agent.bootstrap.WaitListener.FUTURE_TASK;
import static dev.threadleak.agent.bootstrap.WaitListener.LOCK;
import static dev.threadleak.agent.bootstrap.WaitListener.MONITOR_WAIT;
import static dev.threadleak.agent.bootstrap.WaitListener.PHASER;
import static dev.threadleak.agent.bootstrap.WaitListener.THREAD_JOIN;
import static dev.threadleak.agent.bootstrap.WaitListener.TRANSFER;
import static dev.threadleak.agent.weaving.HookPoint.THIS;
import static dev.threadleak.agent.weaving.HookPoint.arg;
import static dev.threadleak.agent.weaving.HookPoint.constant;
import static dev.threadleak.agent.weaving.HookPoint.entry;
import static dev.threadleak.agent.weaving.HookPoint.exit;
import static dev.threadleak.agent.weaving.HookPoint.field;
import static dev.threadleak.agent.weaving.HookPoint.intArg;
import static dev.threadleak.agent.weaving.HookPoint.longArg;

import dev.threadleak.agent.weaving.HookPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the JDK parks a thread that waits (jvm-notes.md, checked with javap on 17 and 25). We
 * advise the methods that run only once a thread has found it must wait: the condition awaits
 * (of the blocking queues, barriers and every lock), the AQS and AQLS {@code acquire(Node, ...)}
 * that every synchronizer built on them reaches only when its fast path failed (locks,
 * semaphores, latches, user classes; the same shape on 17, 21 and 25), {@code StampedLock}'s
 * {@code acquireWrite/acquireRead}, a phaser's {@code QNode.block}, {@code Object.wait} (the
 * Java {@code wait()} on 17, whose {@code wait(long)} is native; {@code wait(long)} on 21+,
 * which calls the native {@code wait0}), {@code FutureTask.awaitDone},
 * {@code CompletableFuture.waitingGet/timedGet}, {@code ForkJoinTask.awaitDone},
 * {@code Thread.join(long)}, the transfer queues' await ({@code DualNode.await} on 22+). The
 * exchanger is advised at {@code exchange} itself: its parking methods differ between JDKs.
 * Measured here: bookkeeping every put/take made an uncontended queue 5-10x slower; bookkeeping
 * only the park keeps it at par. One exception: JDK 17's SynchronousQueue parks inside
 * {@code transfer}, so there every operation is recorded (it is a rendezvous anyway). Queue and
 * barrier constructors map their conditions back to them: a condition has no pointer to its
 * owner. A monitor entry ({@code BLOCKED}) is never advised: the JVM knows the monitor and its
 * owner when a report asks.
 */
public final class WaitInstrumentation {

    private static final String BEGIN = "(Ljava/lang/Object;IJ)V";
    private static final String BEGIN_TIMED = "(Ljava/lang/Object;IZJ)V";
    private static final String BEGIN_FULL = "(Ljava/lang/Object;IZZJ)V";
    private static final String END = "()V";
    private static final String PART = "(Ljava/lang/Object;Ljava/lang/Object;)V";
    private static final String CONDITION_OBJECT = "java/util/concurrent/locks/AbstractQueuedSynchronizer$ConditionObject";
    private static final String LONG_CONDITION_OBJECT =
            "java/util/concurrent/locks/AbstractQueuedLongSynchronizer$ConditionObject";
    private static final String COND = "Ljava/util/concurrent/locks/Condition;";

    private WaitInstrumentation() {
    }

    public static List<HookPoint> points() {
        List<HookPoint> p = new ArrayList<>();
        for (String condition : List.of(CONDITION_OBJECT, LONG_CONDITION_OBJECT)) {
            conditionAwaits(p, condition);
        }
        for (String aqs : List.of("AbstractQueuedSynchronizer", "AbstractQueuedLongSynchronizer")) {
            String owner = "java/util/concurrent/locks/" + aqs;
            String arg = aqs.contains("Long") ? "J" : "I";
            int flags = aqs.contains("Long") ? 5 : 4; // slots after this, the node and the argument
            full(p, owner, "acquire", "(L" + owner + "$Node;" + arg + "ZZZJ)I", THIS, constant(LOCK | DEADLINE),
                    intArg(flags), intArg(flags + 1), longArg(flags + 2));
        }
        for (String acquire : List.of("acquireWrite", "acquireRead")) {
            full(p, "java/util/concurrent/locks/StampedLock", acquire, "(ZZJ)J", THIS, constant(LOCK | DEADLINE),
                    intArg(1), intArg(2), longArg(3));
        }
        String qnode = "java/util/concurrent/Phaser$QNode";
        full(p, qnode, "block", "()Z", field(qnode, "phaser", "Ljava/util/concurrent/Phaser;"), constant(PHASER),
                field(qnode, "interruptible", "Z"), field(qnode, "timed", "Z"), field(qnode, "nanos", "J"));
        waits(p, "java/lang/Object", "wait", "()V", THIS, constant(MONITOR_WAIT), constant(0L));
        waits(p, "java/lang/Object", "wait", "(J)V", THIS, constant(MONITOR_WAIT), longArg(1)); // native on 17: left alone
        timedWaits(p, "java/util/concurrent/FutureTask", "awaitDone", "(ZJ)I", THIS, constant(FUTURE_TASK), intArg(1),
                longArg(2));
        full(p, "java/util/concurrent/CompletableFuture", "waitingGet", "(Z)Ljava/lang/Object;", THIS,
                constant(COMPLETABLE_FUTURE), intArg(1), constant(0), constant(0L)); // join() is not interruptible
        waits(p, "java/util/concurrent/CompletableFuture", "timedGet", "(J)Ljava/lang/Object;", THIS,
                constant(COMPLETABLE_FUTURE), longArg(1));
        String fjt = "java/util/concurrent/ForkJoinTask";
        full(p, fjt, "awaitDone", "(Ljava/util/concurrent/ForkJoinPool;ZZZJ)I", THIS, constant(FORK_JOIN_TASK),
                intArg(3), intArg(4), longArg(5)); // JDK 17: (pool, ran, interruptible, timed, nanos)
        full(p, fjt, "awaitDone", "(Ljava/util/concurrent/ForkJoinPool;IZJ)I", THIS,
                constant(FORK_JOIN_TASK | DEADLINE), intArg(3), constant(1), longArg(4)); // 21+: deadline 0 = none
        full(p, fjt, "awaitDone", "(ZJ)I", THIS, constant(FORK_JOIN_TASK | DEADLINE), intArg(1), constant(1),
                longArg(2));
        waits(p, "java/lang/Thread", "join", "(J)V", THIS, constant(THREAD_JOIN), longArg(1));
        waits(p, "java/util/concurrent/LinkedTransferQueue$DualNode", "await",
                "(Ljava/lang/Object;JLjava/lang/Object;Z)Ljava/lang/Object;", arg(4), constant(TRANSFER), longArg(2));
        timedWaits(p, "java/util/concurrent/LinkedTransferQueue", "awaitMatch",
                "(Ljava/util/concurrent/LinkedTransferQueue$Node;Ljava/util/concurrent/LinkedTransferQueue$Node;"
                        + "Ljava/lang/Object;ZJ)Ljava/lang/Object;", THIS, constant(TRANSFER), intArg(4), longArg(5));
        for (String transferer : List.of("TransferStack", "TransferQueue")) {
            timedWaits(p, "java/util/concurrent/SynchronousQueue$" + transferer, "transfer",
                    "(Ljava/lang/Object;ZJ)Ljava/lang/Object;", THIS, constant(TRANSFER), intArg(2), longArg(3));
        }
        // Its parking methods differ between 17 and 25; an exchange is a rendezvous anyway.
        waits(p, "java/util/concurrent/Exchanger", "exchange", "(Ljava/lang/Object;)Ljava/lang/Object;", THIS,
                constant(EXCHANGER), constant(-1L));
        waits(p, "java/util/concurrent/Exchanger", "exchange",
                "(Ljava/lang/Object;JLjava/util/concurrent/TimeUnit;)Ljava/lang/Object;", THIS, constant(EXCHANGER),
                constant(-2L));
        for (String queue : List.of("ArrayBlockingQueue", "LinkedBlockingQueue", "LinkedBlockingDeque")) {
            part(p, queue, "notEmpty", COND);
            part(p, queue, "notFull", COND);
        }
        part(p, "PriorityBlockingQueue", "notEmpty", COND);
        part(p, "DelayQueue", "available", COND);
        part(p, "SynchronousQueue", "transferer", "Ljava/util/concurrent/SynchronousQueue$Transferer;");
        part(p, "CyclicBarrier", "trip", COND);
        return p;
    }

    private static void conditionAwaits(List<HookPoint> p, String condition) {
        waits(p, condition, "await", "()V", THIS, constant(CONDITION), constant(-1L));
        uninterruptible(p, condition, "awaitUninterruptibly", "()V", THIS, constant(CONDITION));
        waits(p, condition, "awaitNanos", "(J)J", THIS, constant(CONDITION), longArg(1));
        waits(p, condition, "await", "(JLjava/util/concurrent/TimeUnit;)Z", THIS, constant(CONDITION), constant(-2L));
        waits(p, condition, "awaitUntil", "(Ljava/util/Date;)Z", THIS, constant(CONDITION), constant(-2L));
    }

    private static void waits(List<HookPoint> p, String owner, String method, String descriptor, HookPoint.Load... loads) {
        p.add(entry(owner, method, descriptor, "waitBegins", BEGIN, loads));
        p.add(exit(owner, method, descriptor, "waitEnds", END));
    }

    private static void uninterruptible(List<HookPoint> p, String owner, String method, String descriptor,
                                        HookPoint.Load on, HookPoint.Load kind) {
        full(p, owner, method, descriptor, on, kind, constant(0), constant(0), constant(0L));
    }

    /** {@code (on, kind, interruptible, timed, nanos)}. */
    private static void full(List<HookPoint> p, String owner, String method, String descriptor,
                             HookPoint.Load... loads) {
        p.add(entry(owner, method, descriptor, "waitBeginsTimed", BEGIN_FULL, loads));
        p.add(exit(owner, method, descriptor, "waitEnds", END));
    }

    private static void timedWaits(List<HookPoint> p, String owner, String method, String descriptor,
                                   HookPoint.Load... loads) {
        p.add(entry(owner, method, descriptor, "waitBeginsTimed", BEGIN_TIMED, loads));
        p.add(exit(owner, method, descriptor, "waitEnds", END));
    }

    private static void part(List<HookPoint> p, String queue, String field, String type) {
        String owner = "java/util/concurrent/" + queue;
        p.add(exit(owner, "<init>", null, "channelPart", PART, THIS, field(owner, field, type)));
    }
}
