package dev.threadleak.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The results, one row per measurement and one column per {@link AgentConfig}, followed by the
 * {@link Target}s of the parts that ran, each with its interval and verdict. Rows and targets come
 * from the {@link CostPart}s, in their order. ASCII only: the console of a JDK 17 in a POSIX
 * locale prints anything else as '?'.
 */
final class CostTable {

    private static final int COLUMN_WIDTH = 20;

    private final List<String> columns;
    private final List<String> rowOrder = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final Map<String, Map<String, Measurement>> rows = new LinkedHashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();

    CostTable(List<String> columns, List<? extends CostPart> parts) {
        this.columns = List.copyOf(columns);
        for (CostPart part : parts) {
            rowOrder.addAll(part.rows());
            targets.addAll(part.targets());
        }
    }

    void put(String row, String column, Measurement measurement) {
        if (!rowOrder.contains(row)) {
            throw new IllegalArgumentException("no part declares the row '" + row + "'");
        }
        rows.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(column, measurement);
    }

    void skip(String row, String why) {
        skipped.put(row, why);
    }

    Optional<Measurement> get(String row, String column) {
        return Optional.ofNullable(rows.getOrDefault(row, Map.of()).get(column));
    }

    /** The target's interval from what has been measured so far; empty while a cell is missing. */
    Optional<Interval> interval(Target target) {
        Optional<Measurement> cell = get(target.row(), target.column());
        if (cell.isEmpty()) {
            return Optional.empty();
        }
        if (target.kind() == Target.Kind.VALUE) {
            return Optional.of(target.interval(cell.get(), null));
        }
        return get(target.baseRow(), target.baseColumn()).map(base -> target.interval(cell.get(), base));
    }

    /** Its verdict now: a part that adds rounds until its targets are clear asks this. */
    Target.Verdict verdict(Target target) {
        return interval(target).map(target::judge).orElse(Target.Verdict.NOT_MEASURED);
    }

    void print(PrintStream out) {
        int rowWidth = 2 + rowOrder.stream().mapToInt(row -> label(row).length()).max().orElse(0);
        out.print(pad("", rowWidth));
        columns.forEach(column -> out.print(pad(column, COLUMN_WIDTH)));
        out.println();
        for (String row : rowOrder) {
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
        int width = 2 + targets.stream().mapToInt(t -> t.describe().length()).max().orElse(0);
        int measuredWidth = 30;
        out.println(pad("comparison", width) + pad("measured [" + Interval.PERCENT + "% interval]", measuredWidth)
                + pad("target", 14) + "verdict");
        for (Target target : targets) {
            Optional<Interval> interval = interval(target);
            if (interval.isEmpty()) {
                // A target whose row was asked for but not measured says so; context just stays out.
                if (target.hasLimit() && (rows.containsKey(target.row()) || skipped.containsKey(target.row()))) {
                    out.println(pad(target.describe(), width) + pad("-", measuredWidth) + pad(target.describeLimit(), 14)
                            + Target.Verdict.NOT_MEASURED);
                }
                continue;
            }
            out.println(pad(target.describe(), width) + pad(target.describe(interval.get()), measuredWidth)
                    + pad(target.describeLimit(), 14) + target.judge(interval.get()));
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
                ? String.format(Locale.ROOT, "%." + decimals + "f", score)
                : String.format(Locale.ROOT, "%." + decimals + "f +- %." + decimals + "f", score, measurement.error());
    }
}
