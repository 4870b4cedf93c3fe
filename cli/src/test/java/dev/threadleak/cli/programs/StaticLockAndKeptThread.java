package dev.threadleak.cli.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An embedded Tomcat's trial, made small: a static {@link #LOCK} held by "lock-holder", which then
 * waits on a latch only it has, with "lock-waiter-1" and "-2" waiting for the lock; and "kept",
 * parked on a latch of its own, whose {@code Thread} only {@code main} holds. {@code main} is
 * renamed first to {@link #MAIN}, text a terminal would obey, and then reads standard input
 * until it closes (RUNNABLE, holding "kept"). Prints {@code ready} once all four wait.
 */
public final class StaticLockAndKeptThread {

    /** The name {@code main} takes: it clears a terminal's screen, printed as it is. */
    public static final String MAIN = "main\u001b[2J";
    static final ReentrantLock LOCK = new ReentrantLock();

    private StaticLockAndKeptThread() {
    }

    public static void main(String[] args) throws Exception {
        Thread.currentThread().setName(MAIN);
        startTheLockAndItsWaiters();
        Thread kept = ParkedThreads.waiting("kept", () -> new CountDownLatch(1).await());
        ParkedThreads.await(kept, Thread.State.WAITING);
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our input or kills us
        }
        System.out.println(kept.getName());
        System.exit(0);
    }

    /** From a frame that returns: main's frames hold none of these threads. */
    private static void startTheLockAndItsWaiters() throws InterruptedException {
        CountDownLatch taken = new CountDownLatch(1);
        Thread holder = ParkedThreads.waiting("lock-holder", () -> {
            LOCK.lock();
            taken.countDown();
            new CountDownLatch(1).await();
        });
        taken.await();
        ParkedThreads.awaitAll(List.of(holder, ParkedThreads.waiting("lock-waiter-1", LOCK::lock),
                ParkedThreads.waiting("lock-waiter-2", LOCK::lock)));
    }
}
