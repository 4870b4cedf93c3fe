package dev.threadleak.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.io.Deadline;
import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.ExecutorInfo;
import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.TaskInfo;
import dev.threadleak.report.ThreadInfo;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The grace period: polled, over as soon as nothing counts, blind to what the filter excludes. */
class GracePeriodTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private Thread parked;

    @AfterEach
    void releaseParkedThread() throws InterruptedException {
        release.countDown();
        if (parked != null) {
            parked.join();
        }
    }

    private static Finding thread(Thread t) {
        Leak leak = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(t.getId(), t.getName(), false, true, t.getState().name())).build();
        return new Finding(leak, t);
    }

    private static Finding executor(String identity) {
        return executor(identity, 0);
    }

    private static Finding executor(String identity, int activeTasks) {
        Leak leak = Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(new ExecutorInfo("ThreadPoolExecutor", identity, "running", List.of(), 0, activeTasks, null,
                        null))
                .build();
        return new Finding(leak, null);
    }

    /** An executor nobody shut down, whose reason is {@code reason}. */
    private static Finding executorSaying(String identity, String reason) {
        Leak leak = Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(new ExecutorInfo("ThreadPoolExecutor", identity, "running", List.of(), 0, 0, null, null))
                .reason(reason)
                .build();
        return new Finding(leak, null);
    }

    private static Finding task(String identity, String state, Boolean periodic) {
        return task(identity, state, periodic, null);
    }

    private static Finding task(String identity, String state, Boolean periodic, Integer runs) {
        Leak leak = Leak.builder(LeakKind.TASK, Verdict.LEAKED)
                .task(new TaskInfo("FutureTask", identity, "pool@1", state, null, null, null, null, null, null,
                        periodic, runs))
                .build();
        return new Finding(leak, null);
    }

    /** A periodic task, seen with {@code runs[i]} runs begun at look i (the last one after that); gone where null. */
    private static Supplier<List<Finding>> periodic(AtomicInteger looks, Integer... runs) {
        return () -> {
            Integer begun = runs[Math.min(looks.getAndIncrement(), runs.length - 1)];
            return begun == null ? List.of() : List.of(task("ticker@1", "queued", true, begun));
        };
    }

    /** Findings of what cannot be joined, left for {@code polls} looks and then gone. */
    private static Supplier<List<Finding>> goneAfter(int polls, AtomicInteger looks) {
        return () -> looks.incrementAndGet() <= polls ? List.of(task("task@1", "queued", null)) : List.of();
    }

    /**
     * The looks a wait takes before {@link GracePeriod#SETTLING} has passed: 7 at its back-off (at 0,
     * 5, 15, 35, 75, 155 and 255 ms), fewer on a slow machine; a wait of the whole grace period takes
     * dozens more.
     */
    private static final int SETTLING_LOOKS = 7;

    /** It looked at least {@code atLeast} times (again while code could still end it) and stopped once settling passed. */
    private static void assertSettled(AtomicInteger looks, int atLeast, String why) {
        assertTrue(looks.get() >= atLeast && looks.get() <= SETTLING_LOOKS, why + ": " + looks.get() + " looks");
    }

    /** Apache SSHD's channel cleanup pool: idle, not shut down as the check looks, shut down by a close listener. */
    /**
     * A {@code Cleaner}'s thread ends only when its {@code Cleaner} is collected, never as its wait
     * ends: on JDK 17, where that wait's end is not known, a class's end waited 5 s for its wake.
     */
    @Test
    void aCleanersThreadIsNoWaitToWaitFor() {
        List<Frame> cleaners = List.of(new Frame("java.lang.Object", "wait", "Object.java", -2),
                new Frame("java.lang.ref.ReferenceQueue", "remove", "ReferenceQueue.java", 155),
                new Frame("jdk.internal.ref.CleanerImpl", "run", "CleanerImpl.java", 140),
                new Frame("java.lang.Thread", "run", "Thread.java", 840));
        Leak.Builder thread = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(21, "Cleaner-0", false, true, "TIMED_WAITING"));

        Finding cleaner = new Finding(thread.stack(cleaners).build(), null);
        Finding other = new Finding(thread.stack(cleaners.subList(0, 2)).build(), null);

        assertTrue(cleaner.settled());
        assertFalse(GracePeriod.inAWaitOfUnknownEnd(cleaner));
        assertFalse(other.settled(), "a thread in the same wait, in other code, may end as it wakes");
        assertTrue(GracePeriod.inAWaitOfUnknownEnd(other));
    }

    @Test
    void aPoolThatRunsNothingIsLookedAtAgainWhileOtherCodeMayStillShutItDown() {
        AtomicInteger looks = new AtomicInteger();

        ScopeCheck check = GracePeriod.await(Duration.ofSeconds(60),
                () -> looks.incrementAndGet() <= 2 ? List.of(executor("pool@1")) : List.of(), FindingFilter.NONE);

        assertTrue(check.clean(), "another thread shut it down as the check began: " + check.leaks());
        assertEquals(3, looks.get());
    }

    /**
     * A look that began before the deadline and ended after it (a slow thread dump) is not the
     * check's last: what it says, it says as of its beginning ("still alive 5 ms after the test
     * ended", of a 100 ms grace period), so the check looks once more.
     */
    @Test
    void aLookThatBeganBeforeTheDeadlineAndEndedAfterItIsNotTheLast() {
        Duration grace = Duration.ofMillis(100);
        AtomicInteger looks = new AtomicInteger();
        long start = System.nanoTime();

        ScopeCheck check = GracePeriod.await(grace, () -> {
            long began = System.nanoTime() - start;
            if (looks.incrementAndGet() == 2) {
                LockSupport.parkNanos(grace.toNanos()); // the look itself takes the rest of the period
            }
            return List.of(executorSaying("pool@1", String.valueOf(began)));
        }, FindingFilter.NONE);

        long saidAt = Long.parseLong(check.leaks().get(0).leak().reason());
        assertTrue(saidAt >= grace.toNanos(), "said " + TimeUnit.NANOSECONDS.toMillis(saidAt) + " ms after the start");
    }

    @Test
    void whatWaitingCannotChangeEndsTheWaitOnceItsSettlingTimeHasPassed() {
        AtomicInteger looks = new AtomicInteger();
        long start = System.nanoTime();

        ScopeCheck check = GracePeriod.await(Duration.ofSeconds(60), () -> {
            looks.incrementAndGet();
            return List.of(executor("pool@1"), task("task@2", "lost", null));
        }, FindingFilter.NONE);

        assertEquals(2, check.leaks().size());
        assertSettled(looks, 2, "an executor nobody shut down and a lost task: nothing to wait for");
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 30, "it waited for them");
    }

    @Test
    void aPoolWhoseTaskShutsItDownAsItEndsIsWaitedForAndIsNoLeak() {
        AtomicInteger looks = new AtomicInteger();

        ScopeCheck check = GracePeriod.await(Duration.ofSeconds(60),
                () -> looks.incrementAndGet() <= 2 ? List.of(executor("pool@1", 1)) : List.of(), FindingFilter.NONE);

        assertTrue(check.clean(), "its task shut it down: " + check.leaks());
        assertEquals(3, looks.get());
    }

    /** Its idle workers end within the grace period: waited for, even when a look saw its last one gone. */
    private static Finding selfEmptying(String identity, List<ThreadRef> workers, long keepAliveMillis) {
        Leak leak = Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(new ExecutorInfo("ThreadPoolExecutor", identity, "running", workers, 0, 0, null, null, 0,
                        null, keepAliveMillis))
                .build();
        return new Finding(leak, null);
    }

    @Test
    void aPoolWhoseIdleWorkersEndInTimeIsWaitedForAndOneWhoseOutliveTheCheckIsNot() {
        AtomicInteger looks = new AtomicInteger();
        List<ThreadRef> one = List.of(new ThreadRef(9, "pool-1-thread-1"));

        ScopeCheck check = GracePeriod.await(Duration.ofSeconds(60), () -> switch (looks.incrementAndGet()) {
            case 1 -> List.of(selfEmptying("pool@1", one, 100));
            case 2 -> List.of(selfEmptying("pool@1", List.of(), 100)); // its last worker ended as it was looked at
            default -> List.of();
        }, FindingFilter.NONE);

        assertTrue(check.clean(), "its workers ended: " + check.leaks());
        assertEquals(3, looks.get());
        looks.set(0);
        ScopeCheck cached = GracePeriod.await(Duration.ofSeconds(2), () -> {
            looks.incrementAndGet();
            return List.of(selfEmptying("pool@2", one, 60_000));
        }, FindingFilter.NONE);
        assertEquals(1, cached.leaks().size());
        assertSettled(looks, 2, "its workers outlive the grace period: nothing to wait for");
    }

    @Test
    void aPoolLeftRunningIsReportedOnceItsTaskIsDone() {
        AtomicInteger looks = new AtomicInteger();

        ScopeCheck check = GracePeriod.await(Duration.ofSeconds(60),
                () -> List.of(executor("pool@1", looks.incrementAndGet() <= 2 ? 1 : 0)), FindingFilter.NONE);

        assertEquals(1, check.leaks().size());
        assertSettled(looks, 3, "it waited while a task ran, and no longer");
    }

    @Test
    void aPeriodicTaskIsReportedOnceARunOfItBeganAfterTheFirstLook() {
        AtomicInteger looks = new AtomicInteger();

        ScopeCheck check = GracePeriod.await(Duration.ofSeconds(60), periodic(looks, 1, 1, 2), FindingFilter.NONE);

        assertEquals(1, check.leaks().size(), "the run under way at the first look ended without cancelling it");
        assertSettled(looks, 3, "it waited for the next run to begin, and no longer");
    }

    @Test
    void aPeriodicTaskThatCancelsItselfInTheRunUnderWayIsNoLeak() {
        AtomicInteger looks = new AtomicInteger();

        ScopeCheck check = GracePeriod.await(Duration.ofSeconds(60), periodic(looks, 1, 1, null), FindingFilter.NONE);

        assertTrue(check.clean(), "its first run cancelled it as the check looked: " + check.leaks());
    }

    @Test
    void aPeriodicTaskThatDoesNotRunAgainWithinTheGracePeriodIsReportedAtItsEnd() {
        AtomicInteger looks = new AtomicInteger();
        long start = System.nanoTime();

        ScopeCheck check = GracePeriod.await(Duration.ofMillis(150), periodic(looks, 1), FindingFilter.NONE);

        assertEquals(1, check.leaks().size());
        assertTrue(looks.get() > 1, "it looked again: " + looks.get());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 150, "it waited the grace period");
    }

    @Test
    void aThreadThatSleepsPastTheGracePeriodDoesNotMakeItWaitAndOneThatWakesSoonerDoes() {
        parked = new Thread(() -> await(release), "sleeper");
        parked.start();
        Finding sleepsLong = sleeping(parked, 60_000);
        AtomicInteger looks = new AtomicInteger();

        ScopeCheck check = GracePeriod.await(Duration.ofSeconds(5), () -> {
            looks.incrementAndGet();
            return List.of(sleepsLong);
        }, FindingFilter.NONE);

        assertEquals(1, check.leaks().size());
        assertSettled(looks, 2, "it wakes in a minute: waiting 5 s changes nothing");
        assertTrue(sleeping(parked, 100).wakesAfter(50) && !sleeping(parked, 100).wakesAfter(5_000));
    }

    /**
     * ZooKeeper's election workers: told to stop by a flag, they see it when their 3 s poll ends,
     * past a 2 s grace period. Waited for until then, such a thread is no leak, wherever in its
     * period the test ended; before, it failed the test or not by that.
     */
    @Test
    void aThreadInATimedWaitBegunBeforeTheScopeEndedIsWaitedForPastTheGracePeriodAndEndsNoLeak() {
        TimedWaits waits = new TimedWaits(1, 1_500);
        parked = waits.start("stops-at-its-next-poll");
        long ended = System.nanoTime(); // its first wait began before

        ScopeCheck plain = GracePeriod.await(Duration.ofMillis(100), waits, FindingFilter.NONE);
        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(100), ended, waits, FindingFilter.NONE);

        assertEquals(1, plain.leaks().size(), "a plain grace period does not wait for it");
        assertTrue(check.clean(), "its poll ended 1.5 s in, and so did it: " + check.leaks());
        assertFalse(parked.isAlive());
    }

    /**
     * A thread woken late, on a busy machine (our own suite's: a 1.6 s poll seen 1.8 s in, its
     * wait's end 200 ms gone): still in the wait it began before the scope ended, it has not yet
     * seen its stop flag, and is waited for until it leaves that wait.
     */
    @Test
    void aThreadStillInItsWaitPastTheWaitsEndIsWaitedForUntilItLeavesIt() {
        TimedWaits waits = new TimedWaits(1, 200).overstaying(600);
        parked = waits.start("woken-late");
        long ended = System.nanoTime(); // its wait began before

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(100), ended, waits, FindingFilter.NONE);

        assertTrue(check.clean(), "it left its wait 800 ms in, 600 ms past its end, and ended: " + check.leaks());
        assertFalse(parked.isAlive());
    }

    /**
     * A wake the filter defers to a later check is not waited for (Javalin's per-app watcher sleeps
     * 5 s and ends: each test waited for it), and is left out with the filter's reason.
     */
    @Test
    void aWakeTheFilterDefersIsNotWaitedForAndIsLeftOutWithItsReason() {
        TimedWaits waits = new TimedWaits(1, 1_500);
        parked = waits.start("judged-later");
        long ended = System.nanoTime(); // its wait began before
        FindingFilter later = deferringEveryWake("judged when the class ends");

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(100), ended, waits, later);

        assertTrue(check.leaks().isEmpty(), check.leaks().toString());
        assertEquals(1, check.excluded().size());
        assertEquals("judged when the class ends", check.excluded().get(0).reason());
        assertTrue(parked.isAlive(), "not waited for: its poll ends 1.5 s in");
    }

    /**
     * JDK 17's {@code Thread.sleep}, its end unknown: deferred once watched half a second, not after
     * the whole grace period (Javalin's tests on JDK 17 each waited their 2 s for a 5 s sleep).
     */
    @Test
    void aWaitOfUnknownEndIsDeferredOnceWatchedHalfASecondNotAfterTheGracePeriod() {
        TimedWaits waits = new TimedWaits(1, 3_000).endUnknown();
        parked = waits.start("sleeps-on-jdk-17");
        long ended = System.nanoTime();
        FindingFilter later = deferringEveryWake("judged when the class ends");

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofSeconds(10), ended, waits, later);

        assertTrue(check.leaks().isEmpty(), check.leaks().toString());
        assertEquals(List.of("judged when the class ends"), check.excluded().stream().map(ScopeCheck.Excluded::reason)
                .toList());
        assertTrue(parked.isAlive(), "not waited for until its sleep ended, 3 s in, within the 10 s grace period");
    }

    /**
     * Its end unknown, a thread that ran within the half second is watched on: a loop (Dubbo's timer
     * wheel ticks every 333 ms) is seen to wait again by the test's own check, not left to a later one.
     */
    @Test
    void aWaitOfUnknownEndWhoseThreadRanIsWatchedOnAndALoopIsSeen() {
        TimedWaits waits = new TimedWaits(Integer.MAX_VALUE, 300).endUnknown();
        parked = waits.start("ticks-on-jdk-17");
        long ended = System.nanoTime();

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofSeconds(2), ended, waits,
                deferringEveryWake("judged when the class ends"));

        assertEquals(List.of(), check.excluded(), "not deferred: it ran");
        assertEquals(1, check.leaks().size());
        assertTrue(check.leaks().get(0).leak().reason().endsWith("it woke from the timed wait it was in and waits again"),
                check.leaks().get(0).leak().reason());
    }

    /**
     * The half second is watched by the check itself, not counted from the scope's end: the agent
     * looks at the heap first, and a check that began 800 ms after the end left a loop at its first look.
     */
    @Test
    void aWaitOfUnknownEndIsWatchedHalfASecondFromTheChecksStartNotFromTheScopesEnd() {
        TimedWaits waits = new TimedWaits(Integer.MAX_VALUE, 300).endUnknown();
        parked = waits.start("ticks-on-jdk-17");
        long ended = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(800); // an early look took that long

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofSeconds(2), ended, waits,
                deferringEveryWake("judged when the class ends"));

        assertEquals(List.of(), check.excluded(), "not deferred at its first look");
        assertEquals(1, check.leaks().size());
    }

    /** A filter that excludes nothing and defers every wake to a later check, with {@code reason}. */
    private static FindingFilter deferringEveryWake(String reason) {
        return new FindingFilter() {
            @Override
            public String excludes(Finding finding) {
                return null;
            }

            @Override
            public String defersWake(Finding finding) {
                return reason;
            }
        };
    }

    /** A loop that goes on: once it has woken and waits again, waiting more changes nothing, and it is left. */
    @Test
    void aThreadThatWakesAndWaitsAgainIsLeftOnceItHasWoken() {
        TimedWaits waits = new TimedWaits(Integer.MAX_VALUE, 300);
        parked = waits.start("polls-for-good");
        long ended = System.nanoTime(); // its first wait began before

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(100), ended, waits, FindingFilter.NONE);

        assertEquals(1, check.leaks().size());
        assertEquals("it woke from the timed wait it was in and waits again", check.leaks().get(0).leak().reason(),
                "what it was seen to do, as its reason");
        BlockedOn on = check.leaks().get(0).leak().blockedOn();
        assertTrue(waits.waitsBegun() >= 2 && on.sinceMillis() < TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended),
                "it was seen in a wait begun after the scope ended: " + waits.waitsBegun() + " waits, " + on);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended) < GracePeriod.LONGEST_WAKE.toMillis(),
                "it did not wait for the longest wake");
    }

    /**
     * Commons Pool's monitor, on JDK 25: a loop of 20 ms sleeps, which the first look found already
     * in a wait begun after the scope ended. Two such waits, one after the other, are a loop too.
     */
    @Test
    void aThreadSeenInTwoWaitsBegunAfterTheScopeEndedWokeAndWaitsAgain() {
        TimedWaits waits = new TimedWaits(Integer.MAX_VALUE, 40);
        parked = waits.start("polls-every-40-ms");
        long ended = System.nanoTime();
        int before = waits.waitsBegun();
        Deadline deadline = Deadline.after(Duration.ofSeconds(10));
        while (waits.waitsBegun() == before && !deadline.hasPassed()) {
            Thread.onSpinWait(); // until it is in a wait begun after the scope ended
        }

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(500), ended, waits, FindingFilter.NONE);

        assertEquals(1, check.leaks().size());
        assertEquals("it woke from the timed wait it was in and waits again", check.leaks().get(0).leak().reason(),
                check.leaks().get(0).leak().toString());
    }

    /**
     * A look slowed down after it measured how long ago a wait began (a busy machine; our own
     * suite's, beside two builds) must not read that wait as begun later, after the scope ended:
     * one wait read as two said "it woke from the timed wait it was in and waits again" of a task
     * that was to end when its one poll did.
     */
    @Test
    void aLookSlowedDownAfterItReadAWaitStillSeesTheOneWaitBegunBeforeTheScopeEnded() {
        TimedWaits waits = new TimedWaits(1, 600);
        parked = waits.start("polls-once");
        long ended = System.nanoTime();
        AtomicInteger looks = new AtomicInteger();

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(100), ended, () -> {
            List<Finding> seen = waits.get();
            if (looks.incrementAndGet() % 2 == 0) {
                stall(Duration.ofMillis(30)); // the look's thread off its CPU, as on a busy machine
            }
            return seen;
        }, FindingFilter.NONE);

        assertTrue(check.clean(), "its one wait ended 600 ms in: "
                + check.leaks().stream().map(f -> f.leak().reason()).toList() + ", alive: " + parked.isAlive());
    }

    /**
     * Asked a while after the look that made a finding, whether its thread wakes soon: the wait,
     * begun just before the scope ended, is read from the time before that look, not from now,
     * which would put its start after the end by however long ago the look was.
     */
    @Test
    void whetherAThreadWakesSoonIsReadAsItsLookSawItNotAsNowWould() {
        parked = new Thread(() -> await(release), "polls-once");
        parked.start();
        long lookBegan = System.nanoTime();
        Finding polling = sleepingSince(parked, lookBegan - TimeUnit.MILLISECONDS.toNanos(1), 1_000);
        long ended = lookBegan;
        stall(Duration.ofMillis(30)); // what the caller did between the look and the question

        assertTrue(GracePeriod.wakesSoonAfter(polling, ended, lookBegan), "it began 1 ms before the end");
    }

    /**
     * Jetty's trial: a 5 s sleep begun 3 ms before the test ended ends within the longest wake,
     * however long the look that read it took after it did (one run in three failed the test).
     */
    @Test
    void aWaitThatEndsJustWithinTheLongestWakeIsAwaitedHoweverLongItsLookTook() {
        parked = new Thread(() -> await(release), "closes-in-5-s");
        parked.start();
        long lookBegan = System.nanoTime();
        long ended = lookBegan;
        Finding sleeping = sleepingSince(parked, ended - TimeUnit.MILLISECONDS.toNanos(3),
                GracePeriod.LONGEST_WAKE.toMillis());
        stall(Duration.ofMillis(30)); // the rest of the look, on a busy machine

        assertTrue(GracePeriod.wakesSoonAfter(sleeping, ended, lookBegan), "it wakes 4,997 ms after the end");
        long lookAfter = System.nanoTime();
        long endedBefore = lookAfter - TimeUnit.MILLISECONDS.toNanos(4);
        Finding begunJustAfter = sleepingSince(parked, endedBefore + TimeUnit.MILLISECONDS.toNanos(3),
                GracePeriod.LONGEST_WAKE.toMillis());
        assertTrue(GracePeriod.wakesSoonAfter(begunJustAfter, endedBefore, lookAfter),
                "begun as near the end as a wait's start is known, it is as long as the longest wake");
    }

    private static void stall(Duration d) {
        Deadline until = Deadline.after(d);
        while (!until.hasPassed()) {
            Thread.onSpinWait();
        }
    }

    /**
     * A task in a timed wait, in a pool nobody shut down whose workers live until someone does:
     * that pool is a leak whatever the task does, so its wake is not awaited (Nacos's failing
     * {@code ClientWorkerTest}s each waited up to 5 s more for their tasks' polls); in a pool shut
     * down, the wake is what ends it, and is awaited.
     */
    @Test
    void aTaskInATimedWaitIsNotAwaitedWhenItsPoolIsLeftRunningAndIsWhenItsPoolIsShutDown() {
        TimedWaits leftRunning = new TimedWaits(Integer.MAX_VALUE, 1_000).asTaskIn("running");
        parked = leftRunning.start("polls-in-a-pool-left-running");
        long ended = System.nanoTime(); // its first wait began before

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(100), ended, leftRunning, FindingFilter.NONE);

        assertEquals(1, leftRunning.waitsBegun(), "the check ended within the task's first poll");
        assertEquals(List.of("executor pool@1", "task task@1"), check.leaks().stream().map(Finding::key).toList());
        assertNull(check.leaks().get(1).leak().reason(), "no grace period would change the verdict: none is told");

        TimedWaits shutDown = new TimedWaits(Integer.MAX_VALUE, 300).asTaskIn("shutdown");
        Thread polls = shutDown.start("polls-in-a-pool-shut-down");
        long shutDownEnded = System.nanoTime();
        ScopeCheck awaited = GracePeriod.awaitingWakes(Duration.ofMillis(100), shutDownEnded, shutDown,
                FindingFilter.NONE);
        polls.interrupt();
        join(polls);

        assertTrue(shutDown.waitsBegun() >= 2, "the check awaited the task's wake: " + shutDown.waitsBegun());
        assertEquals("it woke from the timed wait it was in and waits again", awaited.leaks().get(1).leak().reason());
    }

    /**
     * A task in a sleep whose end this JDK does not show (JDK 17), in a pool nobody shut down
     * whose idle workers end by themselves: idle longer than any wake is awaited, its worker
     * outlives the check whatever the task does, and the sleep is not awaited (logback's trial:
     * each socket appender left retrying on its context's pool, idle workers ending after 40 s,
     * kept its test 5 s); idling less, the task's end may leave the pool with no worker, and is.
     */
    @Test
    void aTaskInAPoolWhoseIdleWorkersOutliveTheLongestWakeIsNotAwaited() {
        TimedWaits cached = new TimedWaits(Integer.MAX_VALUE, 1_000).endUnknown().asTaskIn("running", 60_000);
        parked = cached.start("sleeps-in-a-cached-pool");
        long ended = System.nanoTime();

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(100), ended, cached, FindingFilter.NONE);

        assertEquals(1, cached.waitsBegun(), "the check ended within the task's first sleep");
        assertEquals(List.of("executor pool@1", "task task@1"), check.leaks().stream().map(Finding::key).toList());
        assertNull(check.leaks().get(1).leak().reason(), "no grace period would change the verdict: none is told");

        TimedWaits brief = new TimedWaits(Integer.MAX_VALUE, 300).endUnknown().asTaskIn("running", 1_000);
        Thread sleeps = brief.start("sleeps-in-a-pool-whose-workers-idle-briefly");
        ScopeCheck awaited = GracePeriod.awaitingWakes(Duration.ofMillis(100), System.nanoTime(), brief,
                FindingFilter.NONE);
        sleeps.interrupt();
        join(sleeps);

        assertTrue(brief.waitsBegun() >= 2, "the check awaited the task's sleep: " + brief.waitsBegun());
        assertEquals(2, awaited.leaks().size(), awaited.leaks().toString());
    }

    /**
     * {@code Thread.sleep(Long.MAX_VALUE)}: its end, added to the clock, overflowed, and read as
     * soon: a check (CI, JDK 25) waited out its whole 10 s grace period for a thread asleep for ever.
     */
    @Test
    void aThreadAsleepForEverIsNotAwaitedWhateverTheClockReads() {
        parked = new Thread(() -> await(release), "sleeps-for-ever");
        parked.start();
        long ended = System.nanoTime();
        Finding forever = sleeping(parked, TimeUnit.NANOSECONDS.toMillis(Long.MAX_VALUE));
        AtomicInteger looks = new AtomicInteger();

        boolean awaited = GracePeriod.wakesSoonAfter(forever, ended, ended);
        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofSeconds(5), ended, () -> {
            looks.incrementAndGet();
            return List.of(sleepingSince(parked, ended, TimeUnit.NANOSECONDS.toMillis(Long.MAX_VALUE)));
        }, FindingFilter.NONE);

        assertFalse(awaited, "it wakes in 292 years");
        assertEquals(1, check.leaks().size());
        assertSettled(looks, 2, "nothing waiting could change");
        assertNull(check.leaks().get(0).leak().reason(), "no grace period is said to see it wake");
        // Object.wait(Long.MAX_VALUE)
        assertNull(GracePeriod.awaitingWakes(Duration.ofMillis(100), ended,
                () -> List.of(sleepingSince(parked, ended, Long.MAX_VALUE)), FindingFilter.NONE).leaks().get(0).leak()
                .reason(), "nor of the longest wait there is");
    }

    @Test
    void aThreadWhoseWaitEndsAfterTheLongestWakeIsNotWaitedFor() {
        TimedWaits waits = new TimedWaits(1, GracePeriod.LONGEST_WAKE.toMillis() + 60_000);
        parked = waits.start("sleeps-a-minute");
        long ended = System.nanoTime(); // its first wait began before
        AtomicInteger looks = new AtomicInteger();

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofSeconds(60), ended, () -> {
            looks.incrementAndGet();
            return waits.get();
        }, FindingFilter.NONE);

        assertEquals(1, check.leaks().size());
        assertSettled(looks, 2, "its wait ends past the longest wake awaited");
        assertNull(check.leaks().get(0).leak().reason(), "it wakes in over a minute: no grace period is said to help");
    }

    /**
     * Log4j's trial: a test's appender asleep for 10 s, whose thread ended when it woke, failed
     * the test with a reason that did not say a longer grace period would have seen it wake. One
     * that wakes in over a minute is not told so: that grace period would cost every failure as much.
     */
    @Test
    void aThreadThatWakesAfterTheLongestWakeSaysWhenWithinAMinute() {
        TimedWaits waits = new TimedWaits(1, GracePeriod.LONGEST_WAKE.toMillis() + 3_000);
        parked = waits.start("sleeps-8-s");
        long ended = System.nanoTime(); // its first wait began before

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(100), ended, waits, FindingFilter.NONE);
        String reason = check.leaks().get(0).leak().reason();

        assertTrue(reason != null
                && reason.matches("a grace period longer than 8\\.\\d s would see whether it ends when it wakes"), reason);
    }

    /**
     * Wicket's trial: a loop that polls a second at a time, caught by every look in a wait begun
     * after the scope ended, read "a grace period longer than 2.0 s would see whether it ends when
     * it wakes" and no more, beside a wait of under a second. It went on after the scope's end.
     */
    @Test
    void aThreadInAWaitBegunSinceTheScopeEndedSaysSo() {
        TimedWaits waits = new TimedWaits(1, 3_000);
        long ended = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(1_000); // the scope ended a second ago
        parked = waits.start("polls-again");

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(100), ended, waits, FindingFilter.NONE);
        String reason = check.leaks().get(0).leak().reason();

        assertTrue(reason != null && reason.matches("it went on after that: the timed wait it is in began 1\\.\\d s "
                + "later; a grace period longer than 4\\.\\d s would see whether it ends when it wakes"), reason);
    }

    /** A check that ended its wait otherwise says the same of such a thread, told afterwards. */
    @Test
    void aCheckThatEndedItsWaitOtherwiseIsToldTheSame() {
        TimedWaits waits = new TimedWaits(1, 28_000);
        parked = waits.start("flushes-in-28-s");
        long ended = System.nanoTime();

        ScopeCheck looked = GracePeriod.await(Duration.ofMillis(50), waits, FindingFilter.NONE);
        String reason = GracePeriod.toldOfUnseenEnds(looked, ended).leaks().get(0).leak().reason();

        assertNull(looked.leaks().get(0).leak().reason(), "a plain wait tells nothing");
        assertTrue(reason != null && reason.matches("a grace period longer than 28\\.\\d s would see whether it ends "
                + "when it wakes"), reason);
    }

    /** JDK 17's {@code Thread.sleep}: its end unknown, the thread is awaited until it ends, within the longest wake. */
    @Test
    void aThreadInATimedWaitOfUnknownEndIsAwaitedUntilItEnds() {
        TimedWaits waits = new TimedWaits(1, 1_500).endUnknown();
        parked = waits.start("sleeps-on-jdk-17");
        long ended = System.nanoTime();

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(100), ended, waits, FindingFilter.NONE);

        assertTrue(check.clean(), "it ended 1.5 s in: " + check.leaks());
    }

    /** JDK 17's {@code Thread.sleep} in a task, its pool shut down: awaited as its worker would be (CPU time and state). */
    @Test
    void aTaskInATimedWaitOfUnknownEndIsAwaitedAsItsWorkerWouldBe() {
        TimedWaits waits = new TimedWaits(1, 1_500).endUnknown().asTaskIn("shutdown");
        parked = waits.start("task-sleeps-on-jdk-17");
        long ended = System.nanoTime();

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(100), ended, waits, FindingFilter.NONE);

        assertTrue(check.clean(), "it ended 1.5 s in: " + check.leaks());
    }

    /** JDK 17's sleep: a thread still in it after the longest wake says why the check did not see it end. */
    @Test
    void aThreadInATimedWaitOfUnknownEndStillInItAfterTheLongestWakeSaysItsEndIsNotKnown() {
        TimedWaits waits = new TimedWaits(1, GracePeriod.LONGEST_WAKE.toMillis() + 60_000).endUnknown();
        parked = waits.start("sleeps-long-on-jdk-17");
        long ended = System.nanoTime();

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(100), ended, waits, FindingFilter.NONE);

        assertEquals("the end of its timed wait is not known (this JDK does not show when a sleep or a timed "
                + "Object.wait ends), and a check waits 5 s at most for such a wait to end",
                check.leaks().get(0).leak().reason());
    }

    /**
     * Who does not show a wait's end, by the wait: JDK 17, for its sleep and a timed wait; threadleak,
     * for a library's own park (jboss-threads' idle workers, on JDK 25, read "not known on this JDK").
     */
    @Test
    void aWaitOfUnknownEndSaysWhoDoesNotShowItsEnd() {
        assertEquals("this JDK does not show when a sleep or a timed Object.wait ends",
                GracePeriod.unknownEndOf(waitingIn(BlockedOn.SLEEP)));
        assertEquals("this JDK does not show when a sleep or a timed Object.wait ends",
                GracePeriod.unknownEndOf(waitingIn("java.lang.Object.wait")));
        assertEquals("threadleak does not time a park the code makes through LockSupport itself",
                GracePeriod.unknownEndOf(waitingIn("java.util.concurrent.locks.LockSupport.parkNanos")));
        assertEquals("threadleak did not see the wait begin", GracePeriod.unknownEndOf(waitingIn(null)));
    }

    private static Leak waitingIn(String operation) {
        return Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(1, "waits", false, true, "TIMED_WAITING"))
                .blockedOn(operation == null ? null : BlockedOn.of(operation, null)).build();
    }

    /**
     * Its end unknown, a thread that ran once between two looks and is in a timed wait again may be
     * one whose wait ended by its timeout and was parked again for what was left of it, about to
     * end: awaited, not left as a loop (our own suite saw it so, once, on JDK 25). Nor does a run
     * between the first two looks count: a thread's state reads TIMED_WAITING a few instructions
     * before it parks, and what those use, read at the next look, made such a thread a loop (our
     * own suite, once, under load). Here a run stands for those instructions, one more for the
     * wake, then it ends.
     */
    @Test
    void aThreadOfUnknownEndThatRanBetweenTwoLooksOnlyIsStillAwaitedAndTheFirstLookIsNoBaseline() {
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        AtomicInteger waitsBegun = new AtomicInteger();
        parked = new Thread(() -> {
            try {
                waitsBegun.incrementAndGet();
                first.await(1, TimeUnit.MINUTES);
                waitsBegun.incrementAndGet();
                second.await(1, TimeUnit.MINUTES);
                waitsBegun.incrementAndGet();
                release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "caught-on-its-way-in");
        parked.start();
        awaitTimedWait(parked, waitsBegun, 1);
        Finding sleeping = new Finding(Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(parked.getId(), parked.getName(), false, true, "TIMED_WAITING"))
                .blockedOn(BlockedOn.of(BlockedOn.SLEEP, null)).build(), parked);
        AtomicInteger looks = new AtomicInteger();
        long ended = System.nanoTime();

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(1), ended, () -> {
            int look = looks.incrementAndGet();
            if (look == 2) {
                first.countDown(); // on its way into the wait the first look saw
                awaitTimedWait(parked, waitsBegun, 2);
            } else if (look == 3) {
                second.countDown(); // its one wake
                awaitTimedWait(parked, waitsBegun, 3);
            } else if (look == 4) {
                release.countDown(); // and it ends: a look reading it as it wakes would count a run
                join(parked);
            }
            return parked.isAlive() ? List.of(sleeping) : List.of();
        }, FindingFilter.NONE);

        assertTrue(check.clean(), "it ended at the fourth look: " + check.leaks() + " after " + looks.get() + " looks");
        assertTrue(looks.get() >= 4, looks.get() + " looks");
    }

    /** Until {@code t} is in its {@code wait}th timed wait, 10 s at most. */
    private static void awaitTimedWait(Thread t, AtomicInteger waitsBegun, int wait) {
        Deadline deadline = Deadline.after(Duration.ofSeconds(10));
        while (waitsBegun.get() < wait || t.getState() != Thread.State.TIMED_WAITING) {
            if (deadline.hasPassed()) {
                throw new AssertionError(t.getName() + " is not in its timed wait " + wait + ": " + t.getState());
            }
            Thread.onSpinWait();
        }
        // its state reads TIMED_WAITING a few instructions before it parks: a look in between reads the
        // CPU time those use as a run of its own (CI saw it so once, under load)
        long cpu = ThreadCpu.nanos(t);
        while (ThreadCpu.nanos(t) != cpu || t.getState() != Thread.State.TIMED_WAITING) {
            if (deadline.hasPassed()) {
                throw new AssertionError(t.getName() + " does not settle in its timed wait " + wait);
            }
            cpu = ThreadCpu.nanos(t);
            Thread.onSpinWait();
        }
    }

    /** Its end unknown, a loop is told by the CPU time it used between two looks: it woke, and waits again. */
    @Test
    void aThreadInATimedWaitOfUnknownEndThatRanSinceTheFirstLookIsLeft() {
        TimedWaits waits = new TimedWaits(Integer.MAX_VALUE, 200).endUnknown();
        parked = waits.start("loops-on-jdk-17");
        long ended = System.nanoTime();

        ScopeCheck check = GracePeriod.awaitingWakes(Duration.ofMillis(100), ended, waits, FindingFilter.NONE);

        assertEquals(1, check.leaks().size());
        assertEquals("it woke from the timed wait it was in and waits again", check.leaks().get(0).leak().reason());
        assertTrue(waits.waitsBegun() >= 2, "it was left once it had woken: " + waits.waitsBegun() + " waits");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended) < GracePeriod.LONGEST_WAKE.toMillis(),
                "it did not wait for the longest wake");
    }

    /**
     * A thread that waits {@code waits} times, each for {@code millis} (on a latch: released, it
     * ends), then ends; and the findings a look at it makes: the thread in its timed wait, with the
     * wait's start and timeout, as the agent reports a sleep or a timed poll (or without them, as
     * the agent reports JDK 17's {@code Thread.sleep}).
     */
    private final class TimedWaits implements Supplier<List<Finding>> {
        private final int waits;
        private final long millis;
        /** How long the thread stays in each wait past its end, as a thread woken late does. */
        private long overstay;
        private final AtomicInteger begun = new AtomicInteger();
        private volatile long waitBegan;
        private Thread thread;
        private boolean endKnown = true;
        /** The state of the pool the thread runs a task for, or null: the thread is a leak of its own. */
        private String poolState;
        /** How long the pool's idle workers live, or null: until it is shut down. */
        private Long idleWorkersEnd;

        TimedWaits(int waits, long millis) {
            this.waits = waits;
            this.millis = millis;
        }

        TimedWaits overstaying(long millis) {
            overstay = millis;
            return this;
        }

        TimedWaits endUnknown() {
            endKnown = false;
            return this;
        }

        /** The thread as the worker of pool@1, in state {@code state}, running task@1: the pool and the task are found. */
        TimedWaits asTaskIn(String state) {
            poolState = state;
            return this;
        }

        /** The same, in a pool whose idle workers end after {@code millis}. */
        TimedWaits asTaskIn(String state, long idleWorkersEndAfterMillis) {
            poolState = state;
            idleWorkersEnd = idleWorkersEndAfterMillis;
            return this;
        }

        Thread start(String name) {
            CountDownLatch first = new CountDownLatch(1);
            thread = new Thread(() -> {
                for (int i = 0; i < waits; i++) {
                    waitBegan = System.nanoTime();
                    begun.incrementAndGet();
                    first.countDown();
                    try {
                        if (release.await(millis + overstay, TimeUnit.MILLISECONDS)) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, name);
            thread.start();
            await(first);
            return thread;
        }

        int waitsBegun() {
            return begun.get();
        }

        @Override
        public List<Finding> get() {
            long since = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitBegan);
            Leak.Builder builder = Leak.builder(poolState == null ? LeakKind.THREAD : LeakKind.TASK, Verdict.LEAKED)
                    .thread(new ThreadInfo(thread.getId(), thread.getName(), false, true, "TIMED_WAITING"))
                    .blockedOn(endKnown ? new BlockedOn(BlockedOn.SLEEP, null, since, null, millis, null, null, null)
                            : BlockedOn.of(BlockedOn.SLEEP, null));
            if (!thread.isAlive()) {
                return List.of();
            }
            if (poolState == null) {
                return List.of(new Finding(builder.build(), thread));
            }
            Leak pool = Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                    .executor(new ExecutorInfo("ThreadPoolExecutor", "pool@1", poolState, List.of(), 0, 1, null, null,
                            null, null, idleWorkersEnd))
                    .build();
            Leak task = builder.task(new TaskInfo("FutureTask", "task@1", "pool@1", "running", null, null, null, null,
                    null, null, null, null)).build();
            return List.of(new Finding(pool, null), new Finding(task, null, List.of(thread)));
        }
    }

    /** In one sleep since {@code beganNanos}, as a look at it now finds it. */
    private static Finding sleepingSince(Thread t, long beganNanos, long timeoutMillis) {
        long since = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beganNanos);
        Leak leak = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(t.getId(), t.getName(), false, true, "TIMED_WAITING"))
                .blockedOn(new BlockedOn(BlockedOn.SLEEP, null, since, null, timeoutMillis, null, null, null))
                .build();
        return new Finding(leak, t);
    }

    private static Finding sleeping(Thread t, long wakesInMillis) {
        Leak leak = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(t.getId(), t.getName(), false, true, "TIMED_WAITING"))
                .blockedOn(new BlockedOn(BlockedOn.SLEEP, null, 0L, null, wakesInMillis, null, null, null))
                .build();
        return new Finding(leak, t);
    }

    @Test
    void whatCannotBeJoinedIsLookedAtAgainUntilItIsGone() {
        AtomicInteger looks = new AtomicInteger();

        ScopeCheck check = GracePeriod.await(Duration.ofSeconds(60), goneAfter(3, looks), FindingFilter.NONE);

        assertTrue(check.clean());
        assertEquals(4, looks.get());
    }

    /** A Netty loop not yet in its graceful shutdown at the first look, excluded at the next: the wait ends then. */
    @Test
    void aThreadTheFilterExcludesAtALaterLookEndsTheWaitThenNotWhenItEnds() {
        parked = new Thread(() -> await(release), "enters-its-quiet-period");
        parked.start();
        Finding finding = thread(parked);
        AtomicInteger looks = new AtomicInteger();
        long start = System.nanoTime();

        ScopeCheck check = GracePeriod.await(Duration.ofSeconds(60), () -> {
            looks.incrementAndGet();
            return List.of(finding);
        }, f -> looks.get() > 1 ? "shutting down" : null);

        assertEquals(List.of(), check.leaks());
        assertEquals(1, check.excluded().size());
        assertTrue(parked.isAlive(), "it did not wait for the thread to end");
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 30, "it slept out the grace period");
    }

    @Test
    void itReturnsAsSoonAsTheLastThreadEnds() throws InterruptedException {
        Thread ending = new Thread(() -> await(release), "ends-when-released");
        ending.start();
        Finding finding = thread(ending);
        release.countDown();
        long start = System.nanoTime();

        ScopeCheck check = GracePeriod.await(Duration.ofSeconds(60),
                () -> ending.isAlive() ? List.of(finding) : List.of(), FindingFilter.NONE);

        assertTrue(check.clean());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 30, "it slept out the grace period");
    }

    @Test
    void whatTheFilterExcludesNeitherCountsNorMakesItWaitAndComesBackDetached() {
        parked = new Thread(() -> await(release), "benign");
        parked.start();
        Finding finding = thread(parked);
        AtomicInteger looks = new AtomicInteger();

        ScopeCheck check = GracePeriod.await(Duration.ofSeconds(60), () -> {
            looks.incrementAndGet();
            return List.of(finding);
        }, f -> "ours");

        assertTrue(check.clean());
        assertEquals(1, looks.get(), "one look: nothing counted, so nothing to wait for");
        assertEquals("ours", check.excluded().get(0).reason());
        assertNull(check.excluded().get(0).finding().thread(), "a result holds no live thread");
    }

    @Test
    void whatIsLeftWhenTimeIsUpIsTheResult() {
        parked = new Thread(() -> await(release), "stays");
        parked.start();
        Finding finding = thread(parked);

        ScopeCheck check = GracePeriod.await(Duration.ZERO, () -> List.of(finding), FindingFilter.NONE);

        assertEquals(List.of(finding.key()), check.leaks().stream().map(Finding::key).toList());
        assertNull(check.leaks().get(0).thread());
    }

    @Test
    void anInterruptStatusSetOnEntryDoesNotCutTheWaitShortAndIsSetAgainAfter() {
        AtomicInteger looks = new AtomicInteger();
        Thread.currentThread().interrupt();

        ScopeCheck check = GracePeriod.await(Duration.ofSeconds(60), goneAfter(2, looks), FindingFilter.NONE);

        assertTrue(Thread.interrupted(), "the caller's interrupt status is kept");
        assertTrue(check.clean());
        assertEquals(3, looks.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
