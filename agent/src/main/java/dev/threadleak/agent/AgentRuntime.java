package dev.threadleak.agent;

import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.agent.reporting.ReportSink;
import dev.threadleak.agent.reporting.Reporter;
import dev.threadleak.agent.threads.ThreadInstrumentation;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.report.LeakReport;

/** The installed agent's parts, for the scope API, the exit hook and (later) JMX. */
public final class AgentRuntime {

    private final AgentOptions options;
    private final ThreadRegistry registry;
    private final JvmReports reports;
    private final ReportSink sink;
    private final Reporter reporter;
    private final ThreadInstrumentation instrumentation;

    AgentRuntime(AgentOptions options, ThreadRegistry registry, JvmReports reports, ReportSink sink, Reporter reporter,
                 ThreadInstrumentation instrumentation) {
        this.options = options;
        this.registry = registry;
        this.reports = reports;
        this.sink = sink;
        this.reporter = reporter;
        this.instrumentation = instrumentation;
    }

    /** The installed agent, or {@link IllegalStateException} saying how to install it. */
    public static AgentRuntime current() {
        Object runtime = AgentState.get();
        if (runtime == null) {
            throw new IllegalStateException("the threadleak agent is not installed in this JVM: "
                    + "run it with -javaagent:threadleak-agent.jar");
        }
        return (AgentRuntime) runtime;
    }

    void atExit() {
        reporter.stop();
        if (options.onExit() && sink.enabled()) {
            try {
                sink.write(reports.atExit(options.prove()));
            } catch (Throwable e) {
                System.err.println("threadleak: could not write the on-exit report: " + e);
            }
        }
    }

    /** The live report the CLI and the interval reporter show: waits older than {@code minAgeMillis}. */
    public LeakReport liveReport(long minAgeMillis) {
        return reports.live(minAgeMillis);
    }

    public AgentOptions options() {
        return options;
    }

    public ThreadRegistry registry() {
        return registry;
    }

    public JvmReports reports() {
        return reports;
    }

    ThreadInstrumentation instrumentation() {
        return instrumentation;
    }
}
