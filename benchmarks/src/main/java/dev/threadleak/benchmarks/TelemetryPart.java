package dev.threadleak.benchmarks;

import java.util.List;

/**
 * What the JFR events cost, under the threadleak agent, with and without a recording of them
 * ({@link TelemetryCost}), as the part {@code telemetry}: a report with its events must cost
 * little more than one without, and a virtual thread's start nothing more.
 */
final class TelemetryPart implements CostPart {

    @Override
    public String name() {
        return "telemetry";
    }

    @Override
    public List<String> rows() {
        return TelemetryCost.ROWS;
    }

    @Override
    public List<Target> targets() {
        return List.of(
                Target.ratioOfRows(TelemetryCost.VIRTUAL_ON, TelemetryCost.VIRTUAL_OFF, AgentConfig.THREADLEAK, 1.10),
                Target.ratioOfRows(TelemetryCost.REPORT_ON, TelemetryCost.REPORT_OFF, AgentConfig.THREADLEAK,
                        Double.NaN));
    }

    @Override
    public void measure(CostRun run, CostTable table) throws Exception {
        new TelemetryCost(run.settings()).measure(run.config(AgentConfig.THREADLEAK), table);
    }
}
