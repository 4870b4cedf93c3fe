package dev.threadleak.torture.programs;

import dev.threadleak.testsupport.SignalFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Threads come and go by the thousand, from several threads at once, then many park: what a busy
 * server does to the agent's registries. Args: platform threads churned, virtual threads churned
 * (JDK 21+), virtual threads then parked, platform threads then parked. Prints what ran (every
 * thread counts itself: a lost start or end would show), the heap kept after the churn, and
 * {@code ready} once the parked ones wait; they are let go when the signal file (last arg) appears,
 * and it ends by itself.
 */
public final class Churn {

    private static final int CHURNERS = 4;

    private Churn() {
    }

    public static void main(String[] args) throws Exception {
        int platform = Integer.parseInt(args[0]);
        int virtual = Integer.parseInt(args[1]);
        int parkedVirtual = Integer.parseInt(args[2]);
        int parkedPlatform = Integer.parseInt(args[3]);
        long before = heapAfterGc();

        LongAdder ran = new LongAdder();
        List<Thread> churners = new ArrayList<>();
        for (int c = 0; c < CHURNERS; c++) {
            Thread churner = new Thread(() -> {
                for (int i = 0; i < platform / CHURNERS; i++) {
                    Thread t = new Thread(ran::increment, "churned");
                    t.start();
                    join(t);
                }
            }, "churner-" + c);
            churner.start();
            churners.add(churner);
        }
        ExecutorService virtualThreads = virtualThreadPerTask();
        if (virtualThreads != null) {
            for (int i = 0; i < virtual; i++) {
                virtualThreads.execute(ran::increment);
            }
            close(virtualThreads);
        }
        for (Thread t : churners) {
            t.join();
        }
        System.out.println("ran " + ran.sum());
        System.out.println("heap kept after churn " + Math.max(0, heapAfterGc() - before));

        CountDownLatch release = new CountDownLatch(1);
        List<Thread> parked = new ArrayList<>();
        for (int i = 0; i < parkedPlatform; i++) {
            Thread t = new Thread(() -> await(release), "parked-platform");
            t.setDaemon(true);
            t.start();
            parked.add(t);
        }
        for (int i = 0; i < parkedVirtual; i++) {
            parked.add(startVirtual(() -> await(release)));
        }
        UntilInputCloses.ready();
        if (!SignalFile.await(java.nio.file.Path.of(args[4]))) {
            System.out.println("no signal");
        }
        release.countDown();
        for (Thread t : parked) {
            t.join();
        }
        System.out.println("all let go");
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()} where the JDK has it (21+), else null. */
    static ExecutorService virtualThreadPerTask() throws ReflectiveOperationException {
        if (Runtime.version().feature() < 21) {
            return null;
        }
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    /** {@code Thread.ofVirtual().start(body)}, on the API of JDK 17 (only called on 21+). */
    static Thread startVirtual(Runnable body) throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        return (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class).invoke(builder, body);
    }

    /** What {@code close()} does (JDK 19+), on the API of JDK 17. */
    static void close(ExecutorService executor) throws InterruptedException {
        executor.shutdown();
        while (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
            // a churn of a million threads may take a while on two cores
        }
    }

    static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
