package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual threads (JDK 21+) waiting on primitives only their own stacks, or a thread blocked
 * forever, can reach: a latch, an {@code Object.wait} (on JDK 24+ a virtual thread unmounts
 * there), a lock whose holder waits forever. Made by an owner that ends.
 */
public final class VirtualWaitsProgram {

    private VirtualWaitsProgram() {
    }

    public static void main(String[] args) throws Exception {
        List<Thread> started = new ArrayList<>();
        Thread owner = ParkedThreads.daemon("owner", () -> start(started));
        owner.join();
        ParkedThreads.awaitAll(started, EnumSet.of(Thread.State.WAITING));
        started.clear(); // nothing of main's holds them now
        System.out.println("parked");
    }

    private static void start(List<Thread> started) {
        started.add(ParkedThreads.virtual("vt-latch",
                () -> ParkedThreads.quietly(() -> new CountDownLatch(1).await())));
        started.add(ParkedThreads.virtual("vt-object-wait", () -> ParkedThreads.quietly(() -> {
            Object monitor = new Object();
            synchronized (monitor) {
                monitor.wait();
            }
        })));
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch held = new CountDownLatch(1);
        started.add(ParkedThreads.virtual("vt-lock-holder", () -> ParkedThreads.quietly(() -> {
            lock.lock();
            held.countDown();
            new CountDownLatch(1).await();
        })));
        ParkedThreads.quietly(held::await);
        started.add(ParkedThreads.virtual("vt-lock", lock::lock));
    }
}
