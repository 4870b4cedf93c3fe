package dev.threadleak.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.ListStatistics;

/**
 * What the JFR events cost ({@code --only telemetry}), under the threadleak agent only, with and
 * without a recording of them: a report ({@link ScopeReportEvents}), where the events are made,
 * and a virtual thread's start ({@link RecordedVirtualThreadStartJoin}), where they must add
 * nothing. Each pair runs its forks back to back, so load drift on a shared machine falls on both.
 */
final class TelemetryCost {

    static final String REPORT_OFF = "scope report, 100 parked threads, no JFR";
    static final String REPORT_ON = "scope report, 100 parked threads, JFR on";
    static final String VIRTUAL_OFF = "virtual start+join, no JFR";
    static final String VIRTUAL_ON = "virtual start+join, JFR on";

    static final List<String> ROWS = List.of(REPORT_OFF, REPORT_ON, VIRTUAL_OFF, VIRTUAL_ON);

    private final RunSettings settings;

    TelemetryCost(RunSettings settings) {
        this.settings = settings;
    }

    void measure(AgentConfig threadleak, CostTable table) throws RunnerException {
        measure(threadleak, table, ScopeReportEvents.class.getName() + ".report", REPORT_OFF, REPORT_ON);
        if (VirtualThreads.available()) {
            measure(threadleak, table, RecordedVirtualThreadStartJoin.class.getName() + ".startJoin", VIRTUAL_OFF,
                    VIRTUAL_ON);
        } else {
            table.skip(VIRTUAL_OFF, "JDK " + Runtime.version().feature() + " has no virtual threads");
        }
    }

    private void measure(AgentConfig threadleak, CostTable table, String benchmark, String offRow, String onRow)
            throws RunnerException {
        List<String> jvmArgs = new ArrayList<>(threadleak.jvmArgs());
        if (Runtime.version().feature() >= 23) {
            jvmArgs.add("--sun-misc-unsafe-memory-access=allow"); // JMH's own warning, as in every other row
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark) + "$")
                .forks(settings.minRounds())
                .warmupIterations(settings.warmupIterations())
                .warmupTime(settings.warmupTime())
                .measurementIterations(settings.measurementIterations())
                .measurementTime(settings.measurementTime())
                .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(true);
        Map<String, ListStatistics> byRecording = new TreeMap<>();
        String unit = "";
        for (RunResult run : new Runner(options.build()).run()) {
            unit = run.getPrimaryResult().getScoreUnit();
            ListStatistics statistics = byRecording.computeIfAbsent(run.getParams().getParam("recording"),
                    r -> new ListStatistics());
            run.getBenchmarkResults().forEach(b -> {
                for (IterationResult iteration : b.getIterationResults()) {
                    statistics.addValue(iteration.getPrimaryResult().getScore());
                }
            });
        }
        for (Map.Entry<String, ListStatistics> e : byRecording.entrySet()) {
            ListStatistics s = e.getValue();
            table.put(e.getKey().equals("on") ? onRow : offRow, threadleak.label(),
                    new Measurement(s.getMean(), s.getMeanErrorAt(0.999), unit));
        }
    }
}
