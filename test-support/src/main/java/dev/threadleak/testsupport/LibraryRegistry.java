package dev.threadleak.testsupport;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in for a library that keeps a worker per name in a static map, made for the first caller
 * of each name and kept for the life of the JVM (a cache's region pool, a registry's named pool):
 * code from outside a test's own class path entry.
 */
public final class LibraryRegistry {

    private static final Map<String, Thread> WORKERS = new ConcurrentHashMap<>();
    private static final Map<String, Server> SERVERS = new ConcurrentHashMap<>();
    private static final Map<String, ExecutorService> POOLS = new ConcurrentHashMap<>();

    /**
     * A server as Tomcat's endpoint is one: it keeps its poller, the {@code Runnable} its thread
     * runs, and not the thread, to which only the JVM refers.
     */
    private static final class Server {
        final Poller poller = new Poller();
        /** For {@link #endAll} only; weakly, as no holder: a heap walk goes through no reference object. */
        WeakReference<Thread> thread;
    }

    private static final class Poller implements Runnable {
        volatile boolean stopped;

        @Override
        public void run() {
            while (!stopped) {
                LockSupport.park(this);
            }
        }
    }

    /**
     * The current factory of named workers, as a logging facade keeps its current log factory: a
     * later caller may set another, and the one it replaces keeps its workers no more.
     */
    private static volatile Factory current = new Factory();
    /** Every worker a factory started, for {@link #endAll} only: weakly, as no holder. */
    private static final Queue<WeakReference<Thread>> FACTORY_WORKERS = new ConcurrentLinkedQueue<>();
    /** Every pool {@link #forget} let go of, for {@link #endAll} only: weakly, as no holder. */
    private static final Queue<WeakReference<ExecutorService>> FORGOTTEN_POOLS = new ConcurrentLinkedQueue<>();

    private static final class Factory {
        final Map<String, Thread> workers = new ConcurrentHashMap<>();
    }

    private LibraryRegistry() {
    }

    /** The current factory's worker for {@code name}, started by its first caller. */
    public static void currentWorker(String name) {
        current.workers.computeIfAbsent(name, n -> {
            Thread worker = new Thread(() -> {
                try {
                    new LinkedBlockingQueue<Runnable>().take();
                } catch (InterruptedException e) {
                    // ended by endAll
                }
            }, "factory-" + n);
            worker.setDaemon(true);
            worker.start();
            FACTORY_WORKERS.add(new WeakReference<>(worker));
            return worker;
        });
    }

    /** Sets a new current factory; the one it replaces is dropped with its workers running. */
    public static void newCurrent() {
        current = new Factory();
    }

    /** Sets the current factory to null, as a client's destroy() does to its instance field, forgetting the old one's worker. */
    public static void clearCurrent() {
        current = null;
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

    /**
     * The pool for {@code name}, started by its first caller with its run loop, a task that runs
     * until {@link #endAll} (as a Raft log's worker loop runs in its single-thread pool).
     */
    public static void pool(String name) {
        POOLS.computeIfAbsent(name, n -> {
            // not Executors' wrapper, which a finalizer shuts down once let go of (on JDK 17): when it
            // does is the collector's timing, and a test of what is let go of running would hang on it
            ExecutorService pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "registry-pool-" + n);
                        t.setDaemon(true);
                        return t;
                    });
            pool.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    LockSupport.park();
                }
            });
            return pool;
        });
    }

    /** A library's pool class that its callers build themselves, as dynamic-tp's {@code ThreadPoolExecutorProxy}. */
    public static final class CallersPool extends ThreadPoolExecutor {
        public CallersPool() {
            super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        }
    }

    /**
     * Keeps {@code pool}, which its caller made, under {@code name}, as a registry of pools keeps
     * those it is handed (dynamic-tp's {@code AwareManager}); {@link #endAll} shuts it down.
     */
    public static void keep(String name, ExecutorService pool) {
        POOLS.putIfAbsent(name, pool);
    }

    /** Lets go of the pool kept under {@code name}, running as it is, as a registry replacing what it keeps does. */
    public static void forget(String name) {
        ExecutorService pool = POOLS.remove(name);
        if (pool != null) {
            FORGOTTEN_POOLS.add(new WeakReference<>(pool));
        }
    }

    /** The server for {@code name}, started by its first caller, with its poller's thread named {@code name-Poller}. */
    public static void server(String name) {
        SERVERS.computeIfAbsent(name, n -> {
            Server server = new Server();
            Thread poller = new Thread(server.poller, n + "-Poller");
            poller.setDaemon(true);
            server.thread = new WeakReference<>(poller);
            poller.start();
            return server;
        });
    }

    /** Ends every worker and server, so that one test's are not the next one's. */
    public static void endAll() throws InterruptedException {
        for (Thread worker : WORKERS.values()) {
            worker.interrupt();
            worker.join(5_000);
        }
        WORKERS.clear();
        for (ExecutorService pool : POOLS.values()) {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        POOLS.clear();
        for (WeakReference<ExecutorService> ref = FORGOTTEN_POOLS.poll(); ref != null; ref = FORGOTTEN_POOLS.poll()) {
            ExecutorService pool = ref.get();
            if (pool != null) {
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        for (Server server : SERVERS.values()) {
            server.poller.stopped = true;
            Thread poller = server.thread.get(); // alive, so still there
            if (poller != null) {
                LockSupport.unpark(poller);
                poller.join(5_000);
            }
        }
        SERVERS.clear();
        for (WeakReference<Thread> ref = FACTORY_WORKERS.poll(); ref != null; ref = FACTORY_WORKERS.poll()) {
            Thread worker = ref.get();
            if (worker != null) {
                worker.interrupt();
                worker.join(5_000);
            }
        }
        current = new Factory();
    }
}
