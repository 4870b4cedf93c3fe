package dev.threadleak.agent.scope;

import dev.threadleak.agent.AgentRuntime;
import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.io.Deadline;
import dev.threadleak.report.Death;
import dev.threadleak.report.Durations;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import java.time.Duration;
import java.util.List;

/**
 * goleak's {@code VerifyNone} for the JVM: open a scope on the current thread, run code, then ask
 * which threads it started (directly, or through threads it started) are still alive after a
 * grace period. The grace period is polled, not slept: it ends as soon as the last such thread
 * does. Needs the agent; without it {@link #open} says how to load it.
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
    private final long owner;
    private final long sequence;
    private final long[] startedBefore;
    private final JvmReports reports;

    private LeakScope(String name, long owner, long sequence, long[] startedBefore, JvmReports reports) {
        this.name = name;
        this.owner = owner;
        this.sequence = sequence;
        this.startedBefore = startedBefore;
        this.reports = reports;
    }

    /**
     * A scope owned by the current thread, counting what it starts from now on. What threads it
     * had already started go on to start is not the scope's: a parallel test runner's worker
     * starts other workers, and their tests are not this one's.
     */
    public static LeakScope open(String name) {
        AgentRuntime runtime = AgentRuntime.current();
        long owner = Thread.currentThread().getId();
        return new LeakScope(name, owner, runtime.registry().currentSequence(),
                runtime.reports().liveDescendantsOf(owner), runtime.reports());
    }

    /** Waits up to {@code grace} for the scope's threads to end, then reports those that did not. */
    public LeakReport check(Duration grace) throws InterruptedException {
        long graceMillis = grace.toMillis();
        String reason = "still alive " + Durations.format(graceMillis) + " after the scope ended";
        List<Leak> leaks = Deadline.after(grace).pollUntil(() -> reports.startedBy(owner, sequence, startedBefore, reason),
                List::isEmpty, (last, deadline) -> waitForAnyToEnd(deadline));
        List<Death> deaths = reports.deathsStartedBy(owner, sequence);
        return reports.report(new ScopeInfo("scope", name), leaks, deaths);
    }

    /** Joins the first still-running thread of the scope; returns when it ends or time is up. */
    private void waitForAnyToEnd(Deadline deadline) throws InterruptedException {
        for (Thread t : reports.threadsStartedBy(owner, sequence, startedBefore)) {
            deadline.join(t);
            return;
        }
    }

    public String name() {
        return name;
    }
}
