package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertNoLineMatching;
import static dev.threadleak.junit.Fixtures.assertPassed;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.lines;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.api.Threadleak;
import dev.threadleak.io.Deadline;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The shapes real suites have, written the way code nobody here wrote does it (issue 12): a
 * library's JVM-wide thread made by a class initializer, a periodic task stopped by
 * {@code shutdownNow()}, a timer task on a timer made before the test, an executor that never ran
 * anything, and a pool left for the garbage collector. Each is judged the same in every run,
 * whatever the order of the tests, the heap or the collector did meanwhile.
 */
class SuiteShapesTest {

    @AfterEach
    void releaseWhatTheFixturesLeaked() throws InterruptedException {
        Leftovers.releaseAll();
    }

    // --- 1. work started by a class initializer belongs to the JVM -----------------------------

    /** A library's shared daemon timer, made when its holder class is first used. */
    static final class TimerHolder {
        static final Timer SHARED = Leftovers.track(new Timer("library-shared-timer", true));
    }

    /** A library's cached pool in a static field, and a thread a static initializer starts. */
    static final class PoolHolder {
        static final ExecutorService POOL = Leftovers.track(Executors.newCachedThreadPool(Leftovers.named("library-pool")));
        static final Thread REAPER;

        static {
            REAPER = new Thread(() -> {
                Thread child = new Thread(Leftovers.parkedOnQueue(), "library-reaper-child");
                child.setDaemon(true);
                Leftovers.track(child).start();
                Leftovers.parkedOnQueue().run();
            }, "library-reaper");
            REAPER.setDaemon(true);
            Leftovers.track(REAPER).start();
        }
    }

    /** A periodic task a static initializer schedules on a scheduler of its own. */
    static final class ScheduledHolder {
        static final ScheduledExecutorService TICKER = Leftovers.track(
                Executors.newSingleThreadScheduledExecutor(Leftovers.named("library-ticker")));

        static {
            TICKER.scheduleAtFixedRate(() -> { }, 0, 10, TimeUnit.MILLISECONDS);
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ClassInitializerTestCase {
        @Test
        @Order(1)
        void firstToUseTheTimerHolder() {
            TimerHolder.SHARED.schedule(new TimerTask() {
                @Override
                public void run() {
                }
            }, 0);
        }

        @Test
        @Order(2)
        void firstToUseThePoolHolder() throws Exception {
            PoolHolder.POOL.submit(() -> "ran").get();
            assertTrue(PoolHolder.REAPER.isAlive());
        }

        @Test
        @Order(3)
        void firstToUseTheScheduledHolder() {
            assertTrue(!ScheduledHolder.TICKER.isShutdown());
        }

        @Test
        @Order(4)
        void leaksAThreadOfItsOwn() {
            Thread t = new Thread(Leftovers.parkedOnQueue(), "test-own-leak");
            t.setDaemon(true);
            Leftovers.track(t).start();
        }
    }

    @Test
    void threadsExecutorsAndTasksMadeByAClassInitializerAreNotTheLeakOfTheTestThatLoadedTheClass() {
        assumeTrue(TestMode.agent(), "without the agent, who started a thread is unknown");
        EngineExecutionResults results = run(ClassInitializerTestCase.class);

        assertPassed(results, "firstToUseTheTimerHolder()");
        assertPassed(results, "firstToUseThePoolHolder()");
        assertPassed(results, "firstToUseTheScheduledHolder()");
        ThreadLeakError error = leakError(results, "leaksAThreadOfItsOwn()");
        lineMatching(error, "THREAD LEAKED: \"test-own-leak\" .*");
        assertNoLineMatching(error, ".*library-.*");
    }

    // --- 2. a periodic task stopped by shutdownNow() ran, and was stopped ---------------------

    @DetectThreadLeaks(grace = "100ms")
    static class PeriodicTaskTestCase {
        @Test
        void stopsItWhileARunIsInProgress() throws Exception {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            CountDownLatch running = new CountDownLatch(3);
            scheduler.scheduleAtFixedRate(() -> {
                running.countDown();
                if (running.getCount() == 0) {
                    sleepUntilInterrupted(); // the third run is in progress when shutdownNow() comes
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            running.await();
            scheduler.shutdownNow();
            assertTrue(scheduler.awaitTermination(10, TimeUnit.SECONDS));
        }

        @Test
        void stopsItBetweenRuns() throws Exception {
            ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
            CountDownLatch ran = new CountDownLatch(2);
            scheduler.scheduleAtFixedRate(ran::countDown, 0, 20, TimeUnit.MILLISECONDS);
            ran.await();
            awaitIdle(scheduler); // the next run is queued, not running
            scheduler.shutdownNow();
            assertTrue(scheduler.awaitTermination(10, TimeUnit.SECONDS));
        }

        @Test
        void cancelsItWithoutInterruptionThenShutsDownNow() throws Exception {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            CountDownLatch ran = new CountDownLatch(2);
            ScheduledFuture<?> ticks = scheduler.scheduleWithFixedDelay(ran::countDown, 0, 1, TimeUnit.MILLISECONDS);
            ran.await();
            ticks.cancel(false);
            scheduler.shutdownNow();
            assertTrue(scheduler.awaitTermination(10, TimeUnit.SECONDS));
        }

        @Test
        void stopsItBeforeItsFirstRun() throws Exception {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            scheduler.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
            scheduler.shutdownNow();
            assertTrue(scheduler.awaitTermination(10, TimeUnit.SECONDS));
        }

        /** A watchdog that would cancel a request, dropped with its pool once the request is done. */
        @Test
        void dropsAOneShotWatchdogBeforeItsTime() throws Exception {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            CompletableFuture<String> request = CompletableFuture.completedFuture("done");
            scheduler.schedule(() -> request.cancel(true), 1, TimeUnit.HOURS);
            scheduler.shutdownNow();
            assertTrue(scheduler.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aPeriodicTaskStoppedByShutdownNowIsNotLostWhetherARunWasInProgressOrNot() {
        EngineExecutionResults results = run(PeriodicTaskTestCase.class);

        assertPassed(results, "stopsItWhileARunIsInProgress()");
        assertPassed(results, "stopsItBetweenRuns()");
        assertPassed(results, "cancelsItWithoutInterruptionThenShutsDownNow()");
        assertPassed(results, "stopsItBeforeItsFirstRun()");
        assertPassed(results, "dropsAOneShotWatchdogBeforeItsTime()");
    }

    // --- a task that outlives its pool's shutdown ---------------------------------------------------

    @DetectThreadLeaks(grace = "100ms")
    static class TaskOutlivesItsPoolsShutdownTestCase {
        @Test
        void shutsItsPoolDownWithItsTaskStuck() {
            ExecutorService pool = Executors.newSingleThreadExecutor(Leftovers.named("stuck"));
            pool.execute(Leftovers.parkedOnQueue());
            pool.shutdown(); // no interrupt: the task waits on
        }

        /** As a loaded machine may run it: the pool's worker begins after the test has ended. */
        @Test
        void shutsItsPoolDownBeforeItsWorkerBegins() {
            ExecutorService pool = Executors.newSingleThreadExecutor(beginningLate());
            pool.execute(Leftovers.parkedOnQueue());
            pool.shutdown();
        }

        /** The same, with a task that ends once begun: the check waits for it as for any. */
        @Test
        @DetectThreadLeaks(grace = "5s")
        void shutsItsPoolDownBeforeItsWorkerBeginsATaskThatEnds() {
            ExecutorService pool = Executors.newSingleThreadExecutor(beginningLate());
            pool.execute(() -> { });
            pool.shutdown();
        }

        /** Daemon threads that begin what they are given 300 ms late. */
        private static ThreadFactory beginningLate() {
            return r -> {
                Thread t = new Thread(() -> {
                    sleepQuietly(300);
                    r.run();
                }, "late-1");
                t.setDaemon(true);
                return Leftovers.track(t);
            };
        }
    }

    /**
     * A task its pool's shutdown leaves stuck is the test's, whether its worker began it before the
     * check or, on a loaded machine, after (this passed once in a few runs, while another build ran);
     * one that ends once begun is waited for. The failure says "the test", not our "the scope".
     */
    @Test
    void aTaskStuckInAPoolShutDownIsTheTestsWhetherOrNotItsWorkerHadBegunIt() {
        assumeTrue(TestMode.agent(), "without the agent, tasks are not seen");
        EngineExecutionResults results = run(TaskOutlivesItsPoolsShutdownTestCase.class);

        ThreadLeakError error = leakError(results, "shutsItsPoolDownWithItsTaskStuck()");
        lineMatching(error, "TASK .*");
        lineMatching(error, "  why: submitted in the test and not finished when it ended.*");
        ThreadLeakError late = leakError(results, "shutsItsPoolDownBeforeItsWorkerBegins()");
        // told as it is when the check ends: its worker may have begun it while the check waited after the proof
        lineMatching(late, "TASK LEAKED: .* \\((starting|running)\\) on java\\.util\\.concurrent\\.ThreadPoolExecutor@"
                + "\\p{XDigit}+, .*");
        assertPassed(results, "shutsItsPoolDownBeforeItsWorkerBeginsATaskThatEnds()");
    }

    // --- 3. a periodic timer task on a timer made before the test --------------------------------

    @DetectThreadLeaks(grace = "100ms")
    static class TimerMadeBeforeTheTestTestCase {
        static Timer timer;
        static ScheduledExecutorService scheduler;

        @BeforeAll
        static void makeThem() {
            timer = new Timer("suite-timer", true);
            scheduler = Executors.newSingleThreadScheduledExecutor();
        }

        @AfterAll
        static void stopThem() {
            timer.cancel();
            scheduler.shutdownNow();
        }

        @Test
        void schedulesATimerTaskAndNeverCancelsIt() {
            timer.scheduleAtFixedRate(new TimerTask() {
                @Override
                public void run() {
                }
            }, 0, 10);
        }

        @Test
        void schedulesOnTheSchedulerAndNeverCancelsIt() {
            scheduler.scheduleAtFixedRate(() -> { }, 0, 10, TimeUnit.MILLISECONDS);
        }

        @Test
        void schedulesATimerTaskAndCancelsIt() throws InterruptedException {
            CountDownLatch ran = new CountDownLatch(2);
            TimerTask task = new TimerTask() {
                @Override
                public void run() {
                    ran.countDown();
                }
            };
            timer.scheduleAtFixedRate(task, 0, 1);
            ran.await();
            task.cancel();
        }

        @Test
        void schedulesAOneShotTimerTaskThatRuns() throws InterruptedException {
            CountDownLatch ran = new CountDownLatch(1);
            timer.schedule(new TimerTask() {
                @Override
                public void run() {
                    ran.countDown();
                }
            }, 0);
            ran.await();
        }
    }

    @Test
    void aPeriodicTaskLeftOnATimerMadeBeforeTheTestFailsItAsOnAScheduledPool() {
        assumeTrue(TestMode.agent(), "without the agent, tasks are not seen");
        EngineExecutionResults results = run(TimerMadeBeforeTheTestTestCase.class);

        ThreadLeakError onTimer = leakError(results, "schedulesATimerTaskAndNeverCancelsIt()");
        lineMatching(onTimer, "TASK LEAKED: .*SuiteShapesTest\\$TimerMadeBeforeTheTestTestCase\\$\\d+@\\p{XDigit}+ .* on "
                + "java.util.Timer@\\p{XDigit}+.*");
        ThreadLeakError onScheduler = leakError(results, "schedulesOnTheSchedulerAndNeverCancelsIt()");
        lineMatching(onScheduler, "TASK LEAKED: .* on java.util.concurrent.ScheduledThreadPoolExecutor@\\p{XDigit}+.*");
        assertPassed(results, "schedulesATimerTaskAndCancelsIt()");
        assertPassed(results, "schedulesAOneShotTimerTaskThatRuns()");
        assertPassed(results, "SuiteShapesTest$TimerMadeBeforeTheTestTestCase");
    }

    /** A periodic task that a run of its own cancels (say, as its pool fails), that run under way as the test ends. */
    @DetectThreadLeaks(grace = "10s")
    static class PeriodicTaskThatCancelsItselfTestCase {
        static Timer timer;

        @BeforeAll
        static void makeIt() {
            timer = new Timer("suite-timer", true);
        }

        @AfterAll
        static void stopIt() {
            timer.cancel();
        }

        @Test
        void schedulesATimerTaskWhoseFirstRunCancelsIt() throws InterruptedException {
            CountDownLatch running = new CountDownLatch(1);
            timer.scheduleAtFixedRate(new TimerTask() {
                @Override
                public void run() {
                    running.countDown();
                    try {
                        Thread.sleep(50); // the work of a run: still under way as the test's check first looks
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    cancel();
                }
            }, 0, 1);
            running.await();
        }
    }

    @Test
    void aPeriodicTaskThatCancelsItselfInTheRunUnderWayAsTheTestEndsIsNoLeak() {
        assumeTrue(TestMode.agent(), "without the agent, tasks are not seen");
        EngineExecutionResults results = run(PeriodicTaskThatCancelsItselfTestCase.class);

        assertPassed(results, "schedulesATimerTaskWhoseFirstRunCancelsIt()");
    }

    /** A pool made for one job, shut down by that job as it ends (Commons Lang's background initializers do this). */
    @DetectThreadLeaks(grace = "10s")
    static class PoolShutDownByItsTaskTestCase {
        @Test
        void leavesThePoolToItsTask() throws InterruptedException {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            CountDownLatch running = new CountDownLatch(1);
            pool.submit(() -> {
                running.countDown();
                Thread.sleep(50); // the job's last work: still under way as the test's check first looks
                pool.shutdown();
                return null;
            });
            running.await();
        }
    }

    @Test
    void aPoolThatItsRunningTaskShutsDownAsTheTestEndsIsNoLeak() {
        assumeTrue(TestMode.agent(), "without the agent, executors are not seen");
        EngineExecutionResults results = run(PoolShutDownByItsTaskTestCase.class);

        assertPassed(results, "leavesThePoolToItsTask()");
    }

    // --- 4. an executor that never started a thread and holds no task --------------------------

    /** A builder whose field initializer makes a pool that {@link #executor} replaces. */
    static final class ClientBuilder {
        private ExecutorService executor = Executors.newSingleThreadExecutor();

        ClientBuilder executor(ExecutorService value) {
            executor = value;
            return this;
        }

        ExecutorService build() {
            return executor;
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class UnusedExecutorTestCase {
        @Test
        void replacesTheDefaultExecutor() throws Exception {
            ExecutorService mine = Executors.newFixedThreadPool(1);
            try {
                new ClientBuilder().executor(mine).build().submit(() -> "ran").get();
            } finally {
                mine.shutdown();
            }
        }

        @Test
        void makesAPoolItNeverUses() {
            new ClientBuilder().executor(null).build();
        }
    }

    @Test
    void anExecutorThatNeverStartedAThreadAndHoldsNoTaskIsNotALeak() {
        EngineExecutionResults results = run(UnusedExecutorTestCase.class);

        assertPassed(results, "replacesTheDefaultExecutor()");
        assertPassed(results, "makesAPoolItNeverUses()");
    }

    // --- 5. a pool never shut down, whatever the garbage collector did -------------------------

    @DetectThreadLeaks(grace = "100ms")
    static class PoolLeftToTheCollectorTestCase {
        static final AtomicReference<Thread> WORKER = new AtomicReference<>();

        @Test
        void leavesItsPoolRunning() throws Exception {
            useAPoolAndDropIt();
        }

        @Test
        void leavesItsPoolToTheCollector() throws Exception {
            useAPoolAndDropIt();
            Thread worker = WORKER.get();
            Deadline deadline = Deadline.after(Duration.ofSeconds(20));
            while (worker.isAlive() && !deadline.hasPassed()) {
                System.gc(); // the JDK's cleaner (a finalizer on 17) then shuts the unreachable pool down
                worker.join(50);
            }
            assumeTrue(!worker.isAlive(), "the collector did not reclaim the pool in time");
        }

        private static void useAPoolAndDropIt() throws Exception {
            ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "dropped-pool-worker");
                t.setDaemon(true);
                WORKER.set(t);
                return Leftovers.track(t);
            });
            Leftovers.trackWeakly(pool);
            pool.submit(() -> "ran").get();
        }
    }

    @Test
    void aPoolNeverShutDownFailsTheSameWayWhetherOrNotTheCollectorStoppedItMeanwhile() {
        assumeTrue(TestMode.agent(), "without the agent, a pool the collector stopped has left no thread to see");
        EngineExecutionResults results = run(PoolLeftToTheCollectorTestCase.class);

        // the first too may be collected before its check (a collection 6 ms after it, on CI): the same failure
        ThreadLeakError running = leakError(results, "leavesItsPoolRunning()");
        lineMatching(running, "EXECUTOR LEAKED: java.util.concurrent.ThreadPoolExecutor@\\p{XDigit}+ \\((running|collected), .*");
        ThreadLeakError collected = leakError(results, "leavesItsPoolToTheCollector()");
        lineMatching(collected, "EXECUTOR LEAKED: java.util.concurrent.ThreadPoolExecutor@\\p{XDigit}+ \\(collected, 0 workers\\).*");
        lineMatching(collected, "  why: not shut down when the test ended: only (the JDK's cleaner|a finalizer) stopped it, "
                + "[\\d.]+ m?s ago, once the collector found it unreachable; the code never did");
        assertTrue(lines(collected).size() <= 25, collected.getMessage());
    }

    /** A {@code Timer} the test drops uncancelled, whose thread ends as the collector finds it unreachable. */
    @DetectThreadLeaks(grace = "100ms")
    static class TimerLeftToTheCollectorTestCase {
        @Test
        void leavesItsTimerToTheCollector() throws Exception {
            WeakReference<Thread> thread = timerUsedAndDropped();
            Deadline deadline = Deadline.after(Duration.ofSeconds(20));
            for (Thread t = thread.get(); t != null && t.isAlive() && !deadline.hasPassed(); t = thread.get()) {
                System.gc(); // the Timer's own cleaner then ends its thread
                t.join(50);
            }
            Thread t = thread.get();
            assumeTrue(t == null || !t.isAlive(), "the collector did not reclaim the timer in time");
        }

        private static WeakReference<Thread> timerUsedAndDropped() throws Exception {
            Timer timer = new Timer("dropped-timer", true);
            AtomicReference<Thread> ran = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            timer.schedule(new TimerTask() {
                @Override
                public void run() {
                    ran.set(Thread.currentThread());
                    done.countDown();
                }
            }, 0);
            done.await();
            return new WeakReference<>(ran.get()); // weakly: on JDK 19+ an ended thread still refers to its Timer
        }
    }

    @Test
    void aTimerNeverCancelledThatTheCollectorEndedSaysTheCodeNeverCancelledIt() throws Exception {
        assumeTrue(TestMode.agent(), "without the agent, a timer the collector ended has left no thread to see");
        EngineExecutionResults results = run(TimerLeftToTheCollectorTestCase.class);

        ThreadLeakError collected = leakError(results, "leavesItsTimerToTheCollector()");
        lineMatching(collected, "EXECUTOR LEAKED: java.util.Timer@\\p{XDigit}+ \\(collected, 0 workers\\).*");
        lineMatching(collected, "  why: not cancelled when the test ended: found collected [\\d.]+ m?s ago, unreachable with "
                + "no worker left; the code never cancelled it");
        // nothing holds what the collector took: no dump asks (Commons DBCP's trial paid one per test)
        String full = Fixtures.fullReportOf(collected.getMessage());
        assertFalse(full.contains("heap dump") || full.contains("heap proof"), full);
    }

    // --- 6. a sleeping thread the test interrupts as its last act --------------------------------

    /** Its sleep outlasts the grace period, but the test's last act interrupts it: it ends at once. */
    @DetectThreadLeaks(grace = "2s")
    static class InterruptedSleeperTestCase {
        @RepeatedTest(40)
        void interruptsItsSleepingThreadAsItsLastAct() throws Exception {
            Thread sleeper = new Thread(SuiteShapesTest::sleepForever, "interrupted-sleeper");
            sleeper.setDaemon(true);
            sleeper.start();
            awaitSleeping(sleeper);
            sleeper.interrupt(); // the cleanup: it ends at once
        }
    }

    @Test
    void aSleepingThreadTheTestInterruptsAsItsLastActIsNotALeakThoughItsSleepOutlastsTheGrace() {
        EngineExecutionResults results = run(InterruptedSleeperTestCase.class);

        List<String> failed = results.testEvents().failed().stream()
                .map(e -> e.getTestDescriptor().getDisplayName() + ": " + e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse(""))
                .toList();
        assertEquals(List.of(), failed, "an interrupt pending ends the sleep: the grace waits for it");
        assertEquals(40, results.testEvents().succeeded().count());
    }

    /** A thread that sleeps for ever, left so: reported as soon as the check sees nothing could end it. */
    @DetectThreadLeaks(grace = "10s")
    static class ForeverSleeperTestCase {
        @Test
        void leavesAThreadSleepingForever() throws Exception {
            leftAsleep("forever-sleeper", () -> Thread.sleep(Long.MAX_VALUE));
        }
    }

    @Test
    void aThreadThatSleepsPastTheGraceIsReportedWithHowLongTheCheckWaitedNotTheWholeGrace() {
        assumeTrue(TestMode.agent() && TestMode.javaVersion() >= 21, "a sleep's length is known to the agent on JDK 21+");
        ThreadLeakError error = leakError(run(ForeverSleeperTestCase.class), "leavesAThreadSleepingForever()");

        lineMatching(error, "  why: still alive (\\d+ ms after|as) the test ended: nothing left could end within the "
                + "[\\d.]+ m?s grace period, so the check did not wait it out");
        lineMatching(error, "  sleeping .* in Thread.sleep, wakes in over a year");
    }

    /** Commons Pool's trial: a factory's 60 s sleep through a library's helper, which calls {@code sleep(long, int)}. */
    @DetectThreadLeaks(grace = "10s")
    static class TimeUnitSleeperTestCase {
        @Test
        void leavesAThreadInTimeUnitSleep() throws Exception {
            leftAsleep("time-unit-sleeper", () -> TimeUnit.DAYS.sleep(1_000));
        }
    }

    @Test
    void aTimeUnitSleepPastTheGraceIsNotWaitedForOnAnyJdk() {
        assumeTrue(TestMode.agent(), "the agent tells a sleep's length");
        ThreadLeakError error = leakError(run(TimeUnitSleeperTestCase.class), "leavesAThreadInTimeUnitSleep()");

        lineMatching(error, "  why: still alive (\\d+ ms after|as) the test ended: nothing left could end within the "
                + "[\\d.]+ m?s grace period, so the check did not wait it out");
        lineMatching(error, "  sleeping .* in Thread.sleep, wakes in over a year");
    }

    /** Log4j's trial: a test's appender asleep for 10 s holds its dispatcher, which ends when it wakes. */
    @DetectThreadLeaks(grace = "200ms")
    static class SleepsPastTheLongestWakeTestCase {
        @Test
        void leavesAThreadAsleepForEightSeconds() throws Exception {
            leftAsleep("slow-appender", () -> Thread.sleep(8_000));
        }
    }

    /**
     * Apache Curator's trial: an unclosed client's event thread fails its test, and its connection
     * thread, asleep between tries as the test ended, fails the class, which read as two leaks; the
     * class's report says the test failed for its own and that one fix may end both.
     */
    @DetectThreadLeaks(grace = "200ms")
    static class FailsAndLeavesAPollerTestCase {
        @Test
        void leavesAConsumerAndAPoller() throws Exception {
            Thread consumer = Leftovers.track(new Thread(Leftovers.parkedOnQueue(), "event-consumer"));
            consumer.setDaemon(true);
            consumer.start();
            Fixtures.awaitState(consumer, Thread.State.WAITING);
            Thread poller = Leftovers.trackInterrupted(new Thread(() -> pollUntil(new AtomicBoolean(), 1_500),
                    "reconnecting-poller"));
            poller.setDaemon(true);
            poller.start();
            awaitSleeping(poller);
        }
    }

    @Test
    void whatATestThatFailedLeftForTheClassSaysThatTestFailedForItsOwn() {
        assumeTrue(TestMode.agent(), "a timed wait is left for the class's end with the agent");
        EngineExecutionResults results = run(FailsAndLeavesAPollerTestCase.class);

        ThreadLeakError error = leakError(results, "leavesAConsumerAndAPoller()");
        lineMatching(error, "THREAD LEAKED: \"event-consumer\" .*");
        lineMatching(error, "note: also alive, left for the class's end: \"reconnecting-poller\" .*");
        lineMatching(leakError(results, "SuiteShapesTest$FailsAndLeavesAPollerTestCase"), "  why: left by test `.*"
                + "leavesAConsumerAndAPoller\\(\\)`: .*; that test also left leaks of its own, reported with it, and "
                + "this may be part of what it left running");
    }

    /**
     * Logback's trial: a socket appender's connector, asleep between tries on its context's pool,
     * whose workers end after 100 ms idle, and nothing shuts the pool down. One leak, told once:
     * with the test where the sleep's end is known (JDK 21+), with the class where it is not (JDK
     * 17), the pool with its task. Judged apart on JDK 17, the pool failed the test ("1 active")
     * and the task failed the class again.
     */
    @DetectThreadLeaks(grace = "200ms")
    static class PoolAsleepInItsTaskTestCase {
        @Test
        void leavesAPoolWhoseTaskSleepsEightSeconds() throws Exception {
            ThreadPoolExecutor pool = Leftovers.track(new ThreadPoolExecutor(1, 1, 100, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), Leftovers.named("connector-")));
            pool.allowCoreThreadTimeOut(true);
            AtomicReference<Thread> worker = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            pool.execute(() -> {
                worker.set(Thread.currentThread());
                started.countDown();
                try {
                    Thread.sleep(8_000);
                } catch (InterruptedException e) {
                    // the cue to end
                }
            });
            started.await();
            awaitSleeping(worker.get());
        }
    }

    @Test
    void aPoolWhoseWorkersEndWhenIdleIsJudgedWithTheSleepingTaskItRuns() {
        assumeTrue(TestMode.agent(), "a task's pool is known to the agent");
        EngineExecutionResults results = run(PoolAsleepInItsTaskTestCase.class);

        String judged = TestMode.javaVersion() >= 21 ? "leavesAPoolWhoseTaskSleepsEightSeconds()"
                : "SuiteShapesTest$PoolAsleepInItsTaskTestCase";
        ThreadLeakError error = leakError(results, judged);
        lineMatching(error, "EXECUTOR LEAKED: java.util.concurrent.ThreadPoolExecutor@.*");
        lineMatching(error, "  tasks left in it: 1 running: .*");
        if (TestMode.javaVersion() >= 21) {
            assertEquals(0, results.containerEvents().failed().count(), "the class fails nothing again");
        } else {
            assertPassed(results, "leavesAPoolWhoseTaskSleepsEightSeconds()");
            lineMatching(error, "1 leak from test class .*: a test left it, .* \\(it was left for then by its test's "
                    + "check, as it ran only a task in a timed wait that could end soon when that test ended\\)");
            lineMatching(error, "  why: left by test `.*leavesAPoolWhoseTaskSleepsEightSeconds\\(\\)`: it ran only a "
                    + "task in a timed wait that could end soon after that test ended, and its workers end when idle, "
                    + "so its verdict waited for the class's end with that task's, and it was still not shut down then");
        }
    }

    /**
     * Zipkin's trial: a flush thread parked 28 s in {@code awaitNanos}, left by two tests; one was
     * told which grace period would see it wake, the other not, by where its check's first look
     * fell. A check whose first look finds nothing that waiting could end (grace 2 s: the look
     * before the holders) says it too.
     */
    @DetectThreadLeaks(grace = "2s")
    static class FlushesLaterTestCase {
        @Test
        void leavesAFlusherParkedFor28Seconds() throws Exception {
            ReentrantLock lock = new ReentrantLock();
            Condition available = lock.newCondition();
            Thread flusher = Leftovers.trackInterrupted(new Thread(() -> {
                lock.lock();
                try {
                    available.awaitNanos(TimeUnit.SECONDS.toNanos(28));
                } catch (InterruptedException e) {
                    // released
                } finally {
                    lock.unlock();
                }
            }, "flusher"));
            flusher.setDaemon(true);
            flusher.start();
            awaitSleeping(flusher);
        }
    }

    @Test
    void aThreadParkedPastTheCheckSaysWhatWouldSeeItWakeWhereTheFirstLookEndedTheCheck() {
        assumeTrue(TestMode.agent(), "a timed wait's end is known to the agent");
        ThreadLeakError error = leakError(run(FlushesLaterTestCase.class), "leavesAFlusherParkedFor28Seconds()");

        lineMatching(error, "  why: still alive .*; a grace period longer than 2[78]\\.\\d s would see whether it ends "
                + "when it wakes");
    }

    @Test
    void aThreadAsleepPastTheCheckSaysWhatWouldSeeItWakeOrThatItsEndIsNotKnown() {
        assumeTrue(TestMode.agent(), "a sleep is known to the agent");
        EngineExecutionResults results = run(SleepsPastTheLongestWakeTestCase.class);

        if (TestMode.javaVersion() >= 21) {
            ThreadLeakError error = leakError(results, "leavesAThreadAsleepForEightSeconds()");
            lineMatching(error, "  why: still alive .*; a grace period longer than [78]\\.\\d s would see whether it ends "
                    + "when it wakes");
        } else {
            // its end unknown, it may end soon: the class's end judges it, once for all its tests
            assertPassed(results, "leavesAThreadAsleepForEightSeconds()");
            ThreadLeakError error = leakError(results, "SuiteShapesTest$SleepsPastTheLongestWakeTestCase");
            lineMatching(error, "1 leak from test class `.*SleepsPastTheLongestWakeTestCase`: .* \\(it was left for "
                    + "then by its test's check, as it was in a timed wait whose end could not be seen when that test "
                    + "ended\\)");
            lineMatching(error, "  why: left by test `.*leavesAThreadAsleepForEightSeconds\\(\\)`: it was in a timed wait "
                    + "whose end was not known when that test ended, .* \\(still alive [\\d.]+ s after the test ended; the "
                    + "end of its timed wait is not known \\(this JDK does not show when a sleep or a timed Object.wait "
                    + "ends\\), and a check waits 5 s at most for such a wait to end\\)");
        }
    }

    // --- 7. a worker told to stop by a flag, which it reads when its timed poll ends ----------------

    /**
     * ZooKeeper's election workers and session tracker: shut down, they see their stop flag when
     * their poll or tick ends, past the grace period. Waited for until then, each is no leak,
     * wherever in its period the test ended; a worker that polls again is one.
     */
    @DetectThreadLeaks(grace = "1s")
    static class FlaggedPollerTestCase {
        @Test
        void setsItsWorkersStopFlagAndReturns() throws Exception {
            AtomicBoolean stop = new AtomicBoolean();
            Thread worker = new Thread(() -> pollUntil(stop, 1_600), "stops-at-its-next-poll");
            worker.start();
            awaitSleeping(worker);
            stop.set(true); // the shutdown: no interrupt, no join
        }

        @Test
        @DetectThreadLeaks(grace = "200ms")
        void leavesItsWorkerPolling() throws Exception {
            Thread worker = Leftovers.track(new Thread(() -> pollUntil(new AtomicBoolean(), 1_500), "polls-for-good"));
            worker.setDaemon(true);
            worker.start();
            awaitSleeping(worker);
        }
    }

    /**
     * Two tests that each leave a worker in a 1.5 s poll, after which it waits for good: one group
     * at the class's end, left by both.
     */
    @DetectThreadLeaks(grace = "200ms")
    static class TwoTestsLeaveAWorkerEachTestCase {
        @Test
        void leavesOneWorker() throws Exception {
            startAWorker();
        }

        @Test
        void leavesAnotherWorker() throws Exception {
            startAWorker();
        }

        static void startAWorker() throws InterruptedException {
            LinkedBlockingQueue<Object> work = new LinkedBlockingQueue<>();
            Thread worker = Leftovers.track(new Thread(() -> {
                try {
                    work.poll(1_500, TimeUnit.MILLISECONDS);
                    work.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "polls-then-waits"));
            worker.setDaemon(true);
            worker.start();
            awaitSleeping(worker);
        }
    }

    /**
     * ZooKeeper's trial: the group's reason said what the class's look saw of its first member
     * inside a reason that already said it of one test, "left by 3 tests ...: ... (left by test ...";
     * and its creation stack, one member's, read as where each was made.
     */
    @Test
    void aGroupLeftByTwoTestsSaysOnceWhatTheClasssLookSaw() {
        assumeTrue(TestMode.agent(), "a poll's start and timeout are known to the agent");
        ThreadLeakError error = leakError(run(TwoTestsLeaveAWorkerEachTestCase.class),
                "SuiteShapesTest$TwoTestsLeaveAWorkerEachTestCase");

        lineMatching(error, "THREAD [A-Z_]+ x2: \"polls-then-waits\" .*");
        lineMatching(error, "  why: left by 2 tests between them \\(.*\\): it was in a timed wait that was to end soon "
                + "after its test ended, so its verdict waited for the class's end, and it was still alive then "
                + "\\(still alive [\\d.]+ s after the test ended.*\\); each was made where its own test made it, and the "
                + "creation stack below is one of theirs");
        assertNoLineMatching(error, ".*\\(left by test.*");
    }

    /** Three tests that each leave a worker in a 1.5 s poll, after which it waits for good. */
    @DetectThreadLeaks(grace = "200ms")
    static class ThreeTestsLeaveAWorkerEachTestCase {
        @Test
        void leavesOneWorker() throws Exception {
            TwoTestsLeaveAWorkerEachTestCase.startAWorker();
        }

        @Test
        void leavesAnotherWorker() throws Exception {
            TwoTestsLeaveAWorkerEachTestCase.startAWorker();
        }

        @Test
        void leavesAThirdWorker() throws Exception {
            TwoTestsLeaveAWorkerEachTestCase.startAWorker();
        }
    }

    /**
     * Nacos's trial: a class's end asked the heap once per test whose check left it a wake, 71
     * dumps of 6-9 s for one class. One dump asked about what each of them left answers them all.
     */
    @Test
    void aClasssEndAsksTheHeapOnceAboutWhatAllItsTestsLeft() throws InterruptedException {
        assumeTrue(TestMode.agent(), "the heap proof needs the agent");
        EngineExecutionResults results;
        int dumps;
        try (HeapDumps counted = HeapDumps.counting()) {
            results = run(ThreeTestsLeaveAWorkerEachTestCase.class);
            dumps = counted.taken();
        }

        ThreadLeakError error = leakError(results, "SuiteShapesTest$ThreeTestsLeaveAWorkerEachTestCase");
        lineMatching(error, "THREAD LEAKED x3: \"polls-then-waits\" .*");
        lineMatching(error, "    because nothing can serve .* and a static field holds its Thread");
        // one proof, said once with what it cost, not "each heap proof"
        assertTrue(error.report().notes().stream().anyMatch(n -> n.matches("of what .* left: heap proof took .*: of "
                + "the JVM's waiting threads, .*")), error.report().notes().toString());
        assertEquals(1, dumps, error.getMessage());
    }

    /** With a thread parked for good beside it, the heap's early look comes first; the poller's why still says it looped. */
    @DetectThreadLeaks(grace = "1s")
    static class PollerBesideAParkedThreadTestCase {
        @Test
        void leavesAPollerAndAParkedThread() throws Exception {
            Thread worker = Leftovers.track(new Thread(() -> pollUntil(new AtomicBoolean(), 1_500), "polls-for-good"));
            worker.setDaemon(true);
            worker.start();
            Thread parked = new Thread(Leftovers.parkedOnQueue(), "parked-for-good");
            parked.setDaemon(true);
            Leftovers.track(parked).start();
            awaitSleeping(worker);
        }
    }

    @Test
    void aPollerSeenToWakeAndWaitAgainSaysSoAfterTheHeapsEarlyLookToo() {
        assumeTrue(TestMode.agent(), "a poll's start and timeout are known to the agent");
        EngineExecutionResults results = run(PollerBesideAParkedThreadTestCase.class);

        lineMatching(leakError(results, "leavesAPollerAndAParkedThread()"), "THREAD [A-Z_]+: \"parked-for-good\" .*");
        // the poller's verdict waits for the class's end, which sees it wake and wait again
        lineMatching(leakError(results, "SuiteShapesTest$PollerBesideAParkedThreadTestCase"), "  why: left by test "
                + "`.*leavesAPollerAndAParkedThread\\(\\)`: it was in a timed wait that was to end soon after that test "
                + "ended, .* and it was still alive then: it woke from that wait and waits again \\(still alive [\\d.]+ s "
                + "after the test ended\\); that test also left leaks of its own, reported with it, and this may be "
                + "part of what it left running");
    }

    /**
     * Nacos's config worker: tasks that poll for 5 s at a time until their pool says it is shut
     * down. The test shuts the pool down and returns; a task in a poll begun before is awaited as
     * its thread would be, and ends; one in a pool nobody shut down polls again, and is a leak.
     */
    @DetectThreadLeaks(grace = "200ms")
    static class TaskPollsUntilItsPoolIsShutDownTestCase {
        @Test
        void shutsItsPoolDown() throws Exception {
            ExecutorService pool = Leftovers.track(Executors.newSingleThreadExecutor());
            startPolling(pool);
            pool.shutdown(); // no interrupt: the task sees it when its poll ends
        }

        @Test
        void leavesItsPoolRunning() throws Exception {
            ExecutorService pool = Leftovers.track(Executors.newSingleThreadExecutor());
            startPolling(pool);
        }

        private static void startPolling(ExecutorService pool) throws InterruptedException {
            CountDownLatch polling = new CountDownLatch(1);
            LinkedBlockingQueue<Object> bell = new LinkedBlockingQueue<>();
            pool.execute(() -> {
                while (!pool.isShutdown()) {
                    polling.countDown();
                    try {
                        bell.poll(1_500, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            polling.await();
        }
    }

    /** A task that sleeps between looks at its pool: JDK 17 does not show when a sleep ends. */
    @DetectThreadLeaks(grace = "200ms")
    static class TaskSleepsUntilItsPoolIsShutDownTestCase {
        @Test
        void shutsItsPoolDown() throws Exception {
            ExecutorService pool = Leftovers.track(Executors.newSingleThreadExecutor());
            CountDownLatch sleeping = new CountDownLatch(1);
            pool.execute(() -> {
                while (!pool.isShutdown()) {
                    sleeping.countDown();
                    try {
                        Thread.sleep(1_500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sleeping.await();
            pool.shutdown(); // no interrupt: the task sees it when it wakes, past the grace period
        }
    }

    @Test
    void aTaskAsleepIsAwaitedAsItsThreadWouldBeOnEveryJdk() {
        assumeTrue(TestMode.agent(), "a task and its worker are known to the agent");
        assertPassed(run(TaskSleepsUntilItsPoolIsShutDownTestCase.class), "shutsItsPoolDown()");
    }

    @Test
    void aTaskInATimedWaitIsAwaitedAsItsThreadWouldBe() {
        assumeTrue(TestMode.agent(), "a task and its poll are known to the agent");
        EngineExecutionResults results = run(TaskPollsUntilItsPoolIsShutDownTestCase.class);

        assertPassed(results, "shutsItsPoolDown()");
        ThreadLeakError error = leakError(results, "leavesItsPoolRunning()");
        lineMatching(error, "EXECUTOR LEAKED: .*");
    }

    @Test
    void aWorkerThatReadsItsStopFlagWhenItsPollEndsIsWaitedForAndOneThatPollsAgainIsALeak() {
        assumeTrue(TestMode.agent(), "a poll's start and timeout are known to the agent");
        EngineExecutionResults results = run(FlaggedPollerTestCase.class);

        assertPassed(results, "setsItsWorkersStopFlagAndReturns()");
        // neither test waits for its worker's poll to end: the class's end does, once for both
        assertPassed(results, "leavesItsWorkerPolling()");
        ThreadLeakError error = leakError(results, "SuiteShapesTest$FlaggedPollerTestCase");
        assertEquals(1, error.report().leaks().size(), error.getMessage());
        // only the reason that applies: no static field kept it, nothing was shutting down
        lineMatching(error, "1 leak from test class `.*FlaggedPollerTestCase`: a test left it, and the code had not "
                + "ended it when the class ended \\(it was left for then by its test's check, as it was in a timed wait "
                + "that could end soon when that test ended\\)");
        lineMatching(error, "  why: left by test `.*leavesItsWorkerPolling\\(\\)`: it was in a timed wait that was to end "
                + "soon after that test ended, .* and it was still alive then: it woke from that wait and waits again "
                + "\\(still alive [\\d.]+ s after the test ended\\)");
        lineMatching(error, "  parked \\d+ ms in LinkedBlockingQueue.poll .*");
    }

    /**
     * Javalin's startup watcher: each app starts a thread that sleeps 5 s and ends. Each test
     * waited for its own, 5 s a test; the class's end now waits once, for the last.
     */
    @DetectThreadLeaks(grace = "200ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class StartsAWatcherPerTestTestCase {
        static final List<Thread> WATCHERS = new java.util.concurrent.CopyOnWriteArrayList<>();
        static final List<Boolean> LAST_ONE_ALIVE = new java.util.concurrent.CopyOnWriteArrayList<>();

        @org.junit.jupiter.api.BeforeEach
        void lookAtTheLastOne() {
            if (!WATCHERS.isEmpty()) {
                LAST_ONE_ALIVE.add(WATCHERS.get(WATCHERS.size() - 1).isAlive());
            }
        }

        @Test
        @Order(1)
        void startsOne() throws Exception {
            startAWatcher();
        }

        @Test
        @Order(2)
        void startsAnother() throws Exception {
            startAWatcher();
        }

        static void startAWatcher() throws InterruptedException {
            Thread watcher = new Thread(() -> sleepQuietly(3_000), "startup-watcher");
            WATCHERS.add(watcher);
            watcher.start();
            awaitSleeping(watcher);
        }
    }

    @Test
    void aThreadThatEndsWhenItsSleepDoesIsWaitedForOnceByTheClassNotByEachTest() {
        assumeTrue(TestMode.agent(), "a sleep is known to the agent");
        StartsAWatcherPerTestTestCase.WATCHERS.clear();
        StartsAWatcherPerTestTestCase.LAST_ONE_ALIVE.clear();
        EngineExecutionResults results = run(StartsAWatcherPerTestTestCase.class);

        assertPassed(results, "startsOne()");
        assertPassed(results, "startsAnother()");
        assertPassed(results, "SuiteShapesTest$StartsAWatcherPerTestTestCase");
        assertEquals(List.of(true), StartsAWatcherPerTestTestCase.LAST_ONE_ALIVE,
                "the first test's check did not wait for its watcher's 3 s sleep");
        assertTrue(StartsAWatcherPerTestTestCase.WATCHERS.stream().noneMatch(Thread::isAlive),
                "the class's end waited for both");
    }

    /**
     * The same with the default grace period, whose check may look at the heap early: a thread that
     * only sleeps is left to the class's end without that look, on JDK 17 too, where the sleep's end
     * is not known (each of Javalin's tests paid a dump for its watcher before it was left).
     */
    @DetectThreadLeaks
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class StartsAWatcherPerTestWithTheDefaultGraceTestCase {
        static final List<Duration> PROOF_TIME = new java.util.concurrent.CopyOnWriteArrayList<>();

        @org.junit.jupiter.api.BeforeEach
        void proofTimeSoFar() {
            PROOF_TIME.add(Threadleak.agent().heapProofTime());
        }

        @Test
        @Order(1)
        void startsOne() throws Exception {
            StartsAWatcherPerTestTestCase.startAWatcher();
        }

        @Test
        @Order(2)
        void startsAnother() throws Exception {
            StartsAWatcherPerTestTestCase.startAWatcher();
        }
    }

    @Test
    void aThreadThatOnlySleepsIsLeftToTheClassWithoutAHeapDump() {
        assumeTrue(TestMode.agent(), "the heap proof needs the agent");
        StartsAWatcherPerTestWithTheDefaultGraceTestCase.PROOF_TIME.clear();
        EngineExecutionResults results = run(StartsAWatcherPerTestWithTheDefaultGraceTestCase.class);

        assertPassed(results, "startsOne()");
        assertPassed(results, "startsAnother()");
        assertPassed(results, "SuiteShapesTest$StartsAWatcherPerTestWithTheDefaultGraceTestCase");
        List<Duration> proofTime = StartsAWatcherPerTestWithTheDefaultGraceTestCase.PROOF_TIME;
        assertEquals(proofTime.get(0), proofTime.get(1), "the first test's check dumped the heap for its watcher");
    }

    /**
     * A thread asleep holding a monitor, one blocked entering it and one joining the sleeper: the
     * two end when the sleeper wakes, which the test's check leaves to the class's end, and go with
     * it. The blocked one failed its test while the sleeper, which ended a moment later and let it
     * go, passed. A sleeper that sleeps again and again holding it leaves both at the class's end.
     */
    @DetectThreadLeaks(grace = "200ms")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class WaitsOnASleeperTestCase {
        @Test
        @Order(1)
        void leavesASleeperThatEndsSoonAndTwoThreadsWaitingOnIt() throws Exception {
            Object lock = new Object();
            Thread sleeper = startHolding(lock, "sleeps-holding-a-lock", () -> Thread.sleep(1_500));
            Fixtures.awaitState(start(new Thread(() -> {
                synchronized (lock) {
                    lock.notifyAll(); // to have something to do there
                }
            }, "enters-after-the-sleeper")), Thread.State.BLOCKED);
            Fixtures.awaitState(start(new Thread(() -> {
                try {
                    sleeper.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "joins-the-sleeper")), Thread.State.WAITING);
        }

        @Test
        @Order(2)
        void leavesALoopThatSleepsHoldingALockAndAThreadBlockedOnIt() throws Exception {
            Object lock = new Object();
            Thread loop = startHolding(lock, "sleeps-again-holding-a-lock", () -> {
                while (true) {
                    Thread.sleep(1_000);
                }
            });
            Leftovers.trackInterrupted(loop);
            Fixtures.awaitState(start(Leftovers.track(new Thread(() -> {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }, "enters-after-the-loop"))), Thread.State.BLOCKED);
        }

        private static Thread startHolding(Object lock, String name, Sleep sleep) throws InterruptedException {
            CountDownLatch holding = new CountDownLatch(1);
            Thread sleeper = new Thread(() -> {
                synchronized (lock) {
                    holding.countDown();
                    try {
                        sleep.sleep();
                    } catch (InterruptedException e) {
                        // the cue to end
                    }
                }
            }, name);
            sleeper.setDaemon(true);
            sleeper.start();
            holding.await();
            awaitSleeping(sleeper);
            return sleeper;
        }

        private static Thread start(Thread t) {
            t.setDaemon(true);
            t.start();
            return t;
        }
    }

    @Test
    void aThreadWaitingOnASleeperIsJudgedWithItWhenTheClassEnds() {
        assumeTrue(TestMode.agent(), "a wait's owner and a sleep are known to the agent");
        EngineExecutionResults results = run(WaitsOnASleeperTestCase.class);

        assertPassed(results, "leavesASleeperThatEndsSoonAndTwoThreadsWaitingOnIt()");
        assertPassed(results, "leavesALoopThatSleepsHoldingALockAndAThreadBlockedOnIt()");
        ThreadLeakError error = leakError(results, "SuiteShapesTest$WaitsOnASleeperTestCase");
        assertEquals(List.of("sleeps-again-holding-a-lock", "enters-after-the-loop"),
                error.report().leaks().stream().map(l -> l.thread().name()).toList(), error.getMessage());
        lineMatching(error, "  why: left by test `.*leavesALoopThatSleepsHoldingALockAndAThreadBlockedOnIt\\(\\)`: it "
                + "waited on another thread, in a timed wait that could end soon after that test ended, so its verdict "
                + "waited for the class's end with that thread's, and it was still alive then");
        lineMatching(error, "  blocked in .* entering the monitor of java.lang.Object@\\p{XDigit}+, owned by "
                + "\"sleeps-again-holding-a-lock\" #\\d+");
    }

    /** Polls an empty queue for {@code millis} at a time until {@code stop} is set, as a worker loop does. */
    private static void pollUntil(AtomicBoolean stop, long millis) {
        LinkedBlockingQueue<Object> work = new LinkedBlockingQueue<>();
        try {
            while (!stop.get()) {
                work.poll(millis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepForever() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            // the test's cue to end
        }
    }

    /** A sleep, as a thread's whole work. */
    private interface Sleep {
        void sleep() throws InterruptedException;
    }

    /** A daemon thread named {@code name} left in {@code sleep}, which the interrupt after the test ends. */
    private static void leftAsleep(String name, Sleep sleep) throws InterruptedException {
        Thread sleeper = Leftovers.trackInterrupted(new Thread(() -> {
            try {
                sleep.sleep();
            } catch (InterruptedException e) {
                // the cue to end
            }
        }, name));
        sleeper.setDaemon(true);
        sleeper.start();
        awaitSleeping(sleeper);
    }

    private static void awaitSleeping(Thread t) {
        Fixtures.awaitState(t, Thread.State.TIMED_WAITING);
    }

    private static void sleepUntilInterrupted() {
        try {
            Thread.sleep(TimeUnit.MINUTES.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitIdle(ThreadPoolExecutor pool) throws InterruptedException {
        Deadline deadline = Deadline.after(Duration.ofSeconds(10));
        while (pool.getActiveCount() > 0 && !deadline.hasPassed()) {
            Thread.sleep(1);
        }
    }
}
