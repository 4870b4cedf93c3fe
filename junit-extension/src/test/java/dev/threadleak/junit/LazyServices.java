package dev.threadleak.junit;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a library does with threads it means to keep: one service made on first use and kept in
 * a static field for the life of the JVM (its worker and its scheduler are one per JVM, however
 * many tests call it), and, the bug, a worker started per call and kept in a static queue. A
 * top-level class, not the test's: a static field of the test class is the test's own.
 */
final class LazyServices {

    private static Service instance;
    private static final Queue<Thread> PER_CALL = new ConcurrentLinkedQueue<>();

    private LazyServices() {
    }

    /** The JVM-wide service, made by the first caller. */
    static synchronized Service service() {
        if (instance == null) {
            instance = new Service();
        }
        return instance;
    }

    /** One more worker per call, each kept in a static queue: these grow with every caller. */
    static void startAnotherWorker() {
        Thread worker = parkedWorker("per-call-worker-" + PER_CALL.size(), new LinkedBlockingQueue<>());
        PER_CALL.add(worker);
    }

    /** Ends everything, so that one test's service is not the next one's. */
    static synchronized void reset() throws InterruptedException {
        if (instance != null) {
            instance.close();
            instance = null;
        }
        for (Thread t = PER_CALL.poll(); t != null; t = PER_CALL.poll()) {
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private static Thread parkedWorker(String name, LinkedBlockingQueue<Runnable> jobs) {
        Thread worker = new Thread(() -> {
            try {
                while (true) {
                    jobs.take().run();
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, name);
        worker.setDaemon(true);
        worker.start();
        return worker;
    }

    /** A service with a worker thread and a scheduler, both its fields. */
    static final class Service {
        private final LinkedBlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
        private final Thread worker = parkedWorker("lazy-service-worker", jobs);
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

        Service() {
            scheduler.execute(() -> { }); // its worker starts, and stays
        }

        void close() throws InterruptedException {
            worker.interrupt();
            worker.join(TimeUnit.SECONDS.toMillis(5));
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
