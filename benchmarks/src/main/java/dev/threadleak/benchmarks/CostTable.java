package dev.threadleak.benchmarks;

import static dev.threadleak.benchmarks.AgentConfig.EMPTY_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.NO_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.THREADLEAK;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results, one row per measurement and one column per {@link AgentConfig}, followed by the
 * comparisons the project has targets for (and a few that only explain them). ASCII only: the
 * console of a JDK 17 in a POSIX locale prints anything else as '?'.
 */
final class CostTable {

    static final String PLATFORM = "platform start+join";
    static final String VIRTUAL = "virtual start+join";
    static final String STARTUP_TO_END_OF_MAIN = "start-up to end of main";
    static final String STARTUP_TO_EXIT = "start-up to exit";

    private static final List<String> ROWS = List.of(PLATFORM, VIRTUAL, STARTUP_TO_END_OF_MAIN, STARTUP_TO_EXIT);

    /**
     * "{@code numerator} compared with {@code denominator} in {@code row}", as a ratio or as a
     * difference; {@code limit} is the target, NaN for a comparison that is there to explain.
     */
    private record Comparison(String row, String numerator, String denominator, boolean difference, double limit) {

        static Comparison ratio(String row, String numerator, String denominator, double limit) {
            return new Comparison(row, numerator, denominator, false, limit);
        }

        static Comparison difference(String row, String numerator, String denominator, double limit) {
            return new Comparison(row, numerator, denominator, true, limit);
        }

        boolean hasTarget() {
            return !Double.isNaN(limit);
        }
    }

    /** The targets of issue 2, then context: the empty agent's own cost is the floor. */
    private static final List<Comparison> COMPARISONS = List.of(
            Comparison.ratio(PLATFORM, THREADLEAK, NO_AGENT, 1.05),
            Comparison.ratio(VIRTUAL, THREADLEAK, EMPTY_AGENT, 1.15),
            Comparison.difference(STARTUP_TO_END_OF_MAIN, THREADLEAK, NO_AGENT, 250),
            Comparison.ratio(PLATFORM, THREADLEAK, EMPTY_AGENT, Double.NaN),
            Comparison.ratio(VIRTUAL, EMPTY_AGENT, NO_AGENT, Double.NaN),
            Comparison.ratio(VIRTUAL, THREADLEAK, NO_AGENT, Double.NaN),
            Comparison.difference(STARTUP_TO_END_OF_MAIN, EMPTY_AGENT, NO_AGENT, Double.NaN),
            Comparison.difference(STARTUP_TO_EXIT, THREADLEAK, NO_AGENT, Double.NaN));

    private final List<String> columns;
    private final Map<String, Map<String, Measurement>> rows = new LinkedHashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();

    CostTable(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    void put(String row, String column, Measurement measurement) {
        rows.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(column, measurement);
    }

    void skip(String row, String why) {
        skipped.put(row, why);
    }

    void print(PrintStream out) {
        out.printf("%-32s", "");
        columns.forEach(column -> out.printf("%-20s", column));
        out.println();
        for (String row : ROWS) {
            Map<String, Measurement> byColumn = rows.get(row);
            if (byColumn != null) {
                String unit = byColumn.values().iterator().next().unit();
                out.printf("%-32s", row + " (" + unit + ")");
                columns.forEach(column -> out.printf("%-20s", format(byColumn.get(column))));
                out.println();
            } else if (skipped.containsKey(row)) {
                out.printf("%-32s%s%n", row, "skipped: " + skipped.get(row));
            }
        }

        out.println();
        out.printf("%-56s%-18s%-12s%s%n", "comparison", "measured", "target", "verdict");
        for (Comparison comparison : COMPARISONS) {
            Map<String, Measurement> byColumn = rows.get(comparison.row());
            if (byColumn == null || !byColumn.containsKey(comparison.numerator())
                    || !byColumn.containsKey(comparison.denominator())) {
                if (comparison.hasTarget()) {
                    out.printf("%-56s%-18s%-12s%s%n", describe(comparison), "-", target(comparison), "not measured");
                }
                continue;
            }
            Measurement numerator = byColumn.get(comparison.numerator());
            Measurement denominator = byColumn.get(comparison.denominator());
            double value = comparison.difference()
                    ? numerator.score() - denominator.score()
                    : numerator.score() / denominator.score();
            String measured = comparison.difference()
                    ? String.format("%+.0f %s", value, numerator.unit())
                    : String.format("%.3f", value) + ratioError(numerator, denominator, value);
            String verdict = comparison.hasTarget() ? (value <= comparison.limit() ? "ok" : "MISS") : "(context)";
            out.printf("%-56s%-18s%-12s%s%n", describe(comparison), measured, target(comparison), verdict);
        }
    }

    private static String describe(Comparison comparison) {
        return comparison.row() + ": " + comparison.numerator()
                + (comparison.difference() ? " - " : " / ") + comparison.denominator();
    }

    private static String target(Comparison comparison) {
        if (!comparison.hasTarget()) {
            return "";
        }
        return comparison.difference()
                ? String.format("<= %+.0f ms", comparison.limit())
                : String.format("<= %.2f", comparison.limit());
    }

    private static String format(Measurement measurement) {
        if (measurement == null) {
            return "-";
        }
        return Double.isNaN(measurement.error())
                ? String.format("%.1f", measurement.score())
                : String.format("%.1f +- %.1f", measurement.score(), measurement.error());
    }

    /** The ratio's error from both scores' relative errors (independent, so in quadrature). */
    private static String ratioError(Measurement numerator, Measurement denominator, double ratio) {
        if (Double.isNaN(numerator.error()) || Double.isNaN(denominator.error())) {
            return "";
        }
        double relative = Math.hypot(numerator.error() / numerator.score(), denominator.error() / denominator.score());
        return String.format(" +- %.3f", ratio * relative);
    }
}
