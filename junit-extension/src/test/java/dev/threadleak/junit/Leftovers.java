package dev.threadleak.junit;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Timer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the fixtures leak on purpose, released after each test of this module so that one test's
 * leaks never reach the next: threads parked on a queue get an item, pools are shut down.
 */
final class Leftovers {

    private static final Object STOP = new Object();
    private static final List<Runnable> RELEASES = new CopyOnWriteArrayList<>();
    private static final List<Thread> THREADS = new CopyOnWriteArrayList<>();

    private Leftovers() {
    }

    /** A task that parks on a queue until {@link #releaseAll()}: the classic forgotten consumer. */
    static Runnable parkedOnQueue() {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        RELEASES.add(() -> queue.offer(STOP));
        return () -> {
            try {
                queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** A task that waits for {@code latch}, which {@link #releaseAll()} also opens. */
    static Runnable waitingFor(CountDownLatch latch) {
        RELEASES.add(latch::countDown);
        return () -> {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    static Thread track(Thread thread) {
        THREADS.add(thread);
        return thread;
    }

    static <E extends ExecutorService> E track(E pool) {
        RELEASES.add(pool::shutdownNow);
        return pool;
    }

    /** Shut down after the test if it is still there: held weakly, so that the collector may take it first. */
    static void trackWeakly(ExecutorService pool) {
        WeakReference<ExecutorService> weak = new WeakReference<>(pool);
        RELEASES.add(() -> {
            ExecutorService p = weak.get();
            if (p != null) {
                p.shutdownNow();
            }
        });
    }

    static Timer track(Timer timer) {
        RELEASES.add(timer::cancel);
        return timer;
    }

    /** Daemon threads named {@code prefix-1}, {@code prefix-2}, ..., each tracked. */
    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return track(t);
        };
    }

    static void releaseAll() throws InterruptedException {
        for (Runnable release : RELEASES) {
            release.run();
        }
        RELEASES.clear();
        for (Thread t : THREADS) {
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
        THREADS.clear();
    }
}
