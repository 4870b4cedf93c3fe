package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Locks in static fields, so that what runs can always reach them, held by threads that never let
 * go: "owned-holder" holds {@link #LOCK} and waits on a latch only it has, while "owned-waiter-1"
 * and "-2" wait for the lock; "owned-writer" holds {@link #READ_WRITE}'s write lock, stuck the
 * same way, with "owned-write-waiter" and "owned-reader" behind it; "owned-cycle-a" holds
 * {@link #FIRST} and waits for {@link #SECOND}, which "owned-cycle-b" holds while it waits for the
 * first. "owned-served" waits for {@link #SLEEPERS}, whose owner only sleeps. An embedded Tomcat's
 * trial: waiters of a static lock were taken for servable, whoever held it.
 */
public final class OwnedLocksProgram {

    static final ReentrantLock LOCK = new ReentrantLock();
    static final ReentrantReadWriteLock READ_WRITE = new ReentrantReadWriteLock();
    static final ReentrantLock FIRST = new ReentrantLock();
    static final ReentrantLock SECOND = new ReentrantLock();
    static final ReentrantLock SLEEPERS = new ReentrantLock();
    private static final int THREADS = 9;

    private OwnedLocksProgram() {
    }

    public static void main(String[] args) throws Exception {
        ParkedThreads.startInAnEndedThread("owner", OwnedLocksProgram::start, "owned-", THREADS);
        ParkedThreads.awaitNamed("owned-", THREADS, EnumSet.of(Thread.State.WAITING));
        System.out.println("parked");
    }

    private static void start() {
        ParkedThreads.holdingWhileStuck("owned-holder", LOCK::lock);
        ParkedThreads.waiting("owned-waiter-1", LOCK::lock);
        ParkedThreads.waiting("owned-waiter-2", LOCK::lock);
        ParkedThreads.holdingWhileStuck("owned-writer", () -> READ_WRITE.writeLock().lock());
        ParkedThreads.waiting("owned-write-waiter", () -> READ_WRITE.writeLock().lock());
        ParkedThreads.waiting("owned-reader", () -> READ_WRITE.readLock().lock());
        CountDownLatch bothLocked = new CountDownLatch(2);
        ParkedThreads.waiting("owned-cycle-a", () -> lockInTurn(FIRST, bothLocked, SECOND));
        ParkedThreads.waiting("owned-cycle-b", () -> lockInTurn(SECOND, bothLocked, FIRST));
        CountDownLatch asleep = new CountDownLatch(1);
        ParkedThreads.waiting("lock-sleeper", () -> {
            SLEEPERS.lock();
            asleep.countDown();
            Thread.sleep(TimeUnit.MINUTES.toMillis(10)); // a timed wait: it runs on, and may let go
        });
        ParkedThreads.quietly(asleep::await);
        ParkedThreads.waiting("owned-served", SLEEPERS::lock);
    }

    /** Takes {@code mine}, then, once the other thread holds its own, {@code theirs}. */
    private static void lockInTurn(ReentrantLock mine, CountDownLatch bothLocked, ReentrantLock theirs)
            throws InterruptedException {
        mine.lock();
        bothLocked.countDown();
        bothLocked.await();
        theirs.lock();
    }
}
