package dev.threadleak.api;

/**
 * Says which findings a check leaves out: a thread the caller knows to be benign, or one an
 * earlier check already judged. What it excludes neither counts as a leak nor makes the check wait.
 */
@FunctionalInterface
public interface FindingFilter {

    /** Excludes nothing. */
    FindingFilter NONE = finding -> null;

    /** Why {@code finding} is left out of the check (a report may say so), or null when it counts. */
    String excludes(Finding finding);

    /**
     * Why a check need not wait for the timed wait {@code finding} is in, begun before the scope
     * ended and ending soon after, but past the grace period (or of an end not known, once it was
     * watched for half a second in which it did not run, or the grace period has passed), which
     * {@link GracePeriod#awaitingWakes} would wait out: a later
     * check judges it (a test class's end, once for all its tests: Javalin starts a thread per app
     * that sleeps 5 s and ends, and its tests took 5 s each). The finding is then left out with
     * that reason, at every later look of the check too; null (the default) waits for it.
     */
    default String defersWake(Finding finding) {
        return null;
    }

    /**
     * Why a check need not wait for {@code finding} either, whose thread waits on one whose wake
     * this filter {@linkplain #defersWake deferred} (the wait's owner: the thread holding the
     * monitor it waits to enter or the lock it parks on, the thread it joins, the worker running the
     * task whose result it awaits): it ends no sooner than that one wakes, and the later check
     * that judges one judges both. Without it, a thread blocked behind a sleeper failed its test
     * while the sleeper, which ended a moment later and let it go, passed. Null (the default) waits.
     */
    default String defersBehind(Finding finding) {
        return null;
    }
}
