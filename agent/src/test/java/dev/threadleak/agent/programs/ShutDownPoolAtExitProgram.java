package dev.threadleak.agent.programs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A task that waits for good on a pool its code shut down at once (zt-exec's process waiter, after
 * a start that timed out), with no scope ever open: the task has no record of its own.
 */
public final class ShutDownPoolAtExitProgram {

    public static void main(String[] args) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "process-waiter");
            t.setDaemon(true);
            return t;
        });
        pool.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                // the JVM ends
            }
        });
        pool.shutdown();
        started.await();
    }
}
