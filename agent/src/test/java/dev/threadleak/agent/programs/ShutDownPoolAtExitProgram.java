package dev.threadleak.agent.programs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A task that waits for good on a pool its code shut down at once (zt-exec's process waiter, after
 * a start that timed out), with no scope ever open: the task has no record of its own. With an
 * argument, the task ends that many milliseconds after {@code main} returns instead (a pool told to
 * stop as the JVM exits, ending); with {@code never-shut-down}, the pool is left running, its
 * task waiting for good.
 */
public final class ShutDownPoolAtExitProgram {

    public static void main(String[] args) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "process-waiter");
            t.setDaemon(true);
            return t;
        });
        boolean shutDown = args.length == 0 || !args[0].equals("never-shut-down");
        long endsAfterMillis = args.length == 0 || !shutDown ? -1 : Long.parseLong(args[0]);
        pool.execute(() -> {
            started.countDown();
            try {
                if (endsAfterMillis < 0) {
                    new CountDownLatch(1).await();
                } else {
                    new CountDownLatch(1).await(endsAfterMillis, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                // the JVM ends
            }
        });
        if (shutDown) {
            pool.shutdown();
        }
        started.await();
    }
}
