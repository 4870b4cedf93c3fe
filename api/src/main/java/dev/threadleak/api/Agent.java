package dev.threadleak.api;

import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The threadleak agent installed in this JVM, as code in the same JVM uses it. The agent
 * implements it and registers one instance at install; find it with {@link Threadleak#agent()}.
 */
public interface Agent {

    /**
     * The version of this contract. The agent returns the value it was compiled with from
     * {@link #apiVersion()}; a client whose {@code threadleak-api} has another one is told to use
     * an agent of the same threadleak version.
     */
    int API_VERSION = 1;

    /** {@link #API_VERSION} as it was when the agent was built. */
    int apiVersion();

    /**
     * A new scope, with no window open yet: work belongs to it only while a window is open on the
     * thread that does it ({@link Scope#openWindow()}).
     *
     * @param scope         what the report calls it ({@code test}, {@code class}, {@code scope}, ...)
     * @param ending        what ends it, as the report says of a leak: "still alive 2.0 s after
     *                      {@code the test ended}"
     * @param runnerThreads threads that run other scopes' work too, such as a test runner's
     *                      workers: a window owner's lineage is cut at each of them, so that what
     *                      they (and their descendants) start is never this scope's
     */
    Scope newScope(ScopeInfo scope, String ending, Predicate<Thread> runnerThreads);

    /**
     * What a live JVM shows (the CLI's {@code dump}): threads waiting for at least
     * {@code minAge}, as suspects; tasks that will never run or ignore cancellation; sites with
     * several executors never shut down.
     */
    LeakReport liveReport(Duration minAge);

    /**
     * How long the heap proofs of this JVM's scope checks ({@link Scope#check} with {@code prove})
     * have taken in all, dumps and analyses: what a client that bounds them counts. Zero from an
     * agent that does not count them.
     */
    default Duration heapProofTime() {
        return Duration.ZERO;
    }

    /**
     * Lets the checks of {@code scopes} made until the result is closed share their heap proofs:
     * the first that needs a dump asks it about what each of the scopes still holds then (what
     * {@code filter} does not exclude), and a later one takes that dump's answers while they still
     * hold (it asks about nothing more, none of the scopes' threads has ended since, and each wait it
     * proves waits as it did then), rather than a dump of its own. A test class's end checks again
     * what each of its tests left: one dump in place of one per test. Each check still waits, filters
     * and reports as {@link Scope#check} says; only where its proof comes from changes. Scopes this
     * agent did not make are left as they are; an agent that predates this shares nothing.
     */
    default ProofSharing sharingProofs(List<Scope> scopes, FindingFilter filter) {
        return () -> { };
    }

    /** A stretch of time during which scopes' checks share heap proofs ({@link #sharingProofs}). */
    interface ProofSharing extends AutoCloseable {

        /** Each check after this proves on its own again; idempotent. */
        @Override
        void close();
    }
}
