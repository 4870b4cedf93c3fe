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
 * task waiting for good; with {@code shutdown-now-ignored}, the pool is stopped with
 * {@code shutdownNow()} and its task swallows the interrupt and waits on; with
 * {@code in-initializer}, a class's static initializer makes the pool, submits its loop and shuts
 * it down (Sentinel's command center).
 */
public final class ShutDownPoolAtExitProgram {

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "" : args[0];
        if (mode.equals("in-initializer")) {
            CommandCenter.STARTED.await();
            return;
        }
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "process-waiter");
            t.setDaemon(true);
            return t;
        });
        if (mode.equals("shutdown-now-ignored")) {
            pool.execute(() -> waitSwallowingInterrupts(started));
            started.await();
            pool.shutdownNow();
            return;
        }
        boolean shutDown = !mode.equals("never-shut-down");
        long endsAfterMillis = mode.isEmpty() || !shutDown ? -1 : Long.parseLong(mode);
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

    private static void waitSwallowingInterrupts(CountDownLatch started) {
        started.countDown();
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            try {
                never.await();
            } catch (InterruptedException e) {
                // the bug: told to stop, it waits on
            }
        }
    }

    /** A server made once for the JVM: its accept loop submitted, then its pool shut down, as servers do. */
    static final class CommandCenter {
        static final CountDownLatch STARTED = new CountDownLatch(1);
        private static final ExecutorService POOL = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "command-center");
            t.setDaemon(true);
            return t;
        });

        static {
            POOL.execute(() -> {
                STARTED.countDown();
                awaitQuietly(new CountDownLatch(1));
            });
            POOL.shutdown();
        }

        private CommandCenter() {
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            // the JVM ends
        }
    }
}
