package dev.threadleak.torture.programs;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Creates and closes many executors (thread-per-task virtual ones on JDK 21+, fixed pools before),
 * one task each, then prints the heap kept after a full GC, {@code used KB}, every 100 ms until its
 * input closes: memory the agent holds for executors long gone shows there. Args: executors.
 */
public final class ExecutorChurn {

    private ExecutorChurn() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        System.out.println("baseline " + heapKb());
        for (int i = 0; i < n; i++) {
            ExecutorService e = Churn.virtualThreadPerTask();
            if (e == null) {
                e = Executors.newFixedThreadPool(1);
            }
            e.submit(() -> 1);
            Churn.close(e);
        }
        System.out.println("churned " + n);
        Thread reporter = new Thread(() -> {
            try {
                while (true) {
                    System.out.println("used " + heapKb());
                    Thread.sleep(100); // a sample every 100 ms is what this program is for
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "heap-sampler");
        reporter.setDaemon(true);
        reporter.start();
        UntilInputCloses.await();
    }

    private static long heapKb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 10;
    }
}
