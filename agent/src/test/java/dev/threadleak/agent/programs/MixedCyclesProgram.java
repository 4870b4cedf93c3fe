package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.EnumSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Two wait-for cycles of mixed primitives, made by an owner that ends. A monitor and a queue:
 * "mq-taker" holds a monitor and takes from a queue that only "mq-putter" would put into, and
 * "mq-putter" is blocked entering that monitor. A lock and a future: "lf-joiner" holds a lock and
 * joins a future that only "lf-locker" would complete, and "lf-locker" waits for the lock.
 * {@code ThreadMXBean.findDeadlockedThreads} sees neither: each cycle runs through a queue or a
 * future.
 */
public final class MixedCyclesProgram {

    private MixedCyclesProgram() {
    }

    public static void main(String[] args) throws Exception {
        ParkedThreads.startInAnEndedThread("owner", MixedCyclesProgram::start, "lf-", 2);
        ParkedThreads.awaitNamed("mq-", 2, EnumSet.of(Thread.State.WAITING, Thread.State.BLOCKED));
        System.out.println("parked");
    }

    private static void start() {
        Object monitor = new Object();
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
        CountDownLatch inside = new CountDownLatch(1);
        ParkedThreads.daemon("mq-taker", () -> {
            synchronized (monitor) {
                inside.countDown();
                try {
                    queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        awaitQuietly(inside);
        ParkedThreads.daemon("mq-putter", () -> {
            synchronized (monitor) {
                queue.add("never");
            }
        });

        ReentrantLock lock = new ReentrantLock();
        CompletableFuture<String> future = new CompletableFuture<>();
        CountDownLatch locked = new CountDownLatch(1);
        ParkedThreads.daemon("lf-joiner", () -> {
            lock.lock();
            try {
                locked.countDown();
                future.join();
            } finally {
                lock.unlock();
            }
        });
        awaitQuietly(locked);
        ParkedThreads.daemon("lf-locker", () -> {
            lock.lock();
            try {
                future.complete("never");
            } finally {
                lock.unlock();
            }
        });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
