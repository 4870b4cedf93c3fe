package dev.threadleak.testsupport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a library that starts its poller on its own JVM-wide pool on first use, and keeps
 * the poller's future in a static field, to cancel it when it is told to stop: code from outside a
 * test's own class path entry.
 */
public final class Pollers {
    /** The library's pool, one worker, daemon: made by {@link #pool()}, the first time. */
    private static ExecutorService pool;
    /** The poller's future, while it runs. */
    private static Future<?> poller;

    private Pollers() {
    }

    /** The library's JVM-wide pool, made by the first caller and kept for the JVM's life. */
    public static synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "pollers-pool");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** The library's first use starts its poller, and returns once it runs. */
    public static synchronized void use() throws InterruptedException {
        if (poller == null) {
            CountDownLatch running = new CountDownLatch(1);
            poller = pool().submit(() -> pollEvery300Millis(running));
            if (!running.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the library's poller did not start");
            }
        }
    }

    private static void pollEvery300Millis(CountDownLatch running) {
        running.countDown();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(300);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cancels the poller, and waits until the pool's worker is free again. */
    public static synchronized void stop() throws Exception {
        if (poller != null) {
            poller.cancel(true);
            poller = null;
            pool().submit(() -> { }).get(10, TimeUnit.SECONDS);
        }
    }
}
