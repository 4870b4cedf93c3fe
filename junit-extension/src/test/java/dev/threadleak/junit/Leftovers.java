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
    private static final Lists LISTS = new Lists();

    /**
     * The lists, in a reference object (whose referent is nothing): a heap dump's look for the static
     * fields that keep a leak does not walk through reference objects, so what a fixture leaks stays
     * its test's. Kept in a static list the dump could see, it would be left for the fixture class's
     * end, as a registry's pools are.
     */
    private static final class Lists extends WeakReference<Object> {
        final List<Runnable> releases = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        Lists() {
            super(null);
        }
    }

    private Leftovers() {
    }

    /** A task that parks on a queue until {@link #releaseAll()}: the classic forgotten consumer. */
    static Runnable parkedOnQueue() {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        LISTS.releases.add(() -> queue.offer(STOP));
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
        LISTS.releases.add(latch::countDown);
        return () -> {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    static Thread track(Thread thread) {
        LISTS.threads.add(thread);
        return thread;
    }

    /** Tracked, and interrupted by {@link #releaseAll()}: a sleeper ends so, where nothing else wakes it. */
    static Thread trackInterrupted(Thread thread) {
        LISTS.releases.add(thread::interrupt);
        return track(thread);
    }

    static <E extends ExecutorService> E track(E pool) {
        LISTS.releases.add(pool::shutdownNow);
        return pool;
    }

    /** Shut down after the test if it is still there: held weakly, so that the collector may take it first. */
    static void trackWeakly(ExecutorService pool) {
        WeakReference<ExecutorService> weak = new WeakReference<>(pool);
        LISTS.releases.add(() -> {
            ExecutorService p = weak.get();
            if (p != null) {
                p.shutdownNow();
            }
        });
    }

    /** Runs {@code release} after the test: for what none of the others ends. */
    static void onRelease(Runnable release) {
        LISTS.releases.add(release);
    }

    static Timer track(Timer timer) {
        LISTS.releases.add(timer::cancel);
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
        for (Runnable release : LISTS.releases) {
            release.run();
        }
        LISTS.releases.clear();
        for (Thread t : LISTS.threads) {
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
        LISTS.threads.clear();
    }
}
