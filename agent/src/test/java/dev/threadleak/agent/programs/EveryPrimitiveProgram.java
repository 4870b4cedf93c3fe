package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * One thread (or pair) per primitive, each waiting on something that only its own stack, or a
 * thread itself blocked forever, can reach: an owner makes them all and ends. Every one of them
 * can be proven blocked forever. A few GCs before the exit: on JDK 17 a GC with a thread in a
 * woven {@code Condition.awaitUninterruptibly} once brought the JVM down.
 */
public final class EveryPrimitiveProgram {

    private static final int THREADS = 19;

    private EveryPrimitiveProgram() {
    }

    public static void main(String[] args) throws Exception {
        ParkedThreads.startInAnEndedThread("owner", EveryPrimitiveProgram::start, "prim-", THREADS - 1);
        ParkedThreads.awaitNamed("prim-", THREADS, EnumSet.of(Thread.State.WAITING, Thread.State.BLOCKED));
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        System.out.println("parked");
    }

    private static void start() {
        ParkedThreads.waiting("prim-latch", () -> new CountDownLatch(1).await());
        ParkedThreads.waiting("prim-semaphore", () -> new Semaphore(0).acquire());
        ParkedThreads.waiting("prim-semaphore-uninterruptibly", () -> new Semaphore(0).acquireUninterruptibly());
        ReentrantLock lock = new ReentrantLock();
        ParkedThreads.holdingWhileStuck("prim-lock-holder", lock::lock);
        ParkedThreads.waiting("prim-lock", lock::lock);
        ReentrantReadWriteLock readWrite = new ReentrantReadWriteLock();
        ParkedThreads.holdingWhileStuck("prim-write-holder", () -> readWrite.writeLock().lock());
        ParkedThreads.waiting("prim-read-lock", () -> readWrite.readLock().lock());
        ParkedThreads.waiting("prim-condition", () -> {
            ReentrantLock mine = new ReentrantLock();
            Condition never = mine.newCondition();
            mine.lock();
            never.await();
        });
        ParkedThreads.waiting("prim-condition-uninterruptibly", () -> {
            ReentrantLock mine = new ReentrantLock();
            mine.lock();
            mine.newCondition().awaitUninterruptibly();
        });
        ParkedThreads.waiting("prim-barrier", () -> new CyclicBarrier(2).await());
        ParkedThreads.waiting("prim-phaser", () -> new Phaser(2).arriveAndAwaitAdvance());
        StampedLock stamped = new StampedLock();
        ParkedThreads.holdingWhileStuck("prim-stamped-holder", stamped::writeLock);
        ParkedThreads.waiting("prim-stamped", stamped::readLock);
        ParkedThreads.waiting("prim-park", () -> LockSupport.park(new Gate()));
        ParkedThreads.waiting("prim-object-wait", () -> {
            Object monitor = new Object();
            synchronized (monitor) {
                monitor.wait();
            }
        });
        ParkedThreads.waiting("prim-gate", () -> new Gate().sync.acquireSharedInterruptibly(1));
        ParkedThreads.waiting("prim-long-gate", () -> new LongGate().acquireShared(1));
        Object monitor = new Object();
        CountDownLatch entered = new CountDownLatch(1);
        ParkedThreads.waiting("prim-monitor-owner", () -> {
            synchronized (monitor) {
                entered.countDown();
                new CountDownLatch(1).await();
            }
        });
        ParkedThreads.quietly(entered::await);
        ParkedThreads.daemon("prim-monitor-entry", () -> {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        });
    }

    /** A user class on AQS: a gate nobody opens. */
    static final class Gate {
        final Sync sync = new Sync();

        static final class Sync extends AbstractQueuedSynchronizer {
            @Override
            protected int tryAcquireShared(int arg) {
                return getState() == 1 ? 1 : -1;
            }
        }
    }

    /** A user class on AQLS. */
    static final class LongGate extends AbstractQueuedLongSynchronizer {
        @Override
        protected long tryAcquireShared(long arg) {
            return getState() == 1 ? 1 : -1;
        }
    }
}
