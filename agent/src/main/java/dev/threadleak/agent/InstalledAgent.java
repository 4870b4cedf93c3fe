package dev.threadleak.agent;

import dev.threadleak.agent.executors.TaskRecording;
import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.agent.scope.ScopeEngine;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.api.Agent;
import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.Scope;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The installed agent as in-process clients see it: the one instance registered with {@code Threadleak}. */
final class InstalledAgent implements Agent {

    private final ThreadRegistry registry;
    private final Supplier<JvmReports> reports;
    private final TaskRecording tasks;
    private final Supplier<Class<?>[]> loadedClasses;
    /** Made with the first scope: a JVM without a test framework never opens one. */
    private volatile ScopeEngine scopes;

    InstalledAgent(ThreadRegistry registry, Supplier<JvmReports> reports, TaskRecording tasks,
                   Supplier<Class<?>[]> loadedClasses) {
        this.registry = registry;
        this.reports = reports;
        this.tasks = tasks;
        this.loadedClasses = loadedClasses;
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public Scope newScope(ScopeInfo scope, String ending, Predicate<Thread> runnerThreads) {
        ScopeEngine engine = scopes;
        if (engine == null) {
            engine = new ScopeEngine(registry, reports.get(), tasks, loadedClasses); // two made at once: either serves
            scopes = engine;
        }
        return engine.newScope(scope, ending, runnerThreads);
    }

    /** Whether a scope was ever opened here: a test framework's extension did. */
    boolean openedAScope() {
        return scopes != null;
    }

    @Override
    public Duration heapProofTime() {
        return ScopeEngine.heapProofTime();
    }

    @Override
    public ProofSharing sharingProofs(List<Scope> scopes, FindingFilter filter) {
        return ScopeEngine.sharingProofs(scopes, filter);
    }

    @Override
    public LeakReport liveReport(Duration minAge) {
        return reports.get().live(minAge.toMillis());
    }
}
