package dev.threadleak.testsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A stand-in for a library that keeps a worker per name in a static map, made for the first caller
 * of each name and kept for the life of the JVM (a cache's region pool, a registry's named pool):
 * code from outside a test's own class path entry.
 */
public final class LibraryRegistry {

    private static final Map<String, Thread> WORKERS = new ConcurrentHashMap<>();

    private LibraryRegistry() {
    }

    /** The worker for {@code name}, started by its first caller. */
    public static void worker(String name) {
        WORKERS.computeIfAbsent(name, n -> {
            LinkedBlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
            Thread worker = new Thread(() -> {
                try {
                    while (true) {
                        jobs.take().run();
                    }
                } catch (InterruptedException e) {
                    // ended by endAll
                }
            }, "registry-" + n);
            worker.setDaemon(true);
            worker.start();
            return worker;
        });
    }

    /** Ends every worker, so that one test's are not the next one's. */
    public static void endAll() throws InterruptedException {
        for (Thread worker : WORKERS.values()) {
            worker.interrupt();
            worker.join(5_000);
        }
        WORKERS.clear();
    }
}
