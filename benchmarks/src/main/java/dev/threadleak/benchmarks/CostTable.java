package dev.threadleak.benchmarks;

import static dev.threadleak.benchmarks.AgentConfig.EMPTY_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.NO_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.THREADLEAK;

import java.io.PrintStream;
import java.util.ArrayList;
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
    static final String EXECUTOR_BATCH = "executor submit+run, batched";
    static final String EXECUTOR_SUBMIT_GET = "executor submit+get";
    static final String ARRAY_OFFER_POLL = "ArrayBlockingQueue offer+poll";
    static final String ARRAY_PUT_TAKE = "ArrayBlockingQueue put+take";
    static final String LINKED_OFFER_POLL = "LinkedBlockingQueue offer+poll";
    static final String LINKED_PUT_TAKE = "LinkedBlockingQueue put+take";
    static final String FUTURE_TASK_GET = "completed FutureTask.get";
    static final String COMPLETABLE_FUTURE_JOIN = "completed CompletableFuture.join";
    static final String QUEUE_HANDOFF = "queue handoff, 2 threads";
    static final String STARTUP_TO_END_OF_MAIN = "start-up to end of main";
    static final String STARTUP_TO_EXIT = "start-up to exit";
    static final String PROOF_COMMAND = "dump --prove, 100,000 parked virtual threads";
    static final String PROOF = "  its heap proof";
    static final String PROOF_DUMP = "    the target writing its heap";
    static final String PROOF_ANALYSIS = "    the CLI analysing it";

    static final List<String> ROWS = List.of(PLATFORM, VIRTUAL, EXECUTOR_BATCH, EXECUTOR_SUBMIT_GET,
            ARRAY_OFFER_POLL, ARRAY_PUT_TAKE, LINKED_OFFER_POLL, LINKED_PUT_TAKE, FUTURE_TASK_GET,
            COMPLETABLE_FUTURE_JOIN, QUEUE_HANDOFF, STARTUP_TO_END_OF_MAIN, STARTUP_TO_EXIT, PROOF_COMMAND, PROOF,
            PROOF_DUMP, PROOF_ANALYSIS, TelemetryCost.REPORT_OFF, TelemetryCost.REPORT_ON, TelemetryCost.VIRTUAL_OFF,
            TelemetryCost.VIRTUAL_ON);

    /** Rows where the agent must cost nothing until a thread parks (issue 4's target for each). */
    private static final List<String> WAIT_ROWS = List.of(ARRAY_OFFER_POLL, ARRAY_PUT_TAKE, LINKED_OFFER_POLL,
            LINKED_PUT_TAKE, FUTURE_TASK_GET, COMPLETABLE_FUTURE_JOIN, QUEUE_HANDOFF);

    private static final int COLUMN_WIDTH = 20;

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

    /**
     * The targets of issues 2 (threads, start-up), 3 (executors) and 4 (queues and futures), then
     * context: the empty agent's own cost is the floor.
     */
    private static final List<Comparison> COMPARISONS = comparisons();

    private static List<Comparison> comparisons() {
        List<Comparison> list = new ArrayList<>();
        list.add(Comparison.ratio(PLATFORM, THREADLEAK, NO_AGENT, 1.05));
        list.add(Comparison.ratio(VIRTUAL, THREADLEAK, EMPTY_AGENT, 1.15));
        list.add(Comparison.ratio(EXECUTOR_BATCH, THREADLEAK, NO_AGENT, 1.15));
        list.add(Comparison.ratio(EXECUTOR_SUBMIT_GET, THREADLEAK, NO_AGENT, 1.15));
        WAIT_ROWS.forEach(row -> list.add(Comparison.ratio(row, THREADLEAK, NO_AGENT, 1.10)));
        list.add(Comparison.difference(STARTUP_TO_END_OF_MAIN, THREADLEAK, NO_AGENT, 250));
        list.add(Comparison.ratio(PLATFORM, THREADLEAK, EMPTY_AGENT, Double.NaN));
        list.add(Comparison.ratio(VIRTUAL, EMPTY_AGENT, NO_AGENT, Double.NaN));
        list.add(Comparison.ratio(VIRTUAL, THREADLEAK, NO_AGENT, Double.NaN));
        list.add(Comparison.ratio(EXECUTOR_BATCH, THREADLEAK, EMPTY_AGENT, Double.NaN));
        list.add(Comparison.difference(STARTUP_TO_END_OF_MAIN, EMPTY_AGENT, NO_AGENT, Double.NaN));
        list.add(Comparison.difference(STARTUP_TO_EXIT, THREADLEAK, NO_AGENT, Double.NaN));
        return List.copyOf(list);
    }

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
        int rowWidth = 2 + ROWS.stream().mapToInt(row -> label(row).length()).max().orElse(0);
        out.print(pad("", rowWidth));
        columns.forEach(column -> out.print(pad(column, COLUMN_WIDTH)));
        out.println();
        for (String row : ROWS) {
            if (rows.containsKey(row)) {
                Map<String, Measurement> byColumn = rows.get(row);
                out.print(pad(label(row), rowWidth));
                columns.forEach(column -> out.print(pad(format(byColumn.get(column)), COLUMN_WIDTH)));
                out.println();
            } else if (skipped.containsKey(row)) {
                out.println(pad(row, rowWidth) + "skipped: " + skipped.get(row));
            }
        }

        out.println();
        int comparisonWidth = 2 + COMPARISONS.stream().mapToInt(c -> describe(c).length()).max().orElse(0);
        out.println(pad("comparison", comparisonWidth) + pad("measured", 18) + pad("target", 12) + "verdict");
        for (Comparison comparison : COMPARISONS) {
            Map<String, Measurement> byColumn = rows.get(comparison.row());
            if (byColumn == null || !byColumn.containsKey(comparison.numerator())
                    || !byColumn.containsKey(comparison.denominator())) {
                // A target whose row was not asked for (--only) says so; context just stays out.
                if (comparison.hasTarget() && (byColumn != null || skipped.containsKey(comparison.row()))) {
                    out.println(pad(describe(comparison), comparisonWidth) + pad("-", 18)
                            + pad(target(comparison), 12) + "not measured");
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
            out.println(pad(describe(comparison), comparisonWidth) + pad(measured, 18) + pad(target(comparison), 12)
                    + verdict);
        }
    }

    private String label(String row) {
        Map<String, Measurement> byColumn = rows.get(row);
        return byColumn == null ? row : row + " (" + byColumn.values().iterator().next().unit() + ")";
    }

    /** {@code text} and at least one space, to {@code width} columns. */
    private static String pad(String text, int width) {
        return text.length() < width ? text + " ".repeat(width - text.length()) : text + " ";
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

    /**
     * Three significant digits or more: a completed future's get takes under a nanosecond, and
     * "0.6" would hide the difference the comparison is about.
     */
    private static String format(Measurement measurement) {
        if (measurement == null) {
            return "-";
        }
        double score = measurement.score();
        int decimals = score >= 10 ? 1 : score >= 1 ? 2 : 3;
        return Double.isNaN(measurement.error())
                ? String.format("%." + decimals + "f", score)
                : String.format("%." + decimals + "f +- %." + decimals + "f", score, measurement.error());
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
