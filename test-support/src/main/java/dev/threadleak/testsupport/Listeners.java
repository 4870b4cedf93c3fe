package dev.threadleak.testsupport;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a library that keeps a JVM-wide pool in a static field, and whose first listener
 * starts a loop on it that runs as long as the JVM (Seata's file listener): code from outside a
 * test's own class path entry.
 */
public final class Listeners {
    /** The library's pool, one worker, daemon: made by {@link #pool()}, the first time. */
    private static ExecutorService pool;
    private static Future<?> loop;
    private static volatile boolean stop;

    private Listeners() {
    }

    /** The library's JVM-wide pool, made by the first caller and kept for the JVM's life. */
    public static synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "listeners-pool");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** A listener's registration: the first starts the library's loop. */
    public static synchronized void listen() {
        if (loop == null) {
            stop = false;
            loop = pool().submit(Listeners::pollEvery300Millis);
        }
    }

    /** The library's loop; ends at {@link #stop}. */
    private static void pollEvery300Millis() {
        try {
            while (!stop) {
                Thread.sleep(300);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the library's loop, and waits for it. */
    public static synchronized void stop() throws Exception {
        stop = true;
        if (loop != null) {
            loop.get(5, TimeUnit.SECONDS);
            loop = null;
        }
    }
}
