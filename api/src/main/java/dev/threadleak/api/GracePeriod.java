package dev.threadleak.api;

import dev.threadleak.io.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * neither counts nor makes it wait.
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

    private GracePeriod() {
    }

    /**
     * Polls {@code findings} for up to {@code grace}. The result's findings are detached; it has
     * no deaths and no notes.
     */
    public static ScopeCheck await(Duration grace, Supplier<List<Finding>> findings, FindingFilter filter) {
        boolean interrupted = Thread.interrupted();
        Map<String, Integer> firstRuns = new HashMap<>(); // of each periodic task, when first seen
        Deadline deadline = Deadline.after(grace);
        Deadline settling = Deadline.after(grace.compareTo(SETTLING) < 0 ? grace : SETTLING);
        Supplier<Look> look = () -> Look.of(deadline.hasPassed(), findings.get(), filter, firstRuns);
        Predicate<Look> done = l -> l.pending().isEmpty() || settling.hasPassed() && l.nothingToWaitFor(deadline);
        Look last;
        try {
            last = deadline.pollUntil(look, done, new Pause());
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
        return last.result();
    }

    /**
     * One look: whether it began after the deadline, what counts, what the filter excluded and why,
     * and the periodic tasks that have not begun a run since the first look that saw them.
     */
    private record Look(boolean afterTheDeadline, List<Finding> pending, List<ScopeCheck.Excluded> excluded,
                        Set<String> periodicUnsettled) {

        static Look of(boolean afterTheDeadline, List<Finding> findings, FindingFilter filter,
                       Map<String, Integer> firstRuns) {
            List<Finding> pending = new ArrayList<>();
            List<ScopeCheck.Excluded> excluded = new ArrayList<>();
            Set<String> periodicUnsettled = new HashSet<>();
            for (Finding f : findings) {
                String why = filter.excludes(f);
                if (why != null) {
                    excluded.add(new ScopeCheck.Excluded(f, why));
                    continue;
                }
                pending.add(f);
                if (f.periodicTask() && f.runsBegun() <= firstRuns.computeIfAbsent(f.key(), k -> f.runsBegun())) {
                    periodicUnsettled.add(f.key());
                }
            }
            return new Look(afterTheDeadline, pending, excluded, periodicUnsettled);
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
