package dev.threadleak.agent.programs;

import dev.threadleak.api.LeakScope;
import dev.threadleak.io.Deadline;
import java.time.Duration;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** One executor scenario per argument; each ends with System.exit so the on-exit report is written. */
public final class ExecutorProgram {

    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private ExecutorProgram() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "unshut-pool" -> useAndForget(makePool());
            case "ignores-cancellation" -> cancelASpinner();
            case "discard" -> discard(new ThreadPoolExecutor.DiscardPolicy());
            case "discard-oldest" -> discard(new ThreadPoolExecutor.DiscardOldestPolicy());
            case "shutdown-now-drops" -> shutdownNowDropsQueuedWork();
            case "scheduled" -> scheduleForever();
            case "cancelled-periodic" -> cancelOnePeriodicTaskOfTwo();
            case "fork-join" -> forkJoinNeverShutDown();
            case "timer" -> timerNeverCancelled();
            case "virtual-per-task" -> virtualPerTaskNeverClosed();
            case "per-task-done" -> perTaskDoneNeverClosed();
            case "scope-shared-pool" -> scopeOnASharedPool();
            case "scope-flood" -> scopeFloodsASharedPool();
            case "scope-flood-shut-down" -> scopeFloodsItsPoolAndShutsItDownUnderWay();
            case "scope-unreadable-queue" -> scopeOnAPoolWhoseQueueCannotBeRead();
            case "scope-self-emptying-pools" -> scopeWithSelfEmptyingPools();
            case "scope-pool-above-core" -> scopeWithAPoolAboveItsCore();
            case "overrides-without-super" -> poolsThatHideTheirRuns();
            case "scope-periodic-taken" -> scopePeriodicTakenNotYetRun();
            case "scope-async" -> scopeAsyncOnASharedPool();
            case "scope-delayed-past-shutdown" -> scopeDelayedTaskPastShutdown();
            case "scope-delayed-past-own-shutdown" -> scopeDelayedTaskPastItsPoolsOwnShutdown();
            case "delegating-scheduler" -> tickOnAnotherPool();
            case "scope-handed-off" -> scopeTaskHandedToAnIdleWorker();
            case "scope-caller-runs" -> scopeTaskTheCallerRan();
            case "scope-oldest-runs-on-caller" -> scopeOldestTaskTheCallerTookAndRan();
            case "scope-common-pool" -> scopeAsyncWithoutAnExecutor();
            case "scope-fork-join-runnables" -> scopeForkJoinRunnables();
            case "scope-fork-join-invoke-all" -> scopeForkJoinInvokeAll();
            case "scope-virtual-mounts" -> scopeVirtualThreadsBesideACommonPoolTask();
            case "scope-queued-behind-others" -> scopeQueuedBehindAnEarlierScopesWork();
            case "scope-queued-behind-unrecorded" -> scopeQueuedBehindWorkNoScopeRecorded();
            case "scope-queued-behind-a-job-about-to-end" -> scopeQueuedBehindAJobThatEndsWhileTheCheckWaits();
            case "scope-fork-join-cancelled" -> scopeCancelsASpinnerOnAForkJoinPool();
            case "scope-running-and-queued" -> scopeOneTaskRunningOneQueuedOneScheduled();
            case "dropped-periodic-timer" -> dropAPeriodicTimerUntilCollected();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    static ExecutorService makePool() {
        return Executors.newFixedThreadPool(3);
    }

    private static void useAndForget(ExecutorService pool) throws Exception {
        for (int i = 0; i < 6; i++) {
            pool.submit(() -> 42).get();
        }
    }

    private static void cancelASpinner() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        cancelASpinnerOn(pool);
        pool.shutdownNow();
        waitUntilQuiet();
    }

    private static void discard(java.util.concurrent.RejectedExecutionHandler policy) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), policy);
        CountDownLatch busy = new CountDownLatch(1);
        pool.execute(() -> {
            busy.countDown();
            awaitNever();
        });
        busy.await();
        Future<?> queued = pool.submit(() -> { });
        Future<?> third = pool.submit(() -> { });
        System.out.println(queued.isDone() + " " + third.isDone());
        pool.shutdownNow();
    }

    /** A pool that overrides shutdownNow(), as Agroal's does: where it was called is its caller. */
    static final class OverridingPool extends ThreadPoolExecutor {
        OverridingPool() {
            super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        }

        @Override
        public List<Runnable> shutdownNow() {
            return super.shutdownNow();
        }
    }

    private static void shutdownNowDropsQueuedWork() throws Exception {
        ExecutorService pool = new OverridingPool();
        CountDownLatch busy = new CountDownLatch(1);
        pool.submit(() -> {
            busy.countDown();
            awaitNever();
        });
        busy.await();
        Future<?> dropped = pool.submit(new CloseConnection());
        List<Runnable> never = pool.shutdownNow();
        System.out.println(never.size() + " " + dropped.isDone());
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Work the code meant to run, named as the class it is (the JDK's future around it is not). */
    public static final class CloseConnection implements Runnable {
        @Override
        public void run() {
        }
    }

    private static void scheduleForever() {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        scheduler.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
    }

    /** The cancelled task stays in the pool's queue (removeOnCancel is false by default) until its time comes. */
    private static void cancelOnePeriodicTaskOfTwo() {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        scheduler.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
        scheduler.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.HOURS).cancel(false);
    }

    private static void forkJoinNeverShutDown() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(2);
        System.out.println(pool.submit(() -> 1).get());
    }

    private static void timerNeverCancelled() {
        Timer timer = new Timer("report-timer");
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
            }
        }, 3_600_000L);
    }

    /**
     * A scope in which a Timer with a periodic task is dropped uncancelled and collected: its
     * thread runs on for the task (the Timer's cleaner ends it only once its queue is empty). The
     * scope's report goes to standard output; the exit report follows.
     */
    private static void dropAPeriodicTimerUntilCollected() throws Exception {
        LeakScope scope = LeakScope.open("dropped-periodic-timer");
        WeakReference<Timer> dropped = periodicTimer();
        Deadline deadline = Deadline.after(Duration.ofSeconds(20));
        while (dropped.get() != null && !deadline.hasPassed()) {
            System.gc();
            Thread.sleep(20);
        }
        System.out.println(scope.check(Duration.ofMillis(100)).toJson());
    }

    private static WeakReference<Timer> periodicTimer() {
        Timer timer = new Timer("dropped-periodic-timer", true);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
            }
        }, 3_600_000L, 3_600_000L);
        return new WeakReference<>(timer);
    }

    private static void virtualPerTaskNeverClosed() throws Exception {
        ExecutorService perTask = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        perTask.submit(ExecutorProgram::awaitNever);
    }

    /** A thread-per-task executor whose one task ended, never closed (as Jetty's VirtualThreadPool drops it): it holds nothing. */
    private static void perTaskDoneNeverClosed() throws Exception {
        List<Thread> made = new CopyOnWriteArrayList<>();
        ThreadFactory factory = task -> {
            Thread t = new Thread(task, "per-task");
            made.add(t);
            return t;
        };
        ExecutorService perTask = (ExecutorService) Executors.class
                .getMethod("newThreadPerTaskExecutor", ThreadFactory.class).invoke(null, factory);
        perTask.submit(() -> 42).get();
        for (Thread t : made) {
            t.join();
        }
    }

    /** A pool like httpcore's: {@code beforeExecute} and {@code afterExecute} overridden without calling super. */
    static final class SilentPool extends ThreadPoolExecutor {
        SilentPool(int core, int max, BlockingQueue<Runnable> queue) {
            super(core, max, 60, TimeUnit.SECONDS, queue);
        }

        @Override
        protected void beforeExecute(Thread t, Runnable r) {
        }

        @Override
        protected void afterExecute(Runnable r, Throwable t) {
        }
    }

    /** The task left waiting behind a worker that never ends. */
    public static final class Waiting implements Runnable {
        @Override
        public void run() {
        }
    }

    /**
     * Five tasks run to the end on a hand-off pool, shut down and terminated; on a second pool,
     * never shut down, one task blocks its only worker and one waits behind it.
     */
    private static void poolsThatHideTheirRuns() throws Exception {
        SilentPool handoff = new SilentPool(0, Integer.MAX_VALUE, new SynchronousQueue<>());
        CountDownLatch ran = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            handoff.execute(ran::countDown); // plain runnables: no future to say they are done
        }
        ran.await();
        handoff.shutdown();
        System.out.println("terminated " + handoff.awaitTermination(10, TimeUnit.SECONDS));
        SilentPool single = new SilentPool(1, 1, new LinkedBlockingQueue<>());
        CountDownLatch busy = new CountDownLatch(1);
        single.execute(() -> {
            busy.countDown();
            awaitNever();
        });
        busy.await();
        single.execute(new Waiting());
    }

    /** A pool shared with the rest of the JVM, made before the scope: only the scope's task is its leak. */
    private static void scopeOnASharedPool() throws Exception {
        ExecutorService shared = Executors.newFixedThreadPool(2);
        shared.submit(() -> 1).get(); // the pool has idle workers before the scope opens
        LeakScope scope = LeakScope.open("shared-pool");
        shared.submit(ExecutorProgram::awaitNever);
        ExecutorService own = Executors.newCachedThreadPool();
        own.submit(() -> 2).get();
        System.out.println(scope.check(Duration.ofMillis(300)).toJson());
    }

    /**
     * 10,003 events of one kind through a shared pool, each run and done, then a task of another
     * kind that never ends: past the first 10,000 of their kind, tasks get no record.
     */
    private static void scopeFloodsASharedPool() throws Exception {
        ExecutorService shared = Executors.newSingleThreadExecutor();
        shared.submit(() -> 1).get();
        LeakScope scope = LeakScope.open("flood");
        CountDownLatch handled = new CountDownLatch(10_003);
        for (int i = 0; i < 10_003; i++) {
            shared.execute(handled::countDown);
        }
        handled.await();
        shared.submit(ExecutorProgram::awaitNever);
        System.out.println(scope.check(Duration.ofMillis(300)).toJson());
    }

    /**
     * A pool of its own, 10,004 tasks of one kind, the last of which never ends (past the first
     * 10,000 of its kind, it has no record), then {@code shutdown()}: the pool never ends.
     */
    private static void scopeFloodsItsPoolAndShutsItDownUnderWay() throws Exception {
        LeakScope scope = LeakScope.open("flood-shut-down");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        AtomicInteger began = new AtomicInteger();
        for (int i = 0; i < 10_004; i++) {
            pool.execute(() -> {
                if (began.incrementAndGet() == 10_004) {
                    awaitNever();
                }
            });
        }
        Deadline deadline = Deadline.after(Duration.ofSeconds(20));
        while (began.get() < 10_004 && !deadline.hasPassed()) {
            Thread.sleep(1);
        }
        pool.shutdown();
        System.out.println(scope.check(Duration.ofMillis(300)).toJson());
    }

    /**
     * A pool that keeps its tasks in queues of its own and throws from {@code getQueue()}, as MINA's
     * {@code OrderedThreadPoolExecutor} does; left running a task that never ends.
     */
    public static final class OwnQueuesPool extends ThreadPoolExecutor {
        OwnQueuesPool() {
            super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        }

        @Override
        public BlockingQueue<Runnable> getQueue() {
            throw new UnsupportedOperationException();
        }
    }

    private static void scopeOnAPoolWhoseQueueCannotBeRead() throws Exception {
        LeakScope scope = LeakScope.open("unreadable-queue");
        ThreadPoolExecutor pool = new OwnQueuesPool();
        CountDownLatch running = new CountDownLatch(1);
        pool.execute(() -> {
            running.countDown();
            awaitNever();
        });
        running.await();
        System.out.println(scope.check(Duration.ofMillis(200)).toJson());
    }

    /**
     * Pools never shut down whose idle workers end by themselves (a logging context's pool that
     * lets its core threads time out; one that keeps none), beside one that keeps its core thread
     * and a cached pool whose workers outlive the check.
     */
    /** Three tasks at once on a pool that keeps one worker: two workers above its core, idle a minute before they end. */
    private static void scopeWithAPoolAboveItsCore() throws Exception {
        LeakScope scope = LeakScope.open("above-core");
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 3, 1, TimeUnit.MINUTES, new SynchronousQueue<>());
        CountDownLatch allRunning = new CountDownLatch(3);
        List<Future<?>> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            three.add(pool.submit(() -> {
                allRunning.countDown();
                allRunning.await();
                return null;
            }));
        }
        for (Future<?> f : three) {
            f.get();
        }
        System.out.println(scope.check(Duration.ofMillis(200)).toJson());
    }

    private static void scopeWithSelfEmptyingPools() throws Exception {
        LeakScope scope = LeakScope.open("self-emptying");
        ThreadPoolExecutor timesOut = new ThreadPoolExecutor(2, 2, 100, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        timesOut.allowCoreThreadTimeOut(true);
        timesOut.submit(() -> 1).get();
        ThreadPoolExecutor keepsNone = new ThreadPoolExecutor(0, 4, 50, TimeUnit.MILLISECONDS, new SynchronousQueue<>());
        keepsNone.submit(() -> 2).get();
        ThreadPoolExecutor keepsItsCore = new ThreadPoolExecutor(1, 1, 100, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>());
        keepsItsCore.submit(() -> 3).get();
        Executors.newCachedThreadPool().submit(() -> 4).get();
        System.out.println(scope.check(Duration.ofSeconds(2)).toJson());
    }

    /**
     * A scheduler that runs each task on another pool (Mutiny's does): its periodic task, after its
     * first run there, waits in the scheduler's queue for an hour, and in the other pool nowhere.
     */
    private static void tickOnAnotherPool() throws Exception {
        ThreadPoolExecutor runs = (ThreadPoolExecutor) Executors.newCachedThreadPool();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1) {
            @Override
            protected <V> RunnableScheduledFuture<V> decorateTask(Runnable r, RunnableScheduledFuture<V> task) {
                return new RunsElsewhere<>(task, runs);
            }
        };
        scheduler.scheduleAtFixedRate(() -> { }, 0, 1, TimeUnit.HOURS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (runs.getCompletedTaskCount() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the first run over, with the pool's afterExecute
        }
    }

    /** The scheduler's task, whose run hands the JDK's own to another executor. */
    private record RunsElsewhere<V>(RunnableScheduledFuture<V> origin, Executor executor)
            implements RunnableScheduledFuture<V> {
        @Override public boolean isPeriodic() { return origin.isPeriodic(); }
        @Override public long getDelay(TimeUnit unit) { return origin.getDelay(unit); }
        @Override public int compareTo(Delayed other) { return origin.compareTo(other); }
        @Override public void run() { executor.execute(origin); }
        @Override public boolean cancel(boolean interrupt) { return origin.cancel(interrupt); }
        @Override public boolean isCancelled() { return origin.isCancelled(); }
        @Override public boolean isDone() { return origin.isDone(); }
        @Override public V get() throws InterruptedException, ExecutionException { return origin.get(); }
        @Override public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException,
                TimeoutException {
            return origin.get(timeout, unit);
        }
    }

    /**
     * A task an idle worker has taken from its pool's queue and not yet begun when the scope is
     * checked: its worker is held between the queue's {@code take()} and the run (as a
     * {@code SynchronousQueue}'s hand-off leaves one for a moment) until the check is over.
     */
    private static void scopeTaskHandedToAnIdleWorker() throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<Runnable> handOff = new LinkedBlockingQueue<>() {
            @Override
            public Runnable take() throws InterruptedException {
                Runnable task = super.take();
                if (taken.getCount() > 0 && task != WARM_UP) {
                    taken.countDown();
                    release.await();
                }
                return task;
            }
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, handOff);
        pool.execute(WARM_UP); // its one worker, idle in take() before the scope opens
        LeakScope scope = LeakScope.open("handed-off");
        pool.execute(ExecutorProgram::awaitNever);
        taken.await();
        String report = scope.check(Duration.ofMillis(300)).toJson();
        release.countDown();
        System.out.println(report);
    }

    private static final Runnable WARM_UP = () -> { };

    /** A task a full pool's CallerRunsPolicy ran on the submitter's thread: it never reaches a worker, and is done. */
    /**
     * Seata's rejection policy: the handler takes the oldest task out of the queue and runs it on
     * the caller's thread, then queues the new one. The pool, never shut down, is the leak; the task
     * the caller ran is not queued there any more.
     */
    private static void scopeOldestTaskTheCallerTookAndRan() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch lastRan = new CountDownLatch(1);
        LeakScope scope = LeakScope.open("oldest-runs-on-caller");
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(1),
                (task, executor) -> {
                    Runnable oldest = executor.getQueue().poll();
                    executor.getQueue().offer(task);
                    if (oldest != null) {
                        oldest.run();
                    }
                });
        pool.execute(() -> awaitQuietly(release)); // its only worker busy
        pool.execute(() -> { }); // queued, then taken out and run here
        pool.execute(lastRan::countDown); // rejected: queued in its place
        release.countDown();
        lastRan.await();
        // not a wait for another thread (the latches are): a task out of its queue this long is on
        // no worker's way to it, where a second ago it may have been
        Thread.sleep(1_100);
        String report = scope.check(Duration.ofMillis(300)).toJson();
        pool.shutdown();
        System.out.println(report);
    }

    private static void scopeTaskTheCallerRan() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new SynchronousQueue<>(),
                new ThreadPoolExecutor.CallerRunsPolicy());
        pool.execute(() -> {
            running.countDown();
            awaitQuietly(release);
        });
        running.await(); // its only worker is busy: the next task is rejected
        LeakScope scope = LeakScope.open("caller-runs");
        pool.execute(() -> { }); // run here, by the caller
        String report = scope.check(Duration.ofMillis(300)).toJson();
        release.countDown();
        pool.shutdown();
        System.out.println(report);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A task scheduled a minute ahead, its pool shut down with {@code shutdown()}, which runs it all the same. */
    private static void scopeDelayedTaskPastShutdown() throws Exception {
        LeakScope scope = LeakScope.open("delayed-past-shutdown");
        ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();
        pool.schedule(() -> { }, 1, TimeUnit.MINUTES);
        shutDown(pool);
        System.out.println(scope.check(Duration.ofMillis(300)).toJson());
    }

    private static void shutDown(ExecutorService pool) {
        pool.shutdown();
    }

    /** The same, shut down by a close of the pool's own class that calls its own shutdown(), as Netty's executors do. */
    private static void scopeDelayedTaskPastItsPoolsOwnShutdown() throws Exception {
        LeakScope scope = LeakScope.open("delayed-past-own-shutdown");
        ClosingScheduler pool = new ClosingScheduler();
        pool.schedule(() -> { }, 1, TimeUnit.MINUTES);
        pool.closeGracefully();
        System.out.println(scope.check(Duration.ofMillis(300)).toJson());
    }

    /** A scheduler whose graceful close calls its own shutdown(). */
    static final class ClosingScheduler extends ScheduledThreadPoolExecutor {
        ClosingScheduler() {
            super(1);
        }

        @Override
        public void shutdown() {
            super.shutdown();
        }

        void closeGracefully() {
            shutdown();
        }
    }

    /**
     * A periodic task on a shared scheduler, caught between its queue and its run: its worker has
     * taken it and waits in a {@code beforeExecute} of the pool's own before the JDK's is called.
     * In neither place a look finds tasks, it is no more finished than between runs.
     */
    private static void scopePeriodicTakenNotYetRun() throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ScheduledThreadPoolExecutor shared = new ScheduledThreadPoolExecutor(1) {
            @Override
            protected void beforeExecute(Thread worker, Runnable task) {
                taken.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.beforeExecute(worker, task);
            }
        };
        shared.prestartAllCoreThreads();
        LeakScope scope = LeakScope.open("periodic-taken");
        shared.scheduleAtFixedRate(ExecutorProgram::tick, 0, 1, TimeUnit.HOURS);
        taken.await();
        System.out.println(scope.check(Duration.ofMillis(300)).toJson());
        release.countDown();
    }

    private static void tick() {
    }

    /** A {@code CompletableFuture.supplyAsync} on a shared pool that never completes: the JDK's task around the code. */
    private static void scopeAsyncOnASharedPool() throws Exception {
        ExecutorService shared = Executors.newFixedThreadPool(1);
        shared.submit(() -> 1).get(); // its worker predates the scope
        LeakScope scope = LeakScope.open("async");
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture.supplyAsync(() -> {
            running.countDown();
            awaitNever();
            return 1;
        }, shared);
        running.await();
        System.out.println(scope.check(Duration.ofMillis(300)).toJson());
    }

    /**
     * {@code runAsync} and {@code thenAcceptAsync} with no executor: the common pool runs them, or,
     * on JDK 17 and 21 where the common pool's parallelism is 1, a thread {@code CompletableFuture}
     * starts for each. One that ended in the scope is no leak; one still running is, whichever ran it.
     */
    private static void scopeAsyncWithoutAnExecutor() throws Exception {
        CompletableFuture.supplyAsync(() -> 1).join(); // the pool's first worker predates the scope
        LeakScope scope = LeakScope.open("common-pool");
        CompletableFuture.supplyAsync(() -> 2).join();
        CompletableFuture.runAsync(() -> { }).thenApplyAsync(v -> 3).join();
        CountDownLatch running = new CountDownLatch(1); // one: where the pool has one worker, the other waits for it
        CompletableFuture.runAsync(() -> {
            running.countDown();
            awaitNever();
        });
        CompletableFuture.completedFuture(4).thenAcceptAsync(v -> {
            running.countDown();
            awaitNever();
        });
        running.await();
        System.out.println(scope.check(Duration.ofMillis(300)).toJson());
    }

    /**
     * A {@code Runnable} and a {@code Callable} handed to a {@code ForkJoinPool}'s {@code execute}
     * and {@code submit}, which wrap each in a task of the pool's: two left waiting (or queued) on
     * the common pool and one on a pool of the code's are the scope's; one that ended, two whose runs threw
     * (JDK 17 rethrows an exception out of the task's run, every JDK an error), and one cancelled
     * before its run, which never comes, are not.
     */
    private static void scopeForkJoinRunnables() throws Exception {
        ForkJoinPool.commonPool().submit(() -> 1).get(); // the common pool's first worker predates the scope
        ForkJoinPool own = new ForkJoinPool(2); // and so does this pool: not the scope's, its tasks are
        own.submit(() -> 1).get();
        ForkJoinPool single = new ForkJoinPool(1);
        single.submit(() -> 1).get();
        LeakScope scope = LeakScope.open("fork-join-runnables");
        ForkJoinPool.commonPool().submit(() -> { }).get();
        awaitThrown(own.submit(() -> {
            throw new IllegalStateException("a run that ends by throwing");
        }));
        awaitThrown(own.submit((Runnable) () -> {
            throw new AssertionError("an error, which no task around the code catches");
        }));
        cancelBeforeItsRun(single);
        CountDownLatch running = new CountDownLatch(2);
        ForkJoinPool.commonPool().execute(() -> {
            running.countDown();
            awaitNever();
        });
        own.submit(() -> {
            running.countDown();
            awaitNever();
            return 3;
        });
        ForkJoinPool.commonPool().submit(() -> {
            awaitNever(); // or queued behind the first: a 2-CPU machine's common pool has one worker
            return 4;
        });
        running.await();
        System.out.println(scope.check(Duration.ofMillis(300)).toJson());
    }

    /**
     * Every mount of a virtual thread hands its scheduler, a {@code ForkJoinPool}, a task around the
     * thread's continuation, made by {@code execute} or {@code ForkJoinTask.adapt} as the code's are:
     * none is a task of the scope's, with a task of the code's on the common pool recorded beside
     * them. One virtual thread is left parked; 200 others park, wake and end.
     */
    private static void scopeVirtualThreadsBesideACommonPoolTask() throws Exception {
        java.lang.reflect.Method start = Thread.class.getMethod("startVirtualThread", Runnable.class);
        LeakScope scope = LeakScope.open("virtual-mounts");
        CountDownLatch running = new CountDownLatch(1);
        ForkJoinPool.commonPool().execute(() -> {
            running.countDown();
            awaitNever();
        });
        running.await();
        CountDownLatch parked = new CountDownLatch(1);
        start.invoke(null, (Runnable) () -> {
            parked.countDown();
            awaitNever();
        });
        List<Thread> ended = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ended.add((Thread) start.invoke(null, (Runnable) () -> {
                for (int j = 0; j < 3; j++) {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000); // wakes on the scheduler: a mount each time
                }
            }));
        }
        for (Thread t : ended) {
            t.join();
        }
        parked.await();
        System.out.println(scope.check(Duration.ofMillis(300)).toJson());
    }

    /**
     * An earlier scope leaves the only worker of a shared pool, and of the common pool (run with a
     * parallelism of 1), waiting for good; a later scope's tasks queue behind them. They are the
     * earlier scope's leaks, not the later one's, whose report has its own thread and a note.
     */
    private static void scopeQueuedBehindAnEarlierScopesWork() throws Exception {
        ExecutorService shared = Executors.newFixedThreadPool(1);
        shared.submit(() -> 1).get();
        ForkJoinPool.commonPool().submit(() -> 1).get();
        LeakScope earlier = LeakScope.open("earlier");
        CountDownLatch running = new CountDownLatch(2);
        shared.execute(() -> {
            running.countDown();
            awaitNever();
        });
        ForkJoinPool.commonPool().execute(() -> {
            running.countDown();
            awaitNever();
        });
        running.await();
        dev.threadleak.report.LeakReport first = earlier.check(Duration.ofMillis(100));
        if (first.leaks().size() != 2) {
            throw new IllegalStateException("the earlier scope's two tasks: " + first.toText());
        }
        LeakScope later = LeakScope.open("later");
        shared.execute(ExecutorProgram::tick);
        ForkJoinPool.commonPool().execute(ExecutorProgram::tick);
        Thread own = new Thread(ExecutorProgram::awaitNever, "later-own");
        own.setDaemon(true);
        own.start();
        System.out.println(later.check(Duration.ofMillis(100)).toJson());
    }

    /**
     * A pool's only worker runs, for good, a task handed to it before any scope (no record says
     * so: its stack does); a scope's task queues behind it, and is no leak of the scope's; its
     * own thread is.
     */
    private static void scopeQueuedBehindWorkNoScopeRecorded() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(1);
        CountDownLatch running = new CountDownLatch(1);
        pool.execute(() -> {
            running.countDown();
            awaitNever();
        });
        running.await();
        LeakScope scope = LeakScope.open("behind-unrecorded");
        pool.execute(ExecutorProgram::tick);
        Thread own = new Thread(ExecutorProgram::awaitNever, "behind-own"); // a leak, so that the report, and its notes, show
        own.setDaemon(true);
        own.start();
        System.out.println(scope.check(Duration.ofMillis(100)).toJson());
    }

    /**
     * A one-worker pool ends a job no scope recorded once the scope's check waits, having looked,
     * and then runs the scope's task, for good: at the check's first look the task was queued
     * behind work not the scope's, and at its end it is the scope's own, running.
     */
    private static void scopeQueuedBehindAJobThatEndsWhileTheCheckWaits() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        pool.execute(() -> {
            running.countDown();
            awaitQuietly(end);
        });
        running.await();
        Thread checker = Thread.currentThread();
        Thread ender = new Thread(() -> {
            awaitWaitingInTheGracePeriod(checker);
            end.countDown();
        }, "ender");
        ender.setDaemon(true);
        ender.start();
        LeakScope scope = LeakScope.open("behind-a-job-about-to-end");
        pool.execute(ExecutorProgram::awaitNever);
        System.out.println(scope.check(Duration.ofSeconds(1)).toJson());
    }

    /** Returns once {@code checker} sleeps between two looks of a check's grace period; never if it does not. */
    private static void awaitWaitingInTheGracePeriod(Thread checker) {
        while (checker.getState() != Thread.State.TIMED_WAITING || !inTheGracePeriod(checker.getStackTrace())) {
            try {
                Thread.sleep(1); // a thread's state has no event to wait on
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean inTheGracePeriod(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().endsWith(".GracePeriod")) {
                return true;
            }
        }
        return false;
    }

    /**
     * JDK 19 on: a {@code Callable} a thread not of the pool submits is made interruptible, and its
     * future's {@code cancel(true)} interrupts it; one that never looks at its interrupt runs on.
     */
    private static void scopeCancelsASpinnerOnAForkJoinPool() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(1);
        pool.submit(() -> 1).get();
        LeakScope scope = LeakScope.open("fork-join-cancelled");
        cancelASpinnerOn(pool);
        System.out.println(scope.check(Duration.ofMillis(300)).toJson());
    }

    /** Submits a task that never looks at its interrupt flag to {@code pool}, and once it runs, cancels it with {@code cancel(true)}. */
    private static void cancelASpinnerOn(ExecutorService pool) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Future<?> spinner = pool.submit(() -> {
            running.countDown();
            while (true) {
                Thread.onSpinWait(); // never looks at its interrupt flag
            }
        });
        running.await();
        spinner.cancel(true);
    }

    /** Gives a cancelled spinner time to prove it ignores interruption; polled, 10 s at most. */
    private static void waitUntilQuiet() throws InterruptedException {
        Thread.sleep(200); // the grace period the on-exit verdict is about: the spinner must still run after it
    }

    /**
     * {@code invokeAll}'s tasks (JDK 17 makes each an interruptible adapter with a run and a cancel
     * of its own, as 19 to 21 do for {@code submit}): one that ended, and one that waits for good
     * while its invoker waits for it, which is running, not queued.
     */
    private static void scopeForkJoinInvokeAll() throws Exception {
        ForkJoinPool own = new ForkJoinPool(2);
        own.submit(() -> 1).get();
        LeakScope scope = LeakScope.open("fork-join-invoke-all");
        own.invokeAll(List.of(() -> 1));
        CountDownLatch running = new CountDownLatch(1);
        Thread invoker = new Thread(() -> own.invokeAll(List.of(() -> {
            running.countDown();
            awaitNever();
            return 2;
        })), "invoker");
        invoker.setDaemon(true);
        invoker.start();
        running.await();
        System.out.println(scope.check(Duration.ofMillis(300)).toJson());
    }

    private static void awaitThrown(Future<?> task) throws InterruptedException {
        try {
            task.get();
        } catch (ExecutionException expected) {
            // it ended
        }
    }

    /**
     * A task cancelled while it waits behind another, which spins (a blocked worker may get a
     * spare, which would run it): the worker skips it.
     */
    private static void cancelBeforeItsRun(ForkJoinPool single) throws Exception {
        AtomicBoolean go = new AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(1);
        ForkJoinTask<?> ahead = single.submit(() -> {
            spinning.countDown();
            while (!go.get()) {
                Thread.onSpinWait();
            }
        });
        spinning.await();
        single.submit(() -> 2).cancel(false);
        go.set(true);
        ahead.get();
    }

    /**
     * In pools made before the scope: a task that runs forever on the one worker of its pool, a
     * task queued behind it, and a scheduled task that runs forever. What the report calls each is
     * the test of another agent beside ours that wraps what a pool is given (transmittable-thread-local's).
     */
    private static void scopeOneTaskRunningOneQueuedOneScheduled() throws Exception {
        ExecutorService single = Executors.newFixedThreadPool(1);
        single.submit(() -> 1).get();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        scheduler.submit(() -> 1).get();
        LeakScope scope = LeakScope.open("running-and-queued");
        CountDownLatch running = new CountDownLatch(2);
        single.submit(() -> {
            running.countDown();
            awaitNever();
            return 1;
        });
        single.execute(ExecutorProgram::awaitNever);
        scheduler.schedule(() -> {
            running.countDown();
            awaitNever();
        }, 1, TimeUnit.MILLISECONDS);
        running.await();
        System.out.println(scope.check(Duration.ofMillis(300)).toJson());
    }

    private static void awaitNever() {
        awaitQuietly(NEVER);
    }
}
