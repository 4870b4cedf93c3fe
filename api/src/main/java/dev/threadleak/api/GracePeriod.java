package dev.threadleak.api;

import dev.threadleak.io.Deadline;
import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.Durations;
import dev.threadleak.report.ExecutorInfo;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.TaskInfo;
import dev.threadleak.report.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The grace period of a check, the same for every kind of scope: waits for a scope's findings to
 * end, polling, and returns what is left when none is left, when waiting can change nothing that
 * is left, or when time is up. It joins the next thread still alive, so it returns the moment the
 * last one ends, for at most a short while before it looks again; what cannot be joined (a task,
 * a thread known only from a thread dump) is looked at again after short sleeps. What is
 * {@linkplain Finding#settled() settled} (an executor nobody shut down that runs no task, a lost
 * task, a thread proven blocked forever) or sleeps past the end of the grace period does not make
 * it wait once {@link #SETTLING} has passed. A {@linkplain Finding#periodicTask() periodic task}
 * makes it wait until a run of it begins after the first look: the run under way then may cancel
 * it (a task that cancels itself when its pool is closed, its first run racing the check), and a
 * later run begins only once that one ended without cancelling it. What the filter excludes
 * neither counts nor makes it wait. {@link #awaitingWakes} waits, past the period if need be, for
 * a thread's timed wait begun before the scope ended to end, if it does soon after, and for a
 * running task's, unless its pool is left running: that pool is a leak whatever the task does;
 * or, where the filter {@linkplain FindingFilter#defersWake defers} it to a later check, leaves
 * it out without waiting, and what waits on it ({@linkplain FindingFilter#defersBehind} too).
 *
 * <p>An interrupt ends the wait early, with what is left then; the thread's interrupt status is
 * set again before returning. A status already set on entry (a test may leave its own set) is put
 * aside for the wait and set again after.
 */
public final class GracePeriod {

    /** Look again after this, doubling up to {@link #MAX_POLL}. */
    private static final Duration FIRST_POLL = Duration.ofMillis(5);
    private static final Duration MAX_POLL = Duration.ofMillis(100);
    /**
     * What waiting cannot end ends the wait only after this much of it: code may still be ending
     * it from another thread, unseen (Apache SSHD's channel cleanup pool, idle as the check first
     * looked, is shut down by a listener on its connector's close a few milliseconds later; a
     * check that ended at its first look failed the test once in eight runs).
     */
    static final Duration SETTLING = Duration.ofMillis(200);
    /**
     * How long after a scope ended {@link #awaitingWakes} waits for a timed wait begun before then
     * to end: ZooKeeper's election workers and session tracker, told to stop by a flag, see it
     * when their 3 s poll or tick ends, 0-3 s after the test, past a 2 s grace period.
     */
    static final Duration LONGEST_WAKE = Duration.ofSeconds(5);
    /**
     * A thread that wakes this long after its scope ended at the latest is told that a longer grace
     * period would see it wake: past it, such a grace period would cost every failing test as much.
     */
    static final Duration LONGEST_WAIT_TOLD = Duration.ofSeconds(60);
    /**
     * How long {@link #awaitingWakes} watches a timed wait whose end it cannot know (JDK 17's
     * native {@code Thread.sleep}) before the filter may {@linkplain FindingFilter#defersWake defer}
     * it, if it did not run meanwhile: long enough to see a short loop wake, where a wait of known
     * end is deferred at once. Waiting out the grace period first cost each of Javalin's tests
     * on JDK 17 its 2 s, for a thread that sleeps 5 s and ends.
     */
    static final Duration UNKNOWN_END_WATCHED = Duration.ofMillis(500);
    /** A wait's start is known to the millisecond: one this near the scope's end began before it. */
    private static final long NEAR_THE_END_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private GracePeriod() {
    }

    /**
     * Polls {@code findings} for up to {@code grace}. The result's findings are detached; it has
     * no deaths and no notes.
     */
    public static ScopeCheck await(Duration grace, Supplier<List<Finding>> findings, FindingFilter filter) {
        return await(grace, null, findings, filter);
    }

    /**
     * The same, and a thread in a timed wait that it began before the scope ended, at
     * {@code endedNanos} ({@link System#nanoTime()}), is waited for until that wait ends, if it
     * ends within {@link #LONGEST_WAKE} of then, past the grace period if need be, and looked at
     * just after: a loop that checks a stop flag when its poll or sleep ends, as many do, ends
     * then, and is no leak; one still alive has woken and waits again. Without this, whether such
     * a thread failed a test hung on where in its period the test ended.
     */
    public static ScopeCheck awaitingWakes(Duration grace, long endedNanos, Supplier<List<Finding>> findings,
                                           FindingFilter filter) {
        return await(grace, new Wakes(endedNanos), findings, filter);
    }

    /**
     * {@code check}, each thread still in a timed wait that ends within a minute of the scope's end,
     * at {@code endedNanos}, saying which grace period would see that end, as {@link #awaitingWakes}
     * says it: for a check that ended its wait some other way (a look that found nothing waiting
     * could end), so that one leak reads alike however its check ended (Zipkin's trial: two tests
     * of one flush thread asleep for 28 s, one told so, the other not, by where its first look fell).
     */
    public static ScopeCheck toldOfUnseenEnds(ScopeCheck check, long endedNanos) {
        return new Wakes(endedNanos).told(check);
    }

    /**
     * Whether {@link #awaitingWakes}, looking now, waits for the thread of {@code finding} to wake:
     * it is in a timed wait begun before {@code endedNanos} that ends within {@link #LONGEST_WAKE}
     * of then. {@code lookedAfterNanos}: a time before the look that made {@code finding}, whose
     * wait's start is read from how long before that look it began; the time now would read it
     * as later than it was by however long ago the look was.
     */
    public static boolean wakesSoonAfter(Finding finding, long endedNanos, long lookedAfterNanos) {
        return wakeOf(finding, lookedAfterNanos, System.nanoTime(), endedNanos) != null;
    }

    /**
     * Whether {@code finding}'s thread (or its running task's worker) was, when looked at, in a timed
     * wait whose end this JDK does not show (JDK 17's native {@code Thread.sleep}, a timed {@code Object.wait}):
     * what {@link #awaitingWakes} watches for {@link #UNKNOWN_END_WATCHED} before it may defer it.
     */
    public static boolean inAWaitOfUnknownEnd(Finding finding) {
        Leak leak = finding.leak(); // as its look saw it: a finding may be detached
        BlockedOn on = leak.blockedOn();
        return inAWait(leak) && !finding.settled() && (on == null || on.wakesInMillis() == null)
                && leak.thread() != null && "TIMED_WAITING".equals(leak.thread().state());
    }

    /**
     * Why the end of {@code leak}'s timed wait is not known: JDK 17 does not show it for its native
     * sleep and a timed {@code Object.wait}; threadleak does not time a library's own
     * {@code LockSupport.parkNanos} (jboss-threads' idle workers read "not known on this JDK" on
     * JDK 25, which shows every end threadleak asks for), nor a wait it did not see begin.
     */
    public static String unknownEndOf(Leak leak) {
        BlockedOn on = leak.blockedOn();
        String operation = on == null || on.operation() == null ? "" : on.operation();
        if (on != null && (on.sleeping() || operation.equals("java.lang.Object.wait"))) {
            return "this JDK does not show when a sleep or a timed Object.wait ends";
        }
        return operation.startsWith("java.util.concurrent.locks.LockSupport.park")
                ? "threadleak does not time a park the code makes through LockSupport itself"
                : "threadleak did not see the wait begin";
    }

    /**
     * The end ({@link System#nanoTime()}) of a wait {@link #wakesSoonAfter} says is awaited, else
     * null, as a look that began at {@code lookBegan} and ended {@code now} read it.
     */
    private static Long wakeOf(Finding f, long lookBegan, long now, long endedNanos) {
        BlockedOn on = f.leak().blockedOn();
        Long wakesIn = on == null ? null : on.wakesInMillis();
        if (!inAWait(f.leak()) || wakesIn == null || f.settled()) {
            return null;
        }
        // durations compared, not ends: a sleep(Long.MAX_VALUE)'s end, added to nanoTime, overflows, and
        // then read as soon or not by the clock's value (a check waited out a 10 s grace period for it)
        long wakesInNanos = TimeUnit.MILLISECONDS.toNanos(wakesIn);
        // from the look's start, not its end: how long the look took after it read the wait (a busy
        // machine, a long thread list) is not in the wait. Read from its end, Jetty's 5 s close sleep,
        // begun 3 ms before its test ended, fell past the longest wake in one run of three. And with
        // the slack begunBefore gives a wait's start: a wait as long as the longest wake is awaited
        // wherever near the end it began
        boolean soon = wakesInNanos <= LONGEST_WAKE.toNanos() + NEAR_THE_END_NANOS - (lookBegan - endedNanos);
        return begunBefore(on, lookBegan, endedNanos) && soon ? now + wakesInNanos : null;
    }

    /** A thread, or a task running in a worker: whose wait is the check's to await. */
    private static boolean inAWait(Leak leak) {
        LeakKind kind = leak.kind();
        return kind == LeakKind.THREAD || kind == LeakKind.VIRTUAL_THREAD || kind == LeakKind.TASK && leak.thread() != null;
    }

    /**
     * The live thread in {@code f}'s wait: the thread that is the leak, or the worker a running
     * task's leak names (its only worker); null when the finding holds neither.
     */
    private static Thread inTheWait(Finding f) {
        if (f.thread() != null) {
            return f.thread();
        }
        return f.leak().kind() == LeakKind.TASK && f.leak().thread() != null && f.workers().size() == 1
                ? f.workers().get(0) : null;
    }

    /**
     * Whether the wait {@code on}, whose start is known, began before the scope ended, as a look
     * that began at {@code lookBegan} read it: its start taken as early as it can have been.
     */
    private static boolean begunBefore(BlockedOn on, long lookBegan, long endedNanos) {
        return lookBegan - TimeUnit.MILLISECONDS.toNanos(on.sinceMillis()) - endedNanos <= NEAR_THE_END_NANOS;
    }

    /**
     * The identities of the pools among {@code pending} that nobody shut down and whose workers
     * live until someone does, or idle longer than any wake is awaited: each is a leak whatever
     * its tasks do, and its running tasks are told inside it. Awaiting such a task's wake changes
     * no verdict and cost each of Nacos's failing {@code ClientWorkerTest}s up to 5 s more (their
     * tasks poll 5 s at a time while their pool is not shut down); and on JDK 17, where a sleep's
     * end is not known, each of logback's tests that left a socket appender retrying on its
     * context's pool (idle workers end after 40 s) waited 5 s and reported an age nothing explained.
     */
    private static Set<String> poolsLeftRunning(List<Finding> pending) {
        Set<String> pools = new HashSet<>();
        for (Finding f : pending) {
            ExecutorInfo e = f.leak().executor();
            if (f.leak().kind() == LeakKind.EXECUTOR && f.leak().verdict() == Verdict.LEAKED && e != null
                    && "running".equals(e.state()) && workersOutliveAWake(e.idleWorkersEndAfterMillis())) {
                pools.add(e.identity());
            }
        }
        return pools;
    }

    /** Whether a pool's workers, idle this long before they end (null: never), outlive the longest wake awaited. */
    private static boolean workersOutliveAWake(Long idleWorkersEndAfterMillis) {
        return idleWorkersEndAfterMillis == null || idleWorkersEndAfterMillis > LONGEST_WAKE.plus(SETTLING).toMillis();
    }

    /** Whether {@code f} is a task running in one of {@code pools}. */
    private static boolean runsIn(Finding f, Set<String> pools) {
        TaskInfo task = f.leak().task();
        return f.leak().kind() == LeakKind.TASK && task != null && pools.contains(task.executor());
    }

    private static ScopeCheck await(Duration grace, Wakes wakes, Supplier<List<Finding>> findings,
                                    FindingFilter filter) {
        boolean interrupted = Thread.interrupted();
        Map<String, Integer> firstRuns = new HashMap<>(); // of each periodic task, when first seen
        Map<String, String> deferred = new HashMap<>(); // the wakes the filter deferred, by key: why
        Deadline deadline = Deadline.after(grace);
        Deadline settling = Deadline.after(grace.compareTo(SETTLING) < 0 ? grace : SETTLING);
        Deadline limit = wakes == null ? deadline : wakes.limit(grace);
        Supplier<Look> look = () -> {
            // as the look begins: what a look says (how long the check waited) is said as of then, and a
            // look that began before the deadline and ended after it (JDK 25's thread dump, on a loaded
            // machine) ended the check reading "still alive 96 ms after", beside a 100 ms grace period
            boolean afterTheDeadline = deadline.hasPassed();
            boolean settled = settling.hasPassed();
            long began = System.nanoTime(); // a wait's "since" is measured after this, and before the look's end
            return Look.of(deadline, afterTheDeadline, settled, began, findings.get(), filter, firstRuns, wakes,
                    deferred);
        };
        Predicate<Look> done = l -> l.pending().isEmpty() || !l.awaitsAWake()
                && (l.afterTheDeadline() || l.afterSettling() && l.nothingToWaitFor(deadline));
        Look last;
        try {
            last = limit.pollUntil(look, done, new Pause());
            if (!last.afterTheDeadline() && !done.test(last)) {
                // time ran out while the last look was taken: look once more, so that what it
                // says (a reason says how long the check waited) is said of the whole period
                last = look.get();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            last = look.get(); // report what is alive now
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return wakes == null ? last.result() : wakes.told(last.result());
    }

    /**
     * One look: whether it began after the deadline and after the settling time, what counts, what
     * the filter excluded and why, and the periodic tasks that have not begun a run since the first
     * look that saw them.
     */
    private record Look(boolean afterTheDeadline, boolean afterSettling, List<Finding> pending,
                        List<ScopeCheck.Excluded> excluded, Set<String> periodicUnsettled, boolean awaitsAWake) {

        static Look of(Deadline deadline, boolean afterTheDeadline, boolean afterSettling, long began,
                       List<Finding> findings, FindingFilter filter, Map<String, Integer> firstRuns, Wakes wakes,
                       Map<String, String> deferred) {
            long now = System.nanoTime();
            List<Finding> pending = new ArrayList<>();
            List<ScopeCheck.Excluded> excluded = new ArrayList<>();
            Set<String> periodicUnsettled = new HashSet<>();
            boolean awaitsAWake = false;
            for (Finding f : findings) {
                String why = deferred.containsKey(f.key()) ? deferred.get(f.key()) : filter.excludes(f);
                if (why != null) {
                    excluded.add(new ScopeCheck.Excluded(f, why));
                    continue;
                }
                pending.add(f);
                if (f.periodicTask() && f.runsBegun() <= firstRuns.computeIfAbsent(f.key(), k -> f.runsBegun())) {
                    periodicUnsettled.add(f.key());
                }
            }
            Set<String> poolsLeftRunning = poolsLeftRunning(pending);
            for (Iterator<Finding> i = pending.iterator(); i.hasNext(); ) {
                Finding f = i.next();
                if (wakes == null || runsIn(f, poolsLeftRunning) || !wakes.awaited(f, began, now)) {
                    continue;
                }
                // only a wake past the grace period: a short loop is seen to wait again within it, as
                // before; one of unknown end once it was watched long enough to see a short loop so
                Long end = wakes.endOf(f.key());
                boolean pastTheGrace = end == null ? afterTheDeadline || wakes.watchedLongEnough(f.key(), now)
                        : end - now > deadline.remainingNanos();
                String later = pastTheGrace ? filter.defersWake(f) : null;
                if (later == null) {
                    awaitsAWake = true;
                } else { // judged later: left out now and at each later look, whatever it does meanwhile
                    deferred.put(f.key(), later);
                    excluded.add(new ScopeCheck.Excluded(f, later));
                    periodicUnsettled.remove(f.key());
                    i.remove();
                }
            }
            deferBehind(pending, excluded, filter, deferred, periodicUnsettled);
            return new Look(afterTheDeadline, afterSettling, pending, excluded, periodicUnsettled, awaitsAWake);
        }

        /**
         * Moves from {@code pending} to {@code excluded} each finding whose thread waits on one whose
         * wake is deferred, or on one so moved ({@link FindingFilter#defersBehind}), and keeps it
         * deferred at later looks as a wake is.
         */
        private static void deferBehind(List<Finding> pending, List<ScopeCheck.Excluded> excluded, FindingFilter filter,
                                        Map<String, String> deferred, Set<String> periodicUnsettled) {
            Set<Long> deferredThreads = new HashSet<>();
            Map<String, Integer> deferredTasksByPool = new HashMap<>();
            for (ScopeCheck.Excluded e : excluded) {
                Leak leak = e.finding().leak();
                if (deferred.containsKey(e.finding().key()) && leak.thread() != null) {
                    deferredThreads.add(leak.thread().id());
                }
                if (deferred.containsKey(e.finding().key()) && asleepInItsPool(leak)) {
                    deferredTasksByPool.merge(leak.task().executor(), 1, Integer::sum);
                }
            }
            for (Iterator<Finding> i = pending.iterator(); i.hasNext(); ) {
                Finding f = i.next();
                String later = runsOnlyDeferredTasks(f, deferredTasksByPool) ? filter.defersBehind(f) : null;
                if (later != null) {
                    deferred.put(f.key(), later);
                    excluded.add(new ScopeCheck.Excluded(f, later));
                    i.remove();
                }
            }
            boolean moved = !deferredThreads.isEmpty();
            while (moved) { // a chain: blocked behind one blocked behind a sleeper
                moved = false;
                for (Iterator<Finding> i = pending.iterator(); i.hasNext(); ) {
                    Finding f = i.next();
                    BlockedOn on = f.leak().blockedOn();
                    String later = on != null && on.owner() != null && f.leak().thread() != null
                            && deferredThreads.contains(on.owner().id()) ? filter.defersBehind(f) : null;
                    if (later != null) {
                        deferred.put(f.key(), later);
                        excluded.add(new ScopeCheck.Excluded(f, later));
                        periodicUnsettled.remove(f.key());
                        deferredThreads.add(f.leak().thread().id());
                        i.remove();
                        moved = true;
                    }
                }
            }
        }

        /**
         * Whether {@code f} is a pool whose workers end when idle, with nothing queued, running only
         * tasks whose wakes were deferred: when they end, its workers do, so its verdict is theirs.
         * Judged apart, logback's socket connector, asleep 30 s between tries on a pool of its
         * context (workers idle 100 ms end), failed its test through the pool ("1 active") and its
         * class again through the task the pool ran (JDK 17, where a sleep's end is not seen).
         */
        private static boolean runsOnlyDeferredTasks(Finding f, Map<String, Integer> deferredTasksByPool) {
            ExecutorInfo e = f.leak().executor();
            Integer tasks = e == null ? null : deferredTasksByPool.get(e.identity());
            return f.leak().kind() == LeakKind.EXECUTOR && tasks != null && e.activeTasks() != null
                    && e.activeTasks() > 0 && e.activeTasks() <= tasks && (e.queuedTasks() == null || e.queuedTasks() == 0)
                    && !workersOutliveAWake(e.idleWorkersEndAfterMillis());
        }

        /**
         * Whether {@code leak} is a task told as running on a pool whose worker sleeps: in its
         * code, surely, where a wait on a queue may be the pool's own keep-alive, its task returned
         * ({@code submit(...).get()} returns before the worker lets the task go, and the full
         * extension suite saw a pool left for the class's end on such a wait).
         */
        private static boolean asleepInItsPool(Leak leak) {
            return leak.kind() == LeakKind.TASK && leak.task() != null && leak.task().executor() != null
                    && "running".equals(leak.task().state()) && leak.blockedOn() != null && leak.blockedOn().sleeping();
        }

        /** Nothing left, or nothing left that waiting until {@code deadline} could end. */
        boolean nothingToWaitFor(Deadline deadline) {
            long remainingMillis = deadline.remainingNanos() / 1_000_000;
            for (Finding f : pending) {
                boolean settled = f.periodicTask() ? !periodicUnsettled.contains(f.key()) : f.settled();
                if (!settled && !f.wakesAfter(remainingMillis)) {
                    return false;
                }
            }
            return true;
        }

        /** Detached: a result holds no live thread. */
        ScopeCheck result() {
            List<Finding> leaks = new ArrayList<>(pending.size());
            for (Finding f : pending) {
                leaks.add(f.detached());
            }
            List<ScopeCheck.Excluded> left = new ArrayList<>(excluded.size());
            for (ScopeCheck.Excluded e : excluded) {
                left.add(new ScopeCheck.Excluded(e.finding().detached(), e.reason()));
            }
            return new ScopeCheck(leaks, left, List.of(), List.of());
        }
    }

    /**
     * The timed waits begun before the scope ended that a check waits to see end: each one's end,
     * by its finding's key, or the last look that saw it still in that wait, if later; a thread is
     * awaited while it is in that wait and for {@link #SETTLING} after, for its way out, unless it
     * is in a wait begun after the scope ended by then (it woke and waits again: a loop that goes on).
     */
    private static final class Wakes {
        /** What a thread seen to wake and wait again says, after how long it was still alive. */
        static final String WAITS_AGAIN = "it woke from the timed wait it was in and waits again";

        private final long endedNanos;
        private final Map<String, Long> ends = new HashMap<>();
        private final UnknownEnds unknownEnds = new UnknownEnds();
        /** The threads that, at the last look, had woken from the wait they were in and waited again. */
        private final Set<String> waitingAgain = new HashSet<>();
        /** When, at the latest, the wait begun since the scope ended that the last look saw each thread in began (nanoTime). */
        private final Map<String, Long> laterWaitBegan = new HashMap<>();

        /** When this began to watch: a check may look first without it (the agent's early heap look). */
        private final long watchingSince = System.nanoTime();

        Wakes(long endedNanos) {
            this.endedNanos = endedNanos;
        }

        /** The end ({@link System#nanoTime()}) of the wait awaited for {@code key}, or null when it is not known. */
        Long endOf(String key) {
            return ends.get(key);
        }

        /**
         * Whether the wait of unknown end {@code key}'s thread is in was watched long enough to leave
         * it to a later check ({@link #UNKNOWN_END_WATCHED}), in it all along: one that ran between
         * two looks may be a loop about to run again (Dubbo's timer wheel ticks every 333 ms, and
         * its tests' checks left it to the class's end) and is watched on, within the grace period.
         * Timed from when this began to watch, not from the scope's end: after the agent's early heap
         * look, half a second had passed at the first look, which saw nothing run.
         */
        boolean watchedLongEnough(String key, long now) {
            return now - watchingSince >= UNKNOWN_END_WATCHED.toNanos() && !unknownEnds.ranOnce(key);
        }

        /** The poll's deadline: the grace period, or later, the latest wake awaited. */
        Deadline limit(Duration grace) {
            long sinceEnd = System.nanoTime() - endedNanos;
            Duration toLongest = LONGEST_WAKE.plus(SETTLING).minusNanos(sinceEnd);
            return Deadline.after(toLongest.compareTo(grace) > 0 ? toLongest : grace);
        }

        /**
         * Whether the look that began at {@code lookBegan} and ended {@code now} awaits {@code f}'s
         * wake. A wait's start is read from how long before the look it began, and the look took
         * time: when in it that was measured is not known, so its start is taken as early as it can
         * have been, and as late, where each errs on the side of the innocent.
         */
        boolean awaited(Finding f, long lookBegan, long now) {
            waitingAgain.remove(f.key());
            BlockedOn on = f.leak().blockedOn();
            if (on != null && on.wakesInMillis() != null && !begunBefore(on, lookBegan, endedNanos)) {
                if (ends.containsKey(f.key()) || anotherLaterWait(f.key(), on, lookBegan, now)) {
                    waitingAgain.add(f.key());
                }
                return false; // in a wait begun since the scope ended: it woke and goes on
            }
            Long wake = wakeOf(f, lookBegan, now, endedNanos);
            if (wake != null) {
                // still in it, even past its end: a thread woken late (a busy machine: a 1.6 s poll
                // seen 1.8 s in) has not yet seen its stop flag; its way out is timed from its last look
                ends.merge(f.key(), Math.max(wake, now), Math::max);
                return true;
            } else {
                switch (unknownEnds.look(f, now, endedNanos)) {
                    case AWAITED -> {
                        return true;
                    }
                    case WAITS_AGAIN -> {
                        waitingAgain.add(f.key());
                        return false;
                    }
                    case OUT_OF_IT -> ends.putIfAbsent(f.key(), now); // on its way out, maybe: as after a known wake
                    default -> {
                        // not such a wait, or awaited no longer
                    }
                }
            }
            Long end = ends.get(f.key());
            return end != null && now - end <= SETTLING.toNanos();
        }

        /**
         * Whether {@code on}, a wait begun since the scope ended, began after the one the last look
         * saw: a loop that the first look caught already back in a wait (Commons Pool's monitor
         * sleeps 20 ms at a time: on JDK 25 it read "a grace period longer than 2.1 s would see
         * whether it ends when it wakes"): it began, at the earliest, after the last one can have,
         * at the latest. Not a guess from when a look ended: a look slowed down (our own suite's,
         * on a busy machine) read one wait as two. The clock of a wait's start is a millisecond's.
         */
        private boolean anotherLaterWait(String key, BlockedOn on, long lookBegan, long now) {
            long since = TimeUnit.MILLISECONDS.toNanos(on.sinceMillis());
            long earliest = lookBegan - since - TimeUnit.MILLISECONDS.toNanos(1);
            Long lastAtTheLatest = laterWaitBegan.put(key, now - since);
            return lastAtTheLatest != null && earliest - lastAtTheLatest > TimeUnit.MILLISECONDS.toNanos(2);
        }

        /**
         * {@code check}, each thread seen to wake and wait again saying so after its reason: why it
         * is a leak; and each still in a timed wait that may end soon after the check saying why
         * the check did not see that end (Log4j's trial: a test's appender asleep for 10 s, whose
         * dispatcher thread ended when it woke).
         */
        ScopeCheck told(ScopeCheck check) {
            List<Finding> leaks = new ArrayList<>(check.leaks().size());
            long now = System.nanoTime();
            Set<String> poolsLeftRunning = poolsLeftRunning(check.leaks());
            for (Finding f : check.leaks()) {
                Leak leak = f.leak();
                String more = waitingAgain.contains(f.key()) ? WAITS_AGAIN
                        : runsIn(f, poolsLeftRunning) ? null : unseenEnd(f, now); // its end would change nothing
                leaks.add(more == null ? f : f.withLeak(leak.withVerdict(leak.verdict(), leak.blockedOn(),
                        leak.reason() == null ? more : leak.reason() + "; " + more, leak.cycle())));
            }
            return new ScopeCheck(leaks, check.excluded(), check.deaths(), check.notes());
        }

        /**
         * Why the check did not see the end of the timed wait {@code f}'s thread is in, where that end
         * may come soon after it: the wait ends later than the check waits ({@code a grace period
         * longer than 8.8 s would see ...}), or its end is not known ({@link #unknownEndOf}); null
         * otherwise. What it does on waking nobody knows: a longer grace period would see.
         */
        private String unseenEnd(Finding f, long now) {
            BlockedOn on = f.leak().blockedOn();
            if (on == null || f.settled() || !inAWait(f.leak())) {
                return null;
            }
            Long wakesIn = on.wakesInMillis();
            if (wakesIn == null) {
                boolean stillInIt = f.leak().thread() != null && "TIMED_WAITING".equals(f.leak().thread().state());
                return stillInIt && unknownEnds.awaitedOnce(f.key()) ? "the end of its timed wait is not known ("
                        + unknownEndOf(f.leak()) + "), and a check waits " + LONGEST_WAKE.toSeconds()
                        + " s at most for such a wait to end" : null;
            }
            long sinceEnd = TimeUnit.NANOSECONDS.toMillis(now - endedNanos);
            if (wakesIn <= 0 || wakesIn > LONGEST_WAIT_TOLD.toMillis() - sinceEnd) { // lengths: no overflow
                return null;
            }
            // Wicket's trial: a loop caught in a wait begun since the scope ended, and in no other at any
            // look, read "a grace period longer than 2.0 s would see" beside its 1 s wait, 17 s old
            long begunAfter = on.sinceMillis() == null ? 0 : sinceEnd - on.sinceMillis();
            return (begunAfter > TimeUnit.NANOSECONDS.toMillis(NEAR_THE_END_NANOS) ? "it went on after that: the timed "
                    + "wait it is in began " + Durations.format(begunAfter) + " later; " : "")
                    + "a grace period longer than " + Durations.format(sinceEnd + wakesIn)
                    + " would see whether it ends when it wakes";
        }
    }

    /**
     * Timed waits whose end the agent cannot know (JDK 17's {@code Thread.sleep}, whose code is
     * native; a timed {@code Object.wait} there): such a thread is awaited until
     * {@link #LONGEST_WAKE} after the scope ended, unless it has run twice since the first look,
     * which the CPU time it used says: a sleeping thread uses none. One back in such a wait so has
     * woken and waits again, a loop that goes on.
     */
    private static final class UnknownEnds {
        /** What a look says of a thread: in such a wait and awaited, back in one after it ran, out of one. */
        enum Seen { NOTHING, AWAITED, WAITS_AGAIN, OUT_OF_IT }

        private final Map<String, Long> cpuAtFirstLook = new HashMap<>();
        /** The CPU time at the last look from the second on, and the keys of those seen to have run before one already. */
        private final Map<String, Long> cpuAtLastLook = new HashMap<>();
        private final Set<String> ranOnce = new HashSet<>();
        /**
         * The keys of those seen to run twice so: loops, said to wait again at every later look in
         * such a wait, not only at the one after a run (whether a check's last look came just after
         * one decided whether a test or its class failed for Dubbo's timer wheel).
         */
        private final Set<String> loops = new HashSet<>();

        /** Whether the thread ran between two looks, from the second on, while in such waits. */
        boolean ranOnce(String key) {
            return ranOnce.contains(key);
        }

        /** Whether a thread was ever awaited so: its first look found it in such a wait. */
        boolean awaitedOnce(String key) {
            return cpuAtFirstLook.containsKey(key);
        }

        Seen look(Finding f, long now, long endedNanos) {
            Thread t = inTheWait(f);
            if (t == null) {
                return Seen.NOTHING;
            }
            Long first = cpuAtFirstLook.get(f.key());
            BlockedOn on = f.leak().blockedOn();
            boolean timed = t.getState() == Thread.State.TIMED_WAITING;
            if (!timed || on != null && on.wakesInMillis() != null || f.settled()) {
                // not such a wait now: one first seen in one is out of it, or ran and waits again
                return first == null ? Seen.NOTHING : !timed ? Seen.OUT_OF_IT
                        : first >= 0 && ThreadCpu.nanos(t) != first ? Seen.WAITS_AGAIN : Seen.NOTHING;
            }
            long cpu = ThreadCpu.nanos(t);
            if (first == null) {
                // not a baseline yet: a thread's state reads TIMED_WAITING a few instructions before it
                // parks, and a look between reads the CPU time those use as a run (ranTwice takes the next)
                cpuAtFirstLook.put(f.key(), cpu);
            } else if (first >= 0 && (loops.contains(f.key()) || ranTwice(f.key(), cpu))) {
                loops.add(f.key());
                return Seen.WAITS_AGAIN; // it woke, and waits again
            }
            return now - endedNanos <= LONGEST_WAKE.toNanos() ? Seen.AWAITED : Seen.NOTHING;
        }

        /**
         * Whether the thread, in a timed wait at every look, ran before this one and before an
         * earlier one since the second: a loop. Once is not enough: a wait that ends by its timeout
         * may be parked again for the microseconds left of it (a sleep woken early, for the rest of
         * it), and a thread about to end so was left as one that goes on. Nor is a run before the
         * second look: the first may have caught the thread on its way into its wait.
         */
        private boolean ranTwice(String key, long cpu) {
            Long last = cpuAtLastLook.put(key, cpu);
            return last != null && cpu != last && !ranOnce.add(key); // already there: it ran before too
        }
    }

    /**
     * Joins the first pending thread that may end (returns when it ends: the earliest a check can
     * pass), else sleeps; either for a while only, backing off, then looks again: what the filter
     * excludes a moment later (a loop entering its graceful shutdown) must end the wait then, not
     * when the joined thread ends or the grace period runs out (Netty's tests waited 2 s for it).
     */
    private static final class Pause implements Deadline.Pause<Look> {
        private Duration sleep = FIRST_POLL;

        @Override
        public void await(Look last, Deadline deadline) throws InterruptedException {
            long remainingMillis = deadline.remainingNanos() / 1_000_000;
            Deadline slice = deadline.remainingNanos() <= sleep.toNanos() ? deadline : Deadline.after(sleep);
            sleep = sleep.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : sleep.multipliedBy(2);
            for (Finding f : last.pending()) {
                if (f.thread() != null && f.couldEndWithin(remainingMillis)) {
                    slice.join(f.thread());
                    return;
                }
            }
            slice.sleep(Duration.ofNanos(slice.remainingNanos()));
        }
    }
}
