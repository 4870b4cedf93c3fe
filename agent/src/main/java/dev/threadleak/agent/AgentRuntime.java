package dev.threadleak.agent;

import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.agent.reporting.ReportSink;
import dev.threadleak.agent.reporting.Reporter;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.report.LeakReport;

/** The installed agent's parts, for the exit hook, the CLI's channel and JMX (in-process clients use the API). */
public final class AgentRuntime {

    private final AgentOptions options;
    private final ThreadRegistry registry;
    private final JvmReports reports;
    private final ReportSink sink;
    private final Reporter reporter;

    AgentRuntime(AgentOptions options, ThreadRegistry registry, JvmReports reports, ReportSink sink, Reporter reporter) {
        this.options = options;
        this.registry = registry;
        this.reports = reports;
        this.sink = sink;
        this.reporter = reporter;
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
}
