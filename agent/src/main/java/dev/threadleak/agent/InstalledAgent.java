package dev.threadleak.agent;

import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.agent.scope.ScopeEngine;
import dev.threadleak.api.Agent;
import dev.threadleak.api.Scope;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import java.time.Duration;
import java.util.function.Predicate;

/** The installed agent as in-process clients see it: the one instance registered with {@code Threadleak}. */
final class InstalledAgent implements Agent {

    private final ScopeEngine scopes;
    private final JvmReports reports;

    InstalledAgent(ScopeEngine scopes, JvmReports reports) {
        this.scopes = scopes;
        this.reports = reports;
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public Scope newScope(ScopeInfo scope, String ending, Predicate<Thread> runnerThreads) {
        return scopes.newScope(scope, ending, runnerThreads);
    }

    @Override
    public LeakReport liveReport(Duration minAge) {
        return reports.live(minAge.toMillis());
    }
}
