package io.netty.util.concurrent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Netty's event loop, under its name, for the shape of its graceful shutdown: the
 * loop's thread checks for new tasks every 100 ms until a quiet period passes, then ends. Nobody
 * waits for it.
 */
public final class SingleThreadEventExecutor {

    private final long quietPeriodMillis;
    private final long checkEveryMillis;
    private final boolean stuckAfterACheck;
    private final CountDownLatch shutdownAsked = new CountDownLatch(1);
    private final CountDownLatch never = new CountDownLatch(1);
    private final CountDownLatch quiet = new CountDownLatch(1);
    private volatile boolean endNow;
    private Thread thread;

    public SingleThreadEventExecutor(long quietPeriodMillis) {
        this(quietPeriodMillis, 100, false);
    }

    /**
     * With {@code stuckAfterACheck}, the loop's own work blocks for good after its first look
     * for tasks (a handler that waits for a wake-up nobody sends), as one in Netty's tests does.
     */
    public SingleThreadEventExecutor(long quietPeriodMillis, long checkEveryMillis, boolean stuckAfterACheck) {
        this.quietPeriodMillis = quietPeriodMillis;
        this.checkEveryMillis = checkEveryMillis;
        this.stuckAfterACheck = stuckAfterACheck;
    }

    public Thread thread() {
        return thread;
    }

    /** Ends the quiet period at its next check, as a task-free wait to its end would. */
    public void endQuietPeriod() {
        endNow = true;
    }

    /** Ends a loop that is stuck. */
    public void release() {
        never.countDown();
    }

    public void start() {
        thread = new Thread(this::run, "defaultEventLoop-1-1");
        thread.start();
    }

    /** Asks the loop to end, and returns once it is in its quiet period (Netty's returns at once). */
    public void shutdownGracefully() throws InterruptedException {
        shutdownAsked.countDown();
        quiet.await();
    }

    public void awaitTermination() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    private void run() {
        try {
            shutdownAsked.await();
            long start = System.nanoTime();
            while (!confirmShutdown(start)) {
                if (stuckAfterACheck) {
                    never.await();
                    return; // released
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean confirmShutdown(long start) throws InterruptedException {
        quiet.countDown();
        if (endNow || System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(quietPeriodMillis)) {
            return true;
        }
        Thread.sleep(checkEveryMillis);
        return false;
    }
}
