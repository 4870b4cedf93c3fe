package dev.threadleak.junit;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What a library does with threads it means to keep: one service made on first use and kept in
 * a static field for the life of the JVM (its worker, its scheduler and its housekeeping task are
 * one per JVM, however many tests call it), and, the bugs, a worker started per call and kept in
 * a static queue, and a periodic task scheduled per call; and, as a cache library does, a worker
 * per region name, made by the first caller of that name and kept in the service's map. A
 * top-level class, not the test's: a static field of the test class is the test's own.
 */
final class LazyServices {

    private static Service instance;
    private static final Queue<Thread> PER_CALL = new ConcurrentLinkedQueue<>();
    private static final Queue<Timer> TIMERS_PER_CALL = new ConcurrentLinkedQueue<>();
    /** Services replaced by {@link #restart()}, for {@link #reset()} to end what they forgot: a queue holds them, no field. */
    private static final Queue<Service> REPLACED = new ConcurrentLinkedQueue<>();

    private LazyServices() {
    }

    /** A JVM-wide pool held in a static field as it is, as Dubbo's global shared pool; made anew after a reset. */
    private static ThreadPoolExecutor sharedPool;

    static synchronized ThreadPoolExecutor sharedPool() {
        if (sharedPool == null) {
            sharedPool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
            sharedPool.prestartAllCoreThreads();
        }
        return sharedPool;
    }

    /** A JVM-wide worker held in a static field as it is, which only one test asks for: no other test's proof has read the field. */
    private static Thread classWideWorker;

    static synchronized void classWideWorker() {
        if (classWideWorker == null) {
            classWideWorker = parkedWorker("class-wide-worker", new LinkedBlockingQueue<>());
        }
    }

    /** A JVM-wide worker held in a static field as it is, whose thread starts when a caller first gives it work. */
    private static OnDemandWorker onDemandWorker;

    static synchronized OnDemandWorker onDemandWorker() {
        if (onDemandWorker == null) {
            onDemandWorker = new OnDemandWorker();
        }
        return onDemandWorker;
    }

    /**
     * A JVM-wide housekeeper held in a static field as it is, that sleeps {@code millis} at a time in
     * {@code Thread.sleep} (native on JDK 17: its end unknown to the agent), as a library's cleaner does.
     */
    private static Thread sleeper;

    static synchronized void sleeper(long millis) {
        if (sleeper == null) {
            sleeper = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(millis);
                    }
                } catch (InterruptedException e) {
                    // reset: ends
                }
            }, "jvm-wide-sleeper");
            sleeper.setDaemon(true);
            sleeper.start();
        }
    }

    /** The JVM-wide service, made by the first caller. */
    static synchronized Service service() {
        if (instance == null) {
            instance = new Service();
        }
        return instance;
    }

    /** The bug of a service that restarts: the old one's close forgets its scheduler, and a new one takes its place. */
    static synchronized void restart() throws InterruptedException {
        if (instance != null) {
            instance.closeForgettingTheScheduler();
            REPLACED.add(instance);
        }
        instance = new Service();
    }

    /** One more worker per call, each kept in a static queue: these grow with every caller. */
    static void startAnotherWorker() {
        Thread worker = parkedWorker("per-call-worker-" + PER_CALL.size(), new LinkedBlockingQueue<>());
        PER_CALL.add(worker);
    }

    /** One more {@code Timer} per call, each kept in a static queue and never cancelled. */
    static void startAnotherTimer() {
        TIMERS_PER_CALL.add(new Timer("per-call-timer-" + TIMERS_PER_CALL.size(), true));
    }

    /** A worker nobody keeps but its caller, who must interrupt it to end it. */
    static Thread startAWorkerNobodyKeeps() {
        return parkedWorker("unkept-worker", new LinkedBlockingQueue<>());
    }

    /** A worker nobody keeps, started {@code depth} calls down: a stack deeper than the agent keeps. */
    static Thread startDeepDown(int depth) {
        return depth == 0 ? startAWorkerNobodyKeeps() : startDeepDown(depth - 1);
    }

    /** Code under test that a test's helper may extend: it starts a worker nobody keeps. */
    static class Starter {
        Thread start() {
            return startAWorkerNobodyKeeps();
        }
    }

    /** A client made on first use and held here: its first lock starts the server in this JVM. */
    private static LockClient lockClient;
    /** What ends the servers' threads, which no field holds: only their own stacks do. */
    private static CountDownLatch serversEnd = new CountDownLatch(1);

    static synchronized LockClient lockClient() {
        if (lockClient == null) {
            lockClient = new LockClient();
        }
        return lockClient;
    }

    /**
     * As maven-resolver's IPC lock client without a fork: its first lock starts a server in this
     * JVM (an accept thread, which starts a handler per client) beside the client's receiver
     * thread, which the client holds; the server is held by nothing but its threads.
     */
    static final class LockClient {
        private Thread receiver;

        void lock() {
            ensureStarted();
        }

        private synchronized void ensureStarted() {
            if (receiver != null) {
                return;
            }
            CountDownLatch end = serversEnd;
            daemon("lock-server-accept", () -> {
                daemon("lock-server-handler", () -> awaitQuietly(end));
                awaitQuietly(end);
            });
            receiver = daemon("lock-client-receiver", () -> awaitQuietly(end));
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            // ends
        }
    }

    private static TricklingPool tricklingPool;

    /** A connection pool that keeps adding connections, each with its timer, while the JVM runs. */
    static synchronized TricklingPool tricklingPool() {
        if (tricklingPool == null) {
            tricklingPool = new TricklingPool();
        }
        return tricklingPool;
    }

    /**
     * Every 20 ms its housekeeper has its adder queue a connection's 30-minute timer on the
     * housekeeper, up to 500: timers keep coming while a test's check waits.
     */
    static final class TricklingPool {
        private final ScheduledThreadPoolExecutor housekeeper = new ScheduledThreadPoolExecutor(1,
                r -> Database.newDaemon(r, "trickle-housekeeper"));
        private final ThreadPoolExecutor adder = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> Database.newDaemon(r, "trickle-adder"));
        private final List<ScheduledFuture<?>> lifetimes = new CopyOnWriteArrayList<>();

        TricklingPool() {
            housekeeper.scheduleWithFixedDelay(() -> adder.execute(() -> {
                if (lifetimes.size() < 500) {
                    lifetimes.add(housekeeper.schedule(() -> { }, 30, TimeUnit.MINUTES));
                }
            }), 0, 20, TimeUnit.MILLISECONDS);
        }

        void close() throws InterruptedException {
            housekeeper.shutdownNow();
            adder.shutdownNow();
            housekeeper.awaitTermination(5, TimeUnit.SECONDS);
            adder.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A test suite's database, started by whichever test asks first and kept for the JVM; never closed. */
    private static Database database;

    static synchronized Database database() {
        if (database == null) {
            database = Database.start(serversEnd);
        }
        return database;
    }

    /**
     * As db-scheduler's embedded Postgres with its Hikari pool: the server's process, whose output
     * a thread reads that nothing holds, and a connection pool held here, which fills itself: its
     * housekeeper starts an adder, which schedules a timer per connection on the housekeeper's
     * scheduler (the pool keeps them, through its list) and ends past its keep-alive.
     */
    static final class Database {
        private final ScheduledThreadPoolExecutor housekeeper = new ScheduledThreadPoolExecutor(1,
                r -> newDaemon(r, "db-pool-housekeeper"));
        private volatile Thread adderThread;
        private final ThreadPoolExecutor adder = new ThreadPoolExecutor(0, 1, 1, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> adderThread = newDaemon(r, "db-pool-adder"));
        private final List<ScheduledFuture<?>> lifetimes = new CopyOnWriteArrayList<>();

        static Database start(CountDownLatch processEnd) {
            daemon("db-process-output", () -> awaitQuietly(processEnd));
            Database db = new Database();
            CountDownLatch filled = new CountDownLatch(1);
            db.housekeeper.execute(() -> db.adder.execute(() -> {
                for (int i = 0; i < 3; i++) {
                    db.lifetimes.add(db.housekeeper.schedule(() -> { }, 30, TimeUnit.MINUTES));
                }
                filled.countDown();
            }));
            awaitQuietly(filled);
            try {
                db.adderThread.join(TimeUnit.SECONDS.toMillis(5)); // its worker ends past the keep-alive
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return db;
        }

        /**
         * A connection asked for on the calling thread: the adder, whose last worker has ended,
         * gets a new one, started by the caller, that queues the connection's timer and ends.
         */
        void connect() {
            CountDownLatch added = new CountDownLatch(1);
            adder.execute(() -> {
                lifetimes.add(housekeeper.schedule(() -> { }, 30, TimeUnit.MINUTES));
                added.countDown();
            });
            awaitQuietly(added);
            try {
                adderThread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        ScheduledThreadPoolExecutor housekeeper() {
            return housekeeper;
        }

        void close() {
            housekeeper.shutdownNow();
            adder.shutdownNow();
        }

        static Thread newDaemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }
    }

    /** The bug of a client whose close forgets its threads: the field lets go, they run on. */
    static synchronized void forgetLockClient() {
        lockClient = null;
    }

    /** Ends everything, so that one test's service is not the next one's. */
    static synchronized void reset() throws InterruptedException {
        Thread receiver = lockClient == null ? null : lockClient.receiver;
        lockClient = null;
        serversEnd.countDown(); // the client's and the servers' threads, held or forgotten
        serversEnd = new CountDownLatch(1);
        if (receiver != null) {
            receiver.join(TimeUnit.SECONDS.toMillis(5)); // the server's end as soon: the same latch
        }
        if (tricklingPool != null) {
            tricklingPool.close();
            tricklingPool = null;
        }
        if (database != null) {
            database.close();
            database.housekeeper.awaitTermination(5, TimeUnit.SECONDS);
            database = null;
        }
        if (sharedPool != null) {
            sharedPool.shutdownNow();
            sharedPool.awaitTermination(5, TimeUnit.SECONDS);
            sharedPool = null;
        }
        if (classWideWorker != null) {
            classWideWorker.interrupt();
            classWideWorker.join(TimeUnit.SECONDS.toMillis(5));
            classWideWorker = null;
        }
        if (sleeper != null) {
            sleeper.interrupt();
            sleeper.join(TimeUnit.SECONDS.toMillis(5));
            sleeper = null;
        }
        if (onDemandWorker != null) {
            onDemandWorker.close();
            onDemandWorker = null;
        }
        if (instance != null) {
            instance.close();
            instance = null;
        }
        for (Service s = REPLACED.poll(); s != null; s = REPLACED.poll()) {
            s.close();
        }
        for (Timer t = TIMERS_PER_CALL.poll(); t != null; t = TIMERS_PER_CALL.poll()) {
            t.cancel();
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

    /** A service with a worker thread, a scheduler and a housekeeping task, all its fields. */
    static final class Service {
        private final LinkedBlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
        private final Thread worker = parkedWorker("lazy-service-worker", jobs);
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        private final ScheduledFuture<?> housekeeping = scheduler.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
        private final Map<String, Thread> regions = new ConcurrentHashMap<>();
        private final HandingScheduler handing = new HandingScheduler();

        /** The region's worker, started by its first caller: one per name, however many call. */
        void region(String name) {
            regions.computeIfAbsent(name, n -> parkedWorker("region-" + n + "-worker", new LinkedBlockingQueue<>()));
        }

        /** The bug: a periodic task per caller, kept only by the scheduler's queue. */
        void refreshEveryHourForTheCaller() {
            scheduler.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
        }

        /**
         * The same bug, caught in a run: a periodic task per caller whose first run is under way
         * when the caller's check looks (it waits to be interrupted, which the scheduler's shutdown does).
         */
        void refreshNowAndEveryHourForTheCaller(CountDownLatch running) {
            scheduler.scheduleAtFixedRate(untilShutDown(running), 0, 1, TimeUnit.HOURS);
        }

        /** The same bug on a scheduler that hands each run to a pool: caught in that run, it is in no queue. */
        void refreshOnItsPoolNowAndEveryHourForTheCaller(CountDownLatch running) {
            handing.scheduleAtFixedRate(untilShutDown(running), 0, 1, TimeUnit.HOURS);
        }

        /** A run that tells it began, then waits to be interrupted, which its scheduler's shutdown does. */
        private static Runnable untilShutDown(CountDownLatch running) {
            return () -> {
                running.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }

        void close() throws InterruptedException {
            handing.close();
            closeForgettingTheScheduler();
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }

        void closeForgettingTheScheduler() throws InterruptedException {
            housekeeping.cancel(false);
            worker.interrupt();
            worker.join(TimeUnit.SECONDS.toMillis(5));
            for (Thread region : regions.values()) {
                region.interrupt();
                region.join(TimeUnit.SECONDS.toMillis(5));
            }
            regions.clear();
        }
    }
}
