package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Threads waiting on primitives that someone can still serve, none of which the proof may call
 * blocked forever: a latch and a monitor in static fields; a latch, a semaphore, a condition, a
 * lock and a monitor that a live (sleeping) thread holds and will release later; timed waits,
 * which end by themselves; a latch only its waiter holds, whose {@code Thread} a supervisor holds
 * and will interrupt. One control that is blocked forever shows the proof ran.
 */
public final class ServablePrimitivesProgram {

    static final CountDownLatch STATIC_LATCH = new CountDownLatch(1);
    static final Object STATIC_MONITOR = new Object();

    private ServablePrimitivesProgram() {
    }

    public static void main(String[] args) throws Exception {
        ParkedThreads.startInAnEndedThread("owner", ServablePrimitivesProgram::start, "serve-", 8);
        ParkedThreads.awaitNamed("serve-", 11, EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING,
                Thread.State.BLOCKED));
        System.out.println("parked");
    }

    private static void start() {
        ParkedThreads.waiting("serve-static-latch", STATIC_LATCH::await);
        ParkedThreads.waiting("serve-static-monitor", () -> {
            synchronized (STATIC_MONITOR) {
                STATIC_MONITOR.wait();
            }
        });
        CountDownLatch later = new CountDownLatch(1);
        Semaphore permits = new Semaphore(0);
        ReentrantLock signalled = new ReentrantLock();
        Condition ready = signalled.newCondition();
        ParkedThreads.waiting("serve-later-latch", later::await);
        ParkedThreads.waiting("serve-later-semaphore", permits::acquire);
        ParkedThreads.waiting("serve-later-condition", () -> {
            signalled.lock();
            try {
                ready.await();
            } finally {
                signalled.unlock();
            }
        });
        ParkedThreads.waiting("signaller", () -> { // sleeps, then serves all three
            Thread.sleep(TimeUnit.MINUTES.toMillis(10));
            later.countDown();
            permits.release();
            signalled.lock();
            ready.signalAll();
            signalled.unlock();
        });
        ReentrantLock sleepersLock = new ReentrantLock();
        Object sleepersMonitor = new Object();
        CountDownLatch taken = new CountDownLatch(1);
        ParkedThreads.waiting("lock-sleeper", () -> {
            sleepersLock.lock();
            synchronized (sleepersMonitor) {
                taken.countDown();
                Thread.sleep(TimeUnit.MINUTES.toMillis(10));
            }
        });
        ParkedThreads.quietly(taken::await);
        ParkedThreads.waiting("serve-lock-of-a-sleeper", sleepersLock::lock);
        ParkedThreads.waiting("serve-monitor-of-a-sleeper", () -> {
            synchronized (sleepersMonitor) {
                sleepersMonitor.notifyAll();
            }
        });
        CountDownLatch mine = new CountDownLatch(1);
        ParkedThreads.waiting("serve-timed-latch", () -> mine.await(10, TimeUnit.MINUTES));
        Object timedMonitor = new Object();
        ParkedThreads.waiting("serve-timed-object-wait", () -> {
            synchronized (timedMonitor) {
                timedMonitor.wait(TimeUnit.MINUTES.toMillis(10));
            }
        });
        Thread interruptible = ParkedThreads.daemon("serve-interrupted-latch", () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                // its supervisor stopped it: the end
            }
        });
        ParkedThreads.waiting("supervisor", () -> {
            Thread.sleep(TimeUnit.MINUTES.toMillis(10));
            interruptible.interrupt();
        });
        ParkedThreads.waiting("serve-control", () -> new CountDownLatch(1).await());
    }
}
