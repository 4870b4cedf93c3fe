package dev.threadleak.agent.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.agent.AgentOptions.CreationStacks;
import dev.threadleak.agent.bootstrap.ExecutorListener;
import dev.threadleak.agent.memory.Identity;
import dev.threadleak.report.Leak;
import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.io.Deadline;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The executor registry, fed through its listener interface by real pools and tasks at the points
 * where the woven JDK feeds it ({@link ReportedPool}).
 */
class ExecutorRegistryTest {

    private static final int MAX_RECORDS = 3;

    private final ThreadRegistry threads = new ThreadRegistry(new CreationSites(CreationStacks.ALL, 16), true, 100);
    private final ExecutorRegistry registry = new ExecutorRegistry(threads, MAX_RECORDS);
    private final ExecutorListener listener = registry;
    private final List<ThreadPoolExecutor> pools = new ArrayList<>();

    @AfterEach
    void stopPools() {
        pools.forEach(ThreadPoolExecutor::shutdownNow);
    }

    @Test
    void anExecutorIsRecordedOnceWithWhoMadeItUntilItIsShutDown() {
        ReportedPool pool = pool();
        listener.executorCreated(pool); // the next constructor of a chain ends

        List<Map.Entry<Object, ExecutorRecord>> recorded = registry.executors();
        assertEquals(1, recorded.size());
        assertSame(pool, recorded.get(0).getKey());
        ExecutorRecord r = recorded.get(0).getValue();
        long self = Thread.currentThread().getId();
        assertEquals(self, r.creatorId());
        assertTrue(r.descendsFrom(self));
        assertEquals(ReportedPool.class.getName(), r.type);
        assertFalse(r.preExisting() || r.jdkInternal(), "made by the application, since the agent");
        assertFalse(r.shutdownRequested());

        pool.shutdown();
        assertTrue(r.shutdownRequested());
    }

    /**
     * A pool is known by its workers after they end: what one submitted is the pool's. Only the
     * last 16 are kept, so that a pool that makes a worker per task costs no more.
     */
    @Test
    void aPoolIsToldByItsLastWorkersAliveOrEnded() throws Exception {
        ReportedPool pool = pool();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            Thread worker = new Thread(() -> { }, "worker-" + i);
            worker.start();
            worker.join();
            listener.poolWorker(pool, worker);
            workers.add(worker);
        }

        assertEquals(registry.executors().get(0).getValue().identity,
                new ExecutorFindings(registry, 16).poolOfWorker(workers.get(16).getId()).identity());
        assertNull(registry.poolOfWorker(workers.get(0).getId()), "the 17th back is forgotten");
        assertNull(registry.poolOfWorker(Thread.currentThread().getId()), "not a worker of any pool");
    }

    @Test
    void aTaskIsRecordedFromItsSubmissionUntilItEnds() throws Exception {
        ReportedPool pool = pool();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable task = () -> {
            running.countDown();
            await(release);
        };
        pool.execute(task);
        running.await();

        TaskRecord r = recordOf(task);
        assertTrue(r.running());
        assertEquals(List.of(r.runner), registry.allWorkers(), "the pool's worker runs it and belongs to the pool");
        assertEquals(Thread.currentThread().getId(), r.creatorId(), "the submitter");

        release.countDown();
        assertEquals(List.of(), poll(registry::tasks, List::isEmpty), "afterExecute ends the record");
        assertTrue(r.ended);
    }

    @Test
    void scopedRecordingRecordsOnlyWhileAWindowIsOpenYetAlwaysWhatAPoolThrowsAway() throws Exception {
        TaskRecording recording = new TaskRecording(TaskRecording.Mode.SCOPED);
        ExecutorRegistry scoped = new ExecutorRegistry(threads, recording);
        ReportedPool pool = poolOf(scoped);
        pool.occupyTheWorker();

        Runnable outside = () -> { };
        pool.execute(outside);
        assertTrue(scoped.tasks().stream().noneMatch(e -> e.getKey() == outside), "no scope is open: no record");

        recording.windowOpened();
        Runnable inside = () -> { };
        pool.execute(inside);
        recording.windowClosed();
        TaskRecord r = scoped.tasks().stream().filter(e -> e.getKey() == inside).findFirst().orElseThrow().getValue();
        assertEquals(Thread.currentThread().getId(), r.creatorId(), "the submitter, which charges a scope");

        List<Runnable> dropped = pool.shutdownNow();
        assertTrue(dropped.contains(outside), dropped.toString());
        TaskRecord lost = scoped.tasks().stream().filter(e -> e.getKey() == outside).findFirst().orElseThrow()
                .getValue();
        assertTrue(lost.preExisting(), "its submitter is unknown: no scope's");
        assertTrue(lost.lostBecause.startsWith("returned by shutdownNow()"), lost.lostBecause);
    }

    @Test
    void tasksBeyondTheBoundAreCountedNotRecorded() throws Exception {
        ReportedPool pool = pool();
        pool.occupyTheWorker();
        for (int i = 0; i < 4; i++) {
            pool.submit(() -> { }); // a task of its own each time (one lambda would be one task)
        }

        assertEquals(MAX_RECORDS, registry.tasks().size());
        assertEquals(2, registry.dropped());
    }

    /**
     * In a scope ({@code tasks=scoped}), a kind's tasks past its first {@value TaskKinds#RECORDS}
     * since a scope was last made get no record and are counted, for a report's note: a test that
     * hands a pool millions of events pays for ten thousand. A periodic task gets one whatever its
     * place; a new scope counts again; {@code tasks=all} leaves none out.
     */
    @Test
    void inAScopeTasksOfAKindPastItsFirstRecordsAreCountedNotRecorded() throws Exception {
        CreationSites sites = new CreationSites(CreationStacks.SAMPLED, 16);
        ThreadRegistry counted = new ThreadRegistry(sites, true, 100_000);
        TaskRecording recording = new TaskRecording(TaskRecording.Mode.SCOPED);
        ExecutorRegistry scoped = new ExecutorRegistry(counted, recording);
        ReportedPool pool = poolOf(scoped);
        CountDownLatch release = pool.occupyTheWorker();
        sites.keepEveryStack(); // a scope is made
        recording.windowOpened();

        submitEvents(pool, TaskKinds.RECORDS + 2);
        Runnable other = () -> { };
        pool.execute(other);
        Object timer = new Object();
        scoped.executorCreated(timer);
        List<Object> timerTasks = new ArrayList<>(); // held, as a timer's queue would: records are weak
        for (int i = 0; i < TaskKinds.RECORDS + 2; i++) {
            timerTasks.add(new Object());
            scoped.timerTaskScheduled(timer, timerTasks.get(i), 1_000); // periodic: the leak itself, never left out
        }

        assertEquals(2 * TaskKinds.RECORDS + 3, scoped.tasks().size());
        assertTrue(scoped.tasks().stream().anyMatch(e -> e.getKey() == other), "another kind counts on its own");
        String note = scoped.leftOutNote();
        assertTrue(note != null && note.startsWith("2 tasks submitted since the last scope began have no record, past"
                + " the first 10000 of their kind (2 of " + ExecutorRegistryTest.class.getName() + "$$Lambda"), note);

        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < TaskKinds.RECORDS + 2; i++) {
            int event = i;
            futures.add(pool.submit(() -> Integer.toString(event))); // a future of code of a kind: the code's kind
        }
        assertEquals(3 * TaskKinds.RECORDS + 3, scoped.tasks().size());
        Future<?> recorded = futures.get(TaskKinds.RECORDS - 1);
        assertTrue(scoped.tasks().stream().anyMatch(e -> e.getKey() == recorded && e.getValue().wraps != null));
        String both = scoped.leftOutNote();
        assertTrue(both.startsWith("4 tasks submitted since the last scope began"), "each counted once: " + both);
        Callable<String> event = () -> "past";
        for (int i = 0; i <= TaskKinds.RECORDS; i++) {
            futures.add(pool.submit(event)); // its kind past its records
        }
        FutureTask<String> inner = new FutureTask<>(event);
        scoped.taskWrapped(inner, event);
        FutureTask<Void> outer = new FutureTask<>(inner, null); // as ExecutorCompletionService's future around it
        scoped.taskWrapped(outer, inner);
        pool.execute(outer);
        assertTrue(scoped.tasks().stream().noneMatch(e -> e.getKey() == outer), "the future around one left out");

        sites.keepEveryStack(); // the next test's scope
        assertNull(scoped.leftOutNote(), "what an earlier scope left out is not this one's");
        Runnable next = submitEvents(pool, 1);
        assertTrue(scoped.tasks().stream().anyMatch(e -> e.getKey() == next), "counted again from the first");
        recording.windowClosed();
        release.countDown();

        TaskRecording all = new TaskRecording(TaskRecording.Mode.ALL);
        ExecutorRegistry everyTask = new ExecutorRegistry(counted, all);
        ReportedPool another = poolOf(everyTask);
        CountDownLatch releaseAnother = another.occupyTheWorker();
        submitEvents(another, TaskKinds.RECORDS + 2);
        assertEquals(TaskKinds.RECORDS + 3, everyTask.tasks().size(), "tasks=all: every task, the occupying one too");
        assertNull(everyTask.leftOutNote());
        releaseAnother.countDown();
        Reference.reachabilityFence(timerTasks);
    }

    /** Submits {@code n} tasks of one kind to {@code pool}, each an object of its own; returns the last. */
    private static Runnable submitEvents(ThreadPoolExecutor pool, int n) {
        Runnable last = null;
        for (int i = 0; i < n; i++) {
            int event = i;
            last = () -> Integer.toString(event);
            pool.execute(last);
        }
        return last;
    }

    @Test
    void aTaskReturnedByShutdownNowWillNeverRun() throws Exception {
        ReportedPool pool = pool();
        Future<String> never = pool.taskDroppedByShutdownNow();

        assertEquals("the task " + Identity.of(never)
                + " was returned by shutdownNow() without having run: it will never run", registry.neverRuns(never));
        ExecutorRecord record = registry.executors().get(0).getValue();
        assertTrue(record.shutdownNowAtMillis != 0 && record.shutdownNowTrace != null, "a report says when and where");
    }

    @Test
    void aTaskTheDiscardPolicyDropsWillNeverRunButOneTheSubmitterSawRejectedIsForgotten() throws Exception {
        ReportedPool discarding = pool(new SynchronousQueue<>(), ReportedPool.discarding(listener));
        discarding.occupyTheWorker();
        Future<?> discarded = discarding.submit(() -> { });
        String why = registry.neverRuns(discarded);
        assertTrue(why != null && why.contains("discarded by ThreadPoolExecutor.DiscardPolicy"), why);

        ReportedPool aborting = pool(new SynchronousQueue<>(), ReportedPool.aborting(listener));
        aborting.occupyTheWorker();
        Runnable refused = () -> { };
        assertThrows(RejectedExecutionException.class, () -> aborting.execute(refused));
        assertTrue(registry.tasks().stream().noneMatch(e -> e.getKey() == refused),
                "a RejectedExecutionException told the submitter: nothing was lost silently");
    }

    @Test
    void aTaskCancelledBeforeItRanIsForgottenAndOneCancelledWhileItRunsIsMarked() throws Exception {
        ReportedPool pool = pool();
        CountDownLatch release = pool.occupyTheWorker();
        Future<?> queued = pool.submit(() -> { });
        queued.cancel(false);
        assertTrue(registry.tasks().stream().noneMatch(e -> e.getKey() == queued), "it will never run, nobody waits");
        release.countDown();

        Semaphore stubborn = new Semaphore(0);
        Future<?> ignoresInterrupts = runningUntilReleased(pool, stubborn);
        ignoresInterrupts.cancel(true);
        TaskRecord r = recordOf(ignoresInterrupts);
        assertEquals(Thread.currentThread().getName(), r.cancelledBy);
        assertTrue(r.cancelledAtMillis != 0 && r.interruptRequested());
        assertEquals(TaskRecord.CANCEL_INTERRUPTING, r.cancelledWith);
        stubborn.release();
    }

    @Test
    void aCancelThatDoesNotInterruptIsRecordedAsItWasAsked() throws Exception {
        ReportedPool pool = pool();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> task = pool.submit(() -> {
            running.countDown();
            await(release);
        });
        running.await();
        task.cancel(false);

        TaskRecord r = recordOf(task);
        assertEquals(TaskRecord.CANCEL_NOT_INTERRUPTING, r.cancelledWith);
        assertFalse(r.interruptRequested(), "cancel(false) interrupts nothing");
        release.countDown();
    }

    @Test
    void aPeriodicTaskShutdownNowReturnsWasStoppedNotLostAndADelayedOneDroppedBeforeItsTimeIsNoLeak()
            throws Exception {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        pools.add(scheduler);
        listener.executorCreated(scheduler);
        ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
        ScheduledFuture<?> once = scheduler.schedule(() -> { }, 1, TimeUnit.HOURS);
        listener.taskSubmitted(scheduler, periodic); // as delayedExecute reports them
        listener.taskSubmitted(scheduler, once);
        assertTrue(recordOf(periodic).periodic && !recordOf(once).periodic);

        listener.tasksDropped(scheduler.shutdownNow(), scheduler);

        assertTrue(registry.tasks().stream().noneMatch(e -> e.getKey() == periodic), "stopped, as the code asked");
        assertEquals(ExecutorRegistry.NOT_YET_DUE, recordOf(once).lostBecause, "a waiter on it is still told");
        ExecutorFindings findings = new ExecutorFindings(registry, 8);
        assertEquals(List.of(), findings.unfinishedTasks(r -> true, 0, "left", true),
                "a watchdog dropped before its time is what shutdownNow() is for");
        assertEquals("1 task never ran, dropped as the code chose: 1 returned by shutdownNow(); not leaks (a thread "
                + "waiting on one would be, and is told it never runs)", findings.droppedNote(r -> true),
                "(the shutdownNow() call itself is not woven here: where it was is the agent's to say)");
    }

    @Test
    void aTimerTaskIsRecordedFromItsScheduleCountsItsRunsAndEndsWhenItIsDoneOrCancelled() {
        Timer timer = new Timer("recorded-timer", true);
        try {
            listener.executorCreated(timer);
            TimerTask periodic = new TimerTask() {
                @Override
                public void run() {
                }
            };
            TimerTask once = new TimerTask() {
                @Override
                public void run() {
                }
            };
            listener.timerTaskScheduled(timer, periodic, 10);
            listener.timerTaskScheduled(timer, once, 0);
            assertTrue(recordOf(periodic).periodic && !recordOf(once).periodic);

            listener.timerTaskDue(new TimerTask[] {null, periodic}, true); // as TaskQueue.rescheduleMin reports it
            listener.timerTaskDue(new TimerTask[] {null, periodic}, true);
            assertEquals(2, recordOf(periodic).runs);
            listener.timerTaskDue(new TimerTask[] {null, once}, false); // as TaskQueue.removeMin reports it
            assertTrue(registry.tasks().stream().noneMatch(e -> e.getKey() == once), "ran once: done");

            listener.taskCancelled(periodic, false, null); // as TimerTask.cancel reports it
            assertEquals(List.of(), registry.tasks());
        } finally {
            timer.cancel();
        }
    }

    @Test
    void aPoolTheCollectorsCleanupShutDownIsNotShutDownByTheCodeAndIsKeptPastItsCollection() throws Exception {
        ReportedPool pool = pool();
        pool.submit(() -> "ran").get(); // it made its worker
        Cleaner cleaner = Cleaner.create();
        Object owner = new Object();
        cleaner.register(owner, () -> listener.executorShutdown(pool)); // a library's "shut it down when unreachable"
        owner = null;

        ExecutorRecord r = registry.executors().get(0).getValue();
        List<ExecutorRecord> kept = poll(() -> {
            System.gc();
            return registry.reclaimed();
        }, list -> !list.isEmpty());
        assertEquals(List.of(r), kept, "kept, to be reported the same way whatever the collector did");
        assertEquals(Reclaimers.CLEANER, r.reclaimedBy);
        assertTrue(r.reclaimedAtMillis != 0);
        assertFalse(r.shutdownRequested(), "the code never asked for it");
        Reference.reachabilityFence(owner);
    }

    /**
     * A timer nobody cancelled, collected: its thread ends then, by the JDK's doing, not the code's.
     * Whether the collector came before a check is the heap's doing: the record is kept, and says when.
     */
    @Test
    void aTimerCollectedThatNobodyCancelledIsKeptWithWhenItWasFoundCollected() throws Exception {
        long before = System.currentTimeMillis();
        Thread worker = new Thread(() -> { }, "timer-worker-stand-in");
        listener.executorCreated(new Timer("collected-timer", true));
        listener.poolWorker(registry.executors().get(0).getKey(), worker);

        List<ExecutorRecord> kept = poll(() -> {
            System.gc();
            registry.expungeStale();
            return registry.reclaimed();
        }, list -> !list.isEmpty());
        ExecutorRecord r = kept.get(0);
        assertNull(r.reclaimedBy, "no cleanup shut it down: the collector took it");
        assertTrue(r.reclaimedAtMillis >= before && r.reclaimedAtMillis <= System.currentTimeMillis(),
                "when it was found collected, not the epoch: " + r.reclaimedAtMillis);
    }

    /**
     * A pool is collected only once its workers ended by themselves (each refers to it): it held
     * nothing then, as a live one without workers holds nothing.
     */
    @Test
    void aPoolCollectedOnceItsWorkersEndedByThemselvesIsNotKept() throws Exception {
        assertCollectedAndNotKept(poolWhoseWorkerEnded());
    }

    private void assertCollectedAndNotKept(WeakReference<?> gone) throws InterruptedException {
        int left = poll(() -> {
            System.gc();
            registry.expungeStale();
            return registry.executors().size();
        }, n -> n == 0);
        assertEquals(0, left);
        assertNull(gone.get());
        assertEquals(List.of(), registry.reclaimed());
    }

    /** The same of JDK 21's thread-per-task executor, whose threads' tasks refer to it. */
    @Test
    void aThreadPerTaskExecutorCollectedOnceItsThreadsEndedIsNotKept() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "Executors.newThreadPerTaskExecutor is JDK 21's");
        assertCollectedAndNotKept(threadPerTaskExecutorWhoseThreadEnded());
    }

    private WeakReference<ExecutorService> threadPerTaskExecutorWhoseThreadEnded() throws Exception {
        List<Thread> started = new CopyOnWriteArrayList<>();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "per-task");
            started.add(t);
            return t;
        };
        ExecutorService executor = (ExecutorService) Executors.class
                .getMethod("newThreadPerTaskExecutor", ThreadFactory.class).invoke(null, factory);
        listener.executorCreated(executor);
        executor.submit(() -> "ran").get();
        listener.poolWorker(executor, started.get(0));
        started.get(0).join();
        return new WeakReference<>(executor);
    }

    @Test
    void aTaskWithoutARecordCancelledWhileItRunsGetsOneThatNamesItsRunnerAndTheCancel() throws Exception {
        ExecutorRegistry scoped = new ExecutorRegistry(threads, new TaskRecording(TaskRecording.Mode.SCOPED));
        ReportedPool pool = poolOf(scoped);
        Semaphore stubborn = new Semaphore(0);
        Future<?> ignoresInterrupts = runningUntilReleased(pool, stubborn);
        assertTrue(scoped.tasks().isEmpty(), "submitted with no scope open: no record");

        ignoresInterrupts.cancel(true);
        TaskRecord r = scoped.tasks().stream().filter(e -> e.getKey() == ignoresInterrupts).findFirst()
                .orElseThrow().getValue();
        assertTrue(r.running(), "its runner is the pool's worker");
        assertEquals(Thread.currentThread().getName(), r.cancelledBy);
        assertTrue(r.interruptRequested() && r.cancelledAtMillis != 0);
        stubborn.release();
        assertEquals(List.of(), poll(scoped::tasks, List::isEmpty), "afterExecute ends the record");
    }

    @Test
    void aCancelledFutureRunInsideAnotherTaskEndsWithIt() throws Exception {
        ExecutorRegistry scoped = new ExecutorRegistry(threads, new TaskRecording(TaskRecording.Mode.SCOPED));
        ReportedPool pool = poolOf(scoped);
        CountDownLatch running = new CountDownLatch(1);
        Semaphore stubborn = new Semaphore(0);
        java.util.concurrent.CompletionService<String> calls = new java.util.concurrent.ExecutorCompletionService<>(pool);
        Future<String> inner = calls.submit(() -> {
            running.countDown();
            stubborn.acquireUninterruptibly(); // runs on past the cancel until released: no race with the assert
            return "never";
        });
        running.await();

        inner.cancel(true); // FutureTask.runner of the caller's future: the worker, inside the service's own task
        assertEquals(1, scoped.tasks().size(), "a record while it runs");
        stubborn.release();
        assertEquals(List.of(), poll(scoped::tasks, List::isEmpty), "gone once the worker's task ended");
    }

    @Test
    void anExecutorOnlyTheRegistryRefersToIsCollectedAndItsRecordGoes() throws Exception {
        WeakReference<ThreadPoolExecutor> pool = unreachablePool();
        assertEquals(1, registry.executors().size());

        int left = poll(() -> {
            System.gc();
            return registry.executors().size(); // not the list: it would hold the executor while we wait
        }, n -> n == 0);
        assertEquals(0, left, "the registry keeps an executor alive");
        assertNull(pool.get());
    }

    @Test
    void anExecutorThatPredatesTheAgentIsFoundThroughItsWorker() throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        pools.add(pool);
        Thread[] worker = new Thread[1];
        CountDownLatch running = new CountDownLatch(1);
        pool.execute(() -> {
            worker[0] = Thread.currentThread();
            running.countDown();
            await(new CountDownLatch(1));
        });
        running.await();

        registry.registerPreExisting(List.of(Thread.currentThread(), worker[0]), t -> t == worker[0] ? pool : null);

        ExecutorRecord r = registry.executors().get(0).getValue();
        assertSame(pool, registry.executors().get(0).getKey());
        assertTrue(r.preExisting());
        assertEquals(-1, r.creatorId());
        assertEquals(List.of(worker[0]), registry.allWorkers());
    }

    @Test
    void executorsMadeByTheAgentsOwnThreadsAreNotRecorded() throws Exception {
        ThreadPoolExecutor ours = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        Thread own = new Thread(() -> listener.executorCreated(ours), ThreadRegistry.OWN_THREAD_PREFIX + "test");
        own.start();
        own.join();

        assertEquals(List.of(), registry.executors());
        Reference.reachabilityFence(ours); // held until here: its absence is not the collector's doing
    }

    /** A task running on {@code pool} that ignores interrupts until {@code stubborn} gets a permit. */
    private static Future<?> runningUntilReleased(ReportedPool pool, Semaphore stubborn) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Future<?> task = pool.submit(() -> {
            running.countDown();
            stubborn.acquireUninterruptibly();
        });
        running.await();
        return task;
    }

    /** A pool that reports to {@code executors}, stopped after the test. */
    private ReportedPool poolOf(ExecutorRegistry executors) {
        ReportedPool pool = new ReportedPool(executors, threads);
        pools.add(pool);
        return pool;
    }

    /**
     * A worker that takes a task out of its queue just after a check read the queue, and is about
     * to begin it, is busy with that very task: the task is not queued behind someone else's work
     * (a test that submits to an idle one-worker pool and returns: its check missed the leak once
     * in a few runs, when it read the queue first and the busy worker after).
     */
    @Test
    void aTaskAWorkerTookJustAfterTheQueueWasReadIsNotQueuedBehindOthers() throws Exception {
        CountDownLatch beginning = new CountDownLatch(1);
        CountDownLatch begin = new CountDownLatch(1);
        ReportedPool pool = pool(new TakenOnceRead(beginning), ReportedPool.aborting(listener));
        try {
            pool.submit(() -> "first").get(); // its worker made; it now waits for a take
            pool.pauseBeforeEachStart(() -> {
                beginning.countDown();
                await(begin);
            });
            Future<String> left = pool.submit(() -> "left");

            Set<String> behind = new ExecutorFindings(registry, 8).tasksQueuedBehindOthers(r -> true);

            assertFalse(behind.contains(Identity.of(left)), "taken by the worker seen busy: " + behind);
        } finally {
            begin.countDown();
        }
    }

    /**
     * A new worker that begins its first task while a check reads its pool: the task is running,
     * or about to, never "begun and no longer running" (a test that gave a library's idle pool its
     * loop was passed now and then: the check read the task as not running, then as begun, as the
     * worker began it in between, and took it for finished). The pool's own {@code beforeExecute}
     * is the JDK's, as an application's pool keeps it; the worker tells its start as the agent's
     * hook there would.
     */
    @Test
    void aTaskItsNewWorkerBeginsWhileACheckReadsThePoolIsUnfinished() throws Exception {
        CountDownLatch proceed = new CountDownLatch(1);
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable loop = () -> await(release);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new BeginsOnRead(proceed, begun),
                work -> {
                    Thread worker = new Thread(() -> {
                        await(proceed); // made for the task, and not yet at its beforeExecute
                        listener.taskStarted(pools.get(pools.size() - 1), loop);
                        begun.countDown();
                        work.run();
                    }, "new-worker");
                    worker.setDaemon(true);
                    return worker;
                });
        pools.add(pool);
        try {
            listener.executorCreated(pool);
            listener.taskSubmitted(pool, loop);
            pool.execute(loop);

            List<Leak> left = new ExecutorFindings(registry, 8).unfinishedTasks(r -> true, 0, "left", true);

            assertEquals(0, begun.getCount(), "the worker began the task as the check read the pool's queue");
            assertEquals(List.of(Identity.of(loop)), left.stream().map(l -> l.task().identity()).toList(),
                    "running, not finished");
        } finally {
            proceed.countDown();
            release.countDown();
        }
    }

    /**
     * A queue whose first read lets the worker waiting on {@code proceed} begin its task, and
     * returns once it has {@code begun}.
     */
    private static final class BeginsOnRead extends LinkedBlockingQueue<Runnable> {
        private final CountDownLatch proceed;
        private final CountDownLatch begun;

        BeginsOnRead(CountDownLatch proceed, CountDownLatch begun) {
            this.proceed = proceed;
            this.begun = begun;
        }

        @Override
        public Object[] toArray() {
            if (proceed.getCount() > 0) {
                proceed.countDown();
                await(begun);
            }
            return super.toArray();
        }
    }

    /**
     * A queue whose worker takes a task only once the queue was read with one in it, and whose
     * read returns only once the worker is {@code beginning} that task.
     */
    private static final class TakenOnceRead extends LinkedBlockingQueue<Runnable> {
        private final Semaphore takes = new Semaphore(0);
        private final CountDownLatch beginning;

        TakenOnceRead(CountDownLatch beginning) {
            this.beginning = beginning;
        }

        @Override
        public Runnable take() throws InterruptedException {
            takes.acquire();
            return super.take();
        }

        @Override
        public Object[] toArray() {
            Object[] now = super.toArray();
            if (now.length > 0 && beginning.getCount() > 0) {
                takes.release();
                try {
                    assertTrue(beginning.await(10, TimeUnit.SECONDS), "the worker took the task");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return now;
        }
    }

    private ReportedPool pool() {
        return pool(new LinkedBlockingQueue<>(), ReportedPool.aborting(listener));
    }

    private ReportedPool pool(BlockingQueue<Runnable> queue, RejectedExecutionHandler rejection) {
        ReportedPool pool = new ReportedPool(listener, null, queue, rejection);
        pools.add(pool);
        return pool;
    }

    /** A pool that ran a task and whose worker then timed out: nothing but the registry refers to it. */
    private WeakReference<ThreadPoolExecutor> poolWhoseWorkerEnded() throws Exception {
        ReportedPool pool = new ReportedPool(listener, null); // not in pools: nothing may hold it
        pool.submit(() -> "ran").get();
        pool.setKeepAliveTime(1, TimeUnit.MILLISECONDS);
        pool.allowCoreThreadTimeOut(true);
        poll(pool::getPoolSize, n -> n == 0);
        return new WeakReference<>(pool);
    }

    /** A pool that never ran a task: no thread of its own, nothing but the registry refers to it. */
    private WeakReference<ThreadPoolExecutor> unreachablePool() {
        return new WeakReference<>(new ReportedPool(listener, null));
    }

    private TaskRecord recordOf(Object task) {
        for (Map.Entry<Object, TaskRecord> e : registry.tasks()) {
            if (e.getKey() == task) {
                return e.getValue();
            }
        }
        throw new AssertionError("no record of " + task);
    }

    private static <T> T poll(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        return Deadline.after(Duration.ofSeconds(10)).pollUntil(probe, done, (last, d) -> d.sleep(Duration.ofMillis(5)));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
