package dev.threadleak.agent.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.agent.AgentOptions.CreationStacks;
import dev.threadleak.agent.bootstrap.WaitListener;
import dev.threadleak.agent.executors.ExecutorFindings;
import dev.threadleak.agent.executors.ExecutorRegistry;
import dev.threadleak.agent.executors.ReportedPool;
import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.RecordedThreads;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.agent.waits.WaitFacts;
import dev.threadleak.agent.waits.WaitRegistry;
import dev.threadleak.io.Deadline;
import dev.threadleak.report.Death;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's reports, judged from registries fed through their listener interfaces by real
 * threads, pools and waits, as the woven JDK feeds them.
 */
class JvmReportsTest {

    private static final long HOUR = TimeUnit.HOURS.toMillis(1);

    private final ThreadRegistry threads = new ThreadRegistry(new CreationSites(CreationStacks.ALL, 16), true, 100);
    private final ExecutorRegistry executors = new ExecutorRegistry(threads, 100);
    private final WaitRegistry waits = new WaitRegistry(threads);
    private final JvmReports reports = new JvmReports(threads, new ExecutorFindings(executors, 16),
            new WaitFacts(threads, waits, executors), List.of(Pattern.compile("excluded-.*")), 16, List.of("a note"));
    private final RecordedThreads recorded = new RecordedThreads(threads);
    private final List<ThreadPoolExecutor> pools = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        pools.forEach(ThreadPoolExecutor::shutdownNow);
        recorded.close();
    }

    /** The JVM's hook runner, as its stack reads while it starts the hooks and once it joins them. */
    @Test
    void theHooksAreAllStartedOnceTheirRunnerJoinsOne() {
        StackTraceElement runHooks = new StackTraceElement("java.lang.ApplicationShutdownHooks", "runHooks", null, 100);
        StackTraceElement start = new StackTraceElement("java.lang.Thread", "start", null, 1);
        StackTraceElement join = new StackTraceElement("java.lang.Thread", "join", null, 2);
        StackTraceElement wait = new StackTraceElement("java.lang.Object", "wait", null, 3);
        StackTraceElement shutdown = new StackTraceElement("java.lang.Shutdown", "runHooks", null, 4);

        assertTrue(JvmReports.startingHooks(new StackTraceElement[] {start, runHooks, shutdown}));
        assertTrue(JvmReports.startingHooks(new StackTraceElement[] {runHooks, shutdown}));
        assertFalse(JvmReports.startingHooks(new StackTraceElement[] {wait, join, runHooks, shutdown}));
        assertFalse(JvmReports.startingHooks(new StackTraceElement[] {wait, shutdown}), "not running the hooks");
    }

    /**
     * Dropwizard Metrics' trial: an HTTP client's dispatchers were listed above the thread that
     * started them, which alone named the test's line. Each start is a site of its own (one line
     * each): grouped, the order would not show.
     */
    @Test
    void atExitThreadsAreListedInTheOrderTheyWereMade() throws Exception {
        List<String> made = new ArrayList<>();
        made.add(recorded.start("first", () -> new CountDownLatch(1).await()).getName());
        made.add(recorded.start("second", () -> new CountDownLatch(1).await()).getName());
        made.add(recorded.start("third", () -> new CountDownLatch(1).await()).getName());
        made.add(recorded.start("fourth", () -> new CountDownLatch(1).await()).getName());
        made.add(recorded.start("fifth", () -> new CountDownLatch(1).await()).getName());
        made.add(recorded.start("sixth", () -> new CountDownLatch(1).await()).getName());

        List<String> listed = new ArrayList<>();
        for (Leak leak : reports.atExit().leaks()) {
            listed.add(leak.thread().name());
        }
        assertEquals(made, listed);
    }

    @Test
    void atExitEveryTrackedThreadStillAliveIsALeakCreatedHere() throws Exception {
        recorded.start("leaky", () -> new CountDownLatch(1).await());
        recorded.start("excluded-by-option", () -> new CountDownLatch(1).await());
        recorded.start("done", () -> { }).join();

        LeakReport report = reports.atExit();

        Leak leak = only(report.leaks());
        assertEquals("leaky", leak.thread().name());
        assertEquals(Verdict.LEAKED, leak.verdict());
        assertEquals("still alive when the JVM exited", leak.reason());
        assertEquals(new ThreadRef(Thread.currentThread().getId(), Thread.currentThread().getName()), leak.createdBy());
        assertEquals(getClass().getName() + ".atExitEveryTrackedThreadStillAliveIsALeakCreatedHere",
                leak.createdAt().get(0).qualifiedMethod(), "the user's frame first");
        assertEquals(3, report.stats().threadsStarted());
        assertEquals(2, report.stats().liveThreads());
        assertTrue(report.notes().contains("a note"), report.notes().toString());
    }

    @Test
    void afterALateAttachTheHeaderSaysSoAndThePreExistingNoteComesOnlyWithSuchALeak() throws Exception {
        JvmReports attached = new JvmReports(threads, new ExecutorFindings(executors, 16), null, List.of(), 16,
                List.of(), null, true);
        recorded.start("started-since", () -> new CountDownLatch(1).await());
        LeakReport without = attached.atExit();
        CountDownLatch end = new CountDownLatch(1);
        Thread before = new Thread(() -> {
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "from-before");
        before.start();
        try {
            threads.registerPreExisting(before);
            LeakReport with = attached.atExit();

            assertTrue(without.toText().contains(", mode agent (attached), "), without.toText());
            assertTrue(without.notes() == null || !without.notes().contains(JvmReports.ATTACHED_NOTE),
                    "no leak from before: " + without.notes());
            assertTrue(with.leaks().stream().anyMatch(Leak::preExisting), with.toText());
            assertEquals(JvmReports.ATTACHED_NOTE, with.notes().get(0), with.toText());
            assertFalse(reports.atExit().toText().contains("(attached)"), "given with -javaagent, it says nothing");
        } finally {
            end.countDown();
            before.join();
        }
    }

    @Test
    void theSamplingNoteIsLeftOutOfAReportWithoutAVirtualThreadMissingItsStack() throws Exception {
        JvmReports sampling = new JvmReports(threads, new ExecutorFindings(executors, 16), null, List.of(), 16,
                List.of(), "sampled", false);
        recorded.start("leaky", () -> new CountDownLatch(1).await());

        LeakReport report = sampling.atExit();

        assertEquals("leaky", only(report.leaks()).thread().name());
        List<String> notes = report.notes() == null ? List.of() : report.notes(); // null: no notes at all
        assertTrue(notes.stream().noneMatch(n -> n.startsWith("creation-stacks=")), notes.toString());
    }

    @Test
    void aPoolIsReportedThroughItsExecutorNeverThroughItsWorkers() throws Exception {
        ReportedPool reported = new ReportedPool(executors, threads);
        pools.add(reported);
        reported.occupyTheWorker();

        List<Leak> leaks = reports.atExit().leaks();
        assertEquals(List.of(LeakKind.EXECUTOR), leaks.stream().map(Leak::kind).toList(),
                "the pool, its unfinished task told in it; its worker is the pool's, not a thread of its own: " + leaks);
        Leak pool = leaks.get(0);
        assertEquals("never shut down", pool.reason());
        assertEquals(List.of("reported-pool-worker"), pool.executor().workers().stream().map(ThreadRef::name).toList());
        assertEquals(List.of("running"), pool.executor().tasks().stream().map(t -> t.state()).toList(), pool.toString());

        this.pools.get(0).shutdown();
        List<Leak> left = reports.atExit().leaks();
        assertEquals(List.of(LeakKind.TASK), left.stream().map(Leak::kind).toList(),
                "shut down, its task still running stands alone: " + left);
    }

    @Test
    void liveShowsWaitsOlderThanMinAgeAsSuspectsButNotSleepsNorTimedWaitsNotSeenToBegin() throws Exception {
        Thread parked = recorded.start("parked", () -> new CountDownLatch(1).await());
        Thread sleeping = recorded.start("sleeping", () -> Thread.sleep(HOUR));
        Object monitor = new Object();
        Thread resting = recorded.start("resting", () -> { // as Derby's daemons rest between their work
            synchronized (monitor) {
                monitor.wait(HOUR);
            }
        });
        RecordedThreads.awaitParked(parked, t -> true);
        RecordedThreads.awaitState(sleeping, Thread.State.TIMED_WAITING, t -> true);
        RecordedThreads.awaitState(resting, Thread.State.TIMED_WAITING, t -> true);

        Leak suspect = only(reports.live(0).leaks());
        assertEquals("parked", suspect.thread().name());
        assertEquals(Verdict.SUSPECT, suspect.verdict());
        assertEquals("java.util.concurrent.CountDownLatch.await", suspect.blockedOn().operation());

        assertEquals(List.of(), reports.live(HOUR).leaks(), "younger than min-age");
    }

    /**
     * A thread the code interrupted that waits on: at exit (or a scope's end) it ignored a
     * cancellation, a fact; in a live report it stays a suspect, since there an interrupt may be
     * a wake-up the code means.
     */
    @Test
    void aThreadThatWentOnPastTheCodesInterruptIgnoresCancellationAtExitButStaysSuspectLive() throws Exception {
        AtomicInteger interrupts = new AtomicInteger();
        Thread swallower = recorded.start("swallower", () -> {
            while (true) {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    if (interrupts.incrementAndGet() > 1) {
                        return; // the clean-up's: the first it waits past
                    }
                }
            }
        });
        RecordedThreads.awaitParked(swallower, t -> true);
        threads.interrupted(swallower); // as the woven Thread.interrupt() tells it
        long interruptedAt = System.currentTimeMillis();
        swallower.interrupt();
        Deadline past = Deadline.after(Duration.ofSeconds(10));
        while (System.currentTimeMillis() - interruptedAt < 150 && !past.hasPassed()) {
            Thread.sleep(10); // an interrupt is judged ignored 100 ms on: let that much time pass
        }
        RecordedThreads.awaitParked(swallower, t -> interrupts.get() == 1);

        Leak atExit = only(reports.atExit().leaks());
        assertEquals(Verdict.IGNORES_CANCELLATION, atExit.verdict());
        assertTrue(atExit.reason().matches("interrupted [\\d.]+ m?s ago by \"" + Thread.currentThread().getName()
                + "\" #\\d+ at " + Pattern.quote(getClass().getName()) + "\\.aThreadThatWentOnPast\\w+\\(JvmReportsTest"
                + "\\.java:\\d+\\), and still alive: it saw the interrupt and went on"), atExit.reason());
        assertEquals(Verdict.SUSPECT, only(reports.live(0).leaks()).verdict());
    }

    /**
     * Two threads each holding the lock the other waits for in {@code lockInterruptibly} are in a
     * cycle the JVM itself detects: DEADLOCKED, whatever min-age, each with the cycle, and, as an
     * interrupt could end such a wait (the clean-up's does), the reason says so. One waiting for
     * a member's lock from outside the cycle is not, nor are two crossing in a timed
     * {@code tryLock}, which ends by itself.
     */
    @Test
    void liveTellsADeadlockTheJvmDetectsAndBlamesNoneOutsideItsCycle() throws Exception {
        Lock one = new ReentrantLock();
        Lock two = new ReentrantLock();
        CountDownLatch held = new CountDownLatch(2);
        Thread a = recorded.start("cross-a", () -> cross(one, two, held, false));
        Thread b = recorded.start("cross-b", () -> cross(two, one, held, false));
        held.await();
        Thread behind = recorded.start("behind", one::lockInterruptibly);
        Lock three = new ReentrantLock();
        Lock four = new ReentrantLock();
        CountDownLatch timedHeld = new CountDownLatch(2);
        Thread timedA = recorded.start("timed-a", () -> cross(three, four, timedHeld, true));
        Thread timedB = recorded.start("timed-b", () -> cross(four, three, timedHeld, true));
        for (Thread t : List.of(a, b, behind)) {
            RecordedThreads.awaitParked(t, w -> true);
        }
        for (Thread t : List.of(timedA, timedB)) {
            RecordedThreads.awaitState(t, Thread.State.TIMED_WAITING, w -> true);
        }

        List<ThreadRef> cycle = List.of(new ThreadRef(a.getId(), "cross-a"), new ThreadRef(b.getId(), "cross-b"));
        for (long minAge : new long[] {0, HOUR}) {
            List<Leak> deadlocked = reports.live(minAge).leaks().stream()
                    .filter(l -> l.verdict() == Verdict.DEADLOCKED).toList();
            assertEquals(List.of("cross-a", "cross-b"), deadlocked.stream().map(l -> l.thread().name()).sorted().toList(),
                    "min-age " + minAge + ": " + deadlocked);
            for (Leak member : deadlocked) {
                assertEquals(cycle, member.cycle());
                assertEquals("in a wait-for cycle the JVM itself detects (ThreadMXBean.findDeadlockedThreads): none of"
                        + " them can leave it unless one of them is interrupted", member.reason());
            }
        }
        Leak outside = reports.live(0).leaks().stream().filter(l -> l.thread().name().equals("behind")).findFirst()
                .orElseThrow();
        assertEquals(Verdict.SUSPECT, outside.verdict());
        assertEquals(null, outside.cycle());
    }

    /** Holds {@code held}, and once both threads hold theirs, waits for {@code wanted}: never. */
    private static void cross(Lock held, Lock wanted, CountDownLatch bothHeld, boolean timed) throws Exception {
        held.lockInterruptibly();
        try {
            bothHeld.countDown();
            bothHeld.await();
            if (timed ? wanted.tryLock(HOUR, TimeUnit.MILLISECONDS) : lockedInterruptibly(wanted)) {
                wanted.unlock();
            }
        } finally {
            held.unlock();
        }
    }

    private static boolean lockedInterruptibly(Lock lock) throws InterruptedException {
        lock.lockInterruptibly();
        return true;
    }

    /**
     * A late attach to a JVM whose pool's task was parked for good in {@code SynchronousQueue.put}
     * showed nothing: a live report left out every known pool's workers, and a running pool is no
     * leak. A worker waiting in a task is judged as any thread is; one waiting for its next task
     * is the pool's normal state, counted in the note.
     */
    @Test
    void liveShowsAPoolsWorkerWaitingInATaskAndCountsAnIdleOneAsNormal() throws Exception {
        ReportedPool busy = new ReportedPool(executors, threads);
        pools.add(busy);
        busy.occupyTheWorker();
        ReportedPool idle = new ReportedPool(executors, threads);
        pools.add(idle);
        idle.submit(() -> 1).get();

        LeakReport report = reports.live(0);
        Deadline deadline = Deadline.after(Duration.ofSeconds(10));
        while (!String.valueOf(report.notes()).contains("1 idle worker") && !deadline.hasPassed()) {
            report = reports.live(0); // the idle worker is on its way back to its queue
        }

        Leak suspect = only(report.leaks());
        assertEquals("reported-pool-worker", suspect.thread().name());
        assertEquals(Verdict.SUSPECT, suspect.verdict());
        assertEquals("java.util.concurrent.CountDownLatch.await", suspect.blockedOn().operation());
        assertTrue(String.valueOf(report.notes()).contains("not shown, as a running JVM's normal state: 1 idle worker"),
                report.toText());
    }

    @Test
    void aWaitTheFactsProveEndlessIsBlockedForeverWhateverItsAge() throws Exception {
        Future<String> never = new ReportedPool(executors, null).taskDroppedByShutdownNow();
        Thread waiter = recorded.start("waiter", () -> {
            waits.waitBegins(never, WaitListener.FUTURE_TASK, false, 0); // as FutureTask.awaitDone reports it
            never.get();
        });
        RecordedThreads.awaitParked(waiter, t -> threads.recordOf(t).currentWait() != null);

        Leak leak = only(reports.live(HOUR).leaks());
        assertEquals("waiter", leak.thread().name());
        assertEquals(Verdict.BLOCKED_FOREVER, leak.verdict());
    }

    @Test
    void theExitWatchListsOnlyTheThreadsThatKeepTheJvmAlive() throws Exception {
        recorded.start("daemon", true, () -> new CountDownLatch(1).await());
        recorded.start("non-daemon", false, () -> new CountDownLatch(1).await());

        Leak leak = only(reports.exitWatch(5_000).leaks());
        assertEquals("non-daemon", leak.thread().name());
        assertEquals(Verdict.SUSPECT, leak.verdict(), "a server's threads outlive main by design: never LEAKED");
        assertTrue(leak.reason().startsWith("non-daemon and still running 5.0 s after main returned"), leak.reason());
    }

    @Test
    void aThreadThatDiedOfAnUncaughtExceptionIsReportedAsADeath() {
        Thread server = new Thread(() -> { }, "debug-server");
        threads.starting(server);
        threads.uncaught(server, new IllegalStateException("port already in use"));
        threads.ended(server);

        Death death = only(reports.atExit().deaths());
        assertEquals("debug-server", death.thread().name());
        assertEquals(IllegalStateException.class.getName(), death.exceptionType());
        assertEquals("port already in use", death.exceptionMessage());
        assertEquals(Thread.currentThread().getId(), death.createdBy().id());
    }

    @Test
    void aSleepingThreadSaysWhenItWakes() throws Exception {
        Thread sleeper = recorded.start("sleeper", () -> {
            threads.sleeping(TimeUnit.MILLISECONDS.toNanos(HOUR)); // as Thread.beforeSleep reports it (JDK 21+)
            Thread.sleep(HOUR);
        });
        RecordedThreads.awaitState(sleeper, Thread.State.TIMED_WAITING, t -> true);

        Leak leak = only(reports.atExit().leaks());
        assertTrue(leak.blockedOn().sleeping(), leak.toString());
        assertTrue(leak.blockedOn().wakesInMillis() > HOUR - 60_000, leak.blockedOn().toString());
        assertTrue(reports.atExit().toText().contains("  sleeping "), reports.atExit().toText());
    }

    /**
     * A sleep past its end whose thread is not yet back on a CPU is still the sleep it is in, due
     * now: looked at in that moment, a 20 ms loop's sleep read as one of unknown length on JDK 25.
     */
    @Test
    void aSleepJustPastItsEndIsStillKnownAndDueNow() throws Exception {
        Thread sleeper = recorded.start("sleeper", () -> {
            threads.sleeping(0); // as Thread.beforeSleep reports a sleep that is due at once
            Thread.sleep(HOUR);
        });
        RecordedThreads.awaitState(sleeper, Thread.State.TIMED_WAITING, t -> true);

        Leak leak = only(reports.atExit().leaks());
        assertEquals(0L, leak.blockedOn().wakesInMillis(), leak.blockedOn().toString());
    }

    /** {@code TimeUnit.sleep}'s way in: {@code Thread.sleep(long, int)}, the one sleep whose length JDK 17 lets us see. */
    @Test
    void aSleepThroughTheJavaOverloadSaysWhenItWakes() throws Exception {
        Thread sleeper = recorded.start("sleeper", () -> {
            threads.sleepingFor(HOUR, 500); // as the hook at the entry of Thread.sleep(long, int) reports it
            Thread.sleep(HOUR, 500);
        });
        RecordedThreads.awaitState(sleeper, Thread.State.TIMED_WAITING, t -> true);

        Leak leak = only(reports.atExit().leaks());
        assertTrue(leak.blockedOn().wakesInMillis() > HOUR - 60_000, leak.blockedOn().toString());
    }

    /**
     * JDK 17: a sleep through the overload, ended by an interrupt, then a native {@code sleep(long)}
     * nobody tells us of. Its length is unknown, not the first one's: taken for it, a check would stop
     * waiting for a thread about to wake and end.
     */
    @Test
    void aLaterSleepTheOverloadDidNotTellIsOfUnknownLength() throws Exception {
        assumeTrue(Runtime.version().feature() < 21, "on JDK 21+ every sleep tells its length");
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread sleeper = recorded.start("sleeper", () -> {
            threads.sleepingFor(HOUR, 500);
            try {
                Thread.sleep(HOUR, 500);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            Thread.sleep(HOUR / 2);
        });
        RecordedThreads.awaitState(sleeper, Thread.State.TIMED_WAITING, t -> true);
        sleeper.interrupt();
        interrupted.await();
        RecordedThreads.awaitState(sleeper, Thread.State.TIMED_WAITING, t -> true);

        Leak leak = only(reports.atExit().leaks());
        assertTrue(leak.blockedOn().sleeping(), leak.toString());
        assertNull(leak.blockedOn().wakesInMillis(), leak.blockedOn().toString());
    }

    /** Set before {@link SharedHousekeeper} is first used (setting a field of its own would initialize it). */
    private static RecordedThreads housekeeperStarter;

    /** Made by a static initializer, as a library's shared thread is, when the class is first used. */
    static final class SharedHousekeeper {
        static final Thread THREAD = housekeeperStarter.start("shared-housekeeper", () -> new CountDownLatch(1).await());
    }

    /**
     * It lives as long as its class, to the JVM's end unless code stops it: counted, it read as "1
     * leak" whose reason said no test is blamed for it (sofa-jraft's trial). A note counts it, and
     * names it and its class: a count alone sent Dropwizard Metrics' trial to a JFR recording.
     */
    @Test
    void atExitAThreadAClassInitializerMadeIsNotCountedAndANoteSaysSo() throws Exception {
        housekeeperStarter = recorded;
        assertTrue(SharedHousekeeper.THREAD.isAlive());

        LeakReport report = reports.atExit();
        assertEquals(List.of(), report.leaks());
        assertTrue(report.notes().contains("not counted: 1 thread made by static initializers, which live as long as "
                + "their classes, to the JVM's end unless code stops them: " + SharedHousekeeper.class.getName() + "'s"
                + " \"shared-housekeeper\" #" + SharedHousekeeper.THREAD.getId()), report.notes().toString());
    }

    private static <T> T only(List<T> items) {
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }
}
