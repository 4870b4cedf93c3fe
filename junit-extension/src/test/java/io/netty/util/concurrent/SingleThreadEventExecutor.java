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
    private final CountDownLatch shutdownAsked = new CountDownLatch(1);
    private final CountDownLatch quiet = new CountDownLatch(1);
    private Thread thread;

    public SingleThreadEventExecutor(long quietPeriodMillis) {
        this.quietPeriodMillis = quietPeriodMillis;
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
                // another task could come: look again
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean confirmShutdown(long start) throws InterruptedException {
        quiet.countDown();
        if (System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(quietPeriodMillis)) {
            return true;
        }
        Thread.sleep(100);
        return false;
    }
}
