package dev.threadleak.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The grace period of a check, the same for every kind of scope: waits for a scope's findings to
 * end, polling, and returns what is left when none is left or time is up. It joins the next
 * thread still alive, so it returns the moment the last one ends; what cannot be joined (an
 * executor waiting to be shut down, a task, a thread known only from a thread dump) is looked at
 * again after short sleeps. What the filter excludes neither counts nor makes it wait.
 *
 * <p>An interrupt ends the wait early, with what is left then; the thread's interrupt status is
 * set again before returning. A status already set on entry (a test may leave its own set) is put
 * aside for the wait and set again after.
 */
public final class GracePeriod {

    /** For what cannot be joined: look again after this, doubling up to {@link #MAX_POLL_NANOS}. */
    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private GracePeriod() {
    }

    /**
     * Polls {@code findings} for up to {@code grace}. The result's findings are detached; it has
     * no deaths and no notes.
     */
    public static ScopeCheck await(Duration grace, Supplier<List<Finding>> findings, FindingFilter filter) {
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + grace.toNanos();
        List<Finding> pending = List.of();
        List<ScopeCheck.Excluded> excluded = List.of();
        long poll = FIRST_POLL_NANOS;
        try {
            while (true) {
                pending = new ArrayList<>();
                excluded = new ArrayList<>();
                for (Finding f : findings.get()) {
                    String why = filter.excludes(f);
                    if (why == null) {
                        pending.add(f);
                    } else {
                        excluded.add(new ScopeCheck.Excluded(f, why));
                    }
                }
                long left = deadline - System.nanoTime();
                if (pending.isEmpty() || left <= 0) {
                    break;
                }
                if (!joinedOne(pending, left)) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(left, poll));
                    poll = Math.min(poll * 2, MAX_POLL_NANOS);
                }
            }
        } catch (InterruptedException e) {
            interrupted = true; // report what is alive now
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return new ScopeCheck(detached(pending), detachedExcluded(excluded), List.of(), List.of());
    }

    /** Joins the first pending thread: returns when it ends (the earliest a check can pass) or time is up. */
    private static boolean joinedOne(List<Finding> pending, long nanos) throws InterruptedException {
        for (Finding f : pending) {
            if (f.thread() != null) {
                f.thread().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
                return true;
            }
        }
        return false;
    }

    private static List<Finding> detached(List<Finding> findings) {
        List<Finding> result = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            result.add(f.detached());
        }
        return result;
    }

    private static List<ScopeCheck.Excluded> detachedExcluded(List<ScopeCheck.Excluded> excluded) {
        List<ScopeCheck.Excluded> result = new ArrayList<>(excluded.size());
        for (ScopeCheck.Excluded e : excluded) {
            result.add(new ScopeCheck.Excluded(e.finding().detached(), e.reason()));
        }
        return result;
    }
}
