package dev.threadleak.agent.scope;

import dev.threadleak.agent.executors.TaskRecording;
import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.api.Agent;
import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.Scope;
import dev.threadleak.report.ScopeInfo;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Opens scopes over the agent's registries; see the package for the rules they follow. */
public final class ScopeEngine {

    private final ThreadRegistry registry;
    private final JvmReports reports;
    private final TaskRecording tasks;
    private final SingletonFields singletons;

    /**
     * {@code tasks} is told when windows open and close: tasks submitted meanwhile get records.
     * {@code loadedClasses}: every class the JVM has loaded, to read again the static fields a
     * proof found holding a singleton ({@link SingletonFields}).
     */
    public ScopeEngine(ThreadRegistry registry, JvmReports reports, TaskRecording tasks,
                       Supplier<Class<?>[]> loadedClasses) {
        this.registry = registry;
        this.reports = reports;
        this.tasks = tasks;
        this.singletons = new SingletonFields(loadedClasses);
    }

    /** A scope with no window open yet; see {@link dev.threadleak.api.Agent#newScope}. */
    public Scope newScope(ScopeInfo info, String ending, Predicate<Thread> runnerThreads) {
        registry.sites().keepEveryStack(); // to tell what class initializers made (see CreationSites)
        registry.rememberRunners(runnerThreads);
        return new LineageScope(registry, reports, tasks, info, ending, runnerThreads, singletons);
    }

    /** Shares the heap proofs of {@code scopes}' checks until closed; see {@link Agent#sharingProofs}. */
    public static Agent.ProofSharing sharingProofs(List<Scope> scopes, FindingFilter filter) {
        return SharedProofs.among(scopes, filter);
    }

    /** How long the heap proofs of this JVM's scope checks took in all; see {@link dev.threadleak.api.Agent#heapProofTime}. */
    public static Duration heapProofTime() {
        return HeapProofRun.total();
    }
}
