package dev.threadleak.api;

import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import java.time.Duration;
import java.util.List;

/**
 * goleak's {@code VerifyNone} for the JVM: open a scope on the current thread, run code, then ask
 * which threads, executors and tasks it started (directly, or through threads it started) are not
 * finished after a grace period. The grace period is polled, not slept: it ends as soon as the
 * last of them does. Needs the agent; without it {@link #open} says how to load it.
 *
 * <pre>{@code
 * LeakScope scope = LeakScope.open("import job");
 * runImport();
 * LeakReport report = scope.check(Duration.ofSeconds(2));
 * if (report.hasLeaks()) throw new AssertionError(report.toText());
 * }</pre>
 */
public final class LeakScope {

    private final String name;
    private final Scope scope;

    private LeakScope(String name, Scope scope) {
        this.name = name;
        this.scope = scope;
    }

    /**
     * A scope owned by the current thread, counting what it starts from now on. What threads it
     * had already started go on to start is not the scope's: a parallel test runner's worker
     * starts other workers, and their tests are not this one's.
     *
     * @throws AgentUnavailableException (an {@link IllegalStateException}) when the agent is not installed
     */
    public static LeakScope open(String name) {
        Scope scope = Threadleak.agent().newScope(new ScopeInfo("scope", name), "the scope ended", t -> false);
        scope.openWindow();
        return new LeakScope(name, scope);
    }

    /**
     * Waits up to {@code grace} for the scope's work to end, then reports what did not.
     *
     * @throws InterruptedException when the thread was interrupted before or during the wait
     */
    public LeakReport check(Duration grace) throws InterruptedException {
        ScopeCheck check = scope.check(grace, FindingFilter.NONE, false);
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting for the work of scope '" + name + "' to end");
        }
        return scope.report(check, List.of());
    }

    public String name() {
        return name;
    }
}
