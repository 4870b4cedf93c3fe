package dev.threadleak.testsupport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a library that keeps a JVM-wide pool in a static field, and whose first listener
 * starts a loop on it that runs as long as the JVM (Seata's file listener): code from outside a
 * test's own class path entry.
 */
public final class Listeners {
    /** The library's pool, one worker, daemon: made by {@link #pool()}, the first time. */
    private static ExecutorService pool;
    /** Counted down as the library's loop ends; null while none was started. */
    private static CountDownLatch loopEnded;
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

    /**
     * A listener's registration: the first starts the library's loop. Its future is not kept, as
     * Seata keeps none: a library that keeps it in a static field holds the loop as a singleton,
     * which is another case.
     */
    public static synchronized void listen() {
        if (loopEnded == null) {
            stop = false;
            CountDownLatch ended = new CountDownLatch(1);
            loopEnded = ended;
            pool().execute(() -> pollEvery300Millis(ended));
        }
    }

    /** The library's loop; ends at {@link #stop}. */
    private static void pollEvery300Millis(CountDownLatch ended) {
        try {
            while (!stop) {
                Thread.sleep(300);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended.countDown();
        }
    }

    /** Ends the library's loop, and waits for it. */
    public static synchronized void stop() throws Exception {
        stop = true;
        if (loopEnded != null) {
            if (!loopEnded.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the library's loop did not end");
            }
            loopEnded = null;
        }
    }
}
