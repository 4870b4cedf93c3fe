package dev.threadleak.agent;

import dev.threadleak.agent.executors.ExecutorFindings;
import dev.threadleak.agent.executors.ExecutorRegistry;
import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.agent.waits.WaitFacts;
import dev.threadleak.agent.waits.WaitRegistry;
import java.util.List;
import java.util.function.Supplier;

/**
 * The agent's {@link JvmReports}, made when first asked for: by a report, a test's scope, the
 * channel's thread or the main thread's end. Not under {@code premain}: with them come the
 * findings, the wait facts and the synchronizers' internals, a dozen classes that a JVM which
 * never asks for a report does not need to load before its {@code main}.
 */
final class ReportsOnFirstUse implements Supplier<JvmReports> {

    private final ThreadRegistry registry;
    private final ExecutorRegistry executors;
    private final WaitRegistry waits;
    private final AgentOptions options;
    private final JdkAccess jdk;
    private final boolean attached;
    private final String sampledStacks;
    private JvmReports reports;

    ReportsOnFirstUse(ThreadRegistry registry, ExecutorRegistry executors, WaitRegistry waits, AgentOptions options,
                      JdkAccess jdk, boolean attached, String sampledStacks) {
        this.registry = registry;
        this.executors = executors;
        this.waits = waits;
        this.options = options;
        this.jdk = jdk;
        this.attached = attached;
        this.sampledStacks = sampledStacks;
    }

    @Override
    public synchronized JvmReports get() {
        if (reports == null) {
            reports = new JvmReports(registry, new ExecutorFindings(executors, options.stackDepth()),
                    options.queues() ? new WaitFacts(registry, waits, executors, jdk.synchronizers()) : null,
                    options.exclude(), options.stackDepth(), List.of(), sampledStacks, attached);
        }
        return reports;
    }
}
