package dev.threadleak.benchmarks;

import java.util.Locale;

/**
 * A comparison the table prints: one cell ({@code row}, {@code column}) against a limit, alone or
 * as a ratio or difference to a base cell measured in the same rounds. With a NaN limit it is
 * context only (e.g. the empty agent's own cost), printed without a verdict. A part declares its
 * targets beside its rows ({@link CostPart#targets()}).
 */
record Target(String row, String column, String baseRow, String baseColumn, Kind kind, double limit, String unit) {

    enum Kind { RATIO, DIFFERENCE, VALUE }

    /** {@code row}'s {@code numerator} column over its {@code denominator} column, at most {@code limit}. */
    static Target ratio(String row, String numerator, String denominator, double limit) {
        return new Target(row, numerator, row, denominator, Kind.RATIO, limit, "");
    }

    /** {@code row} over {@code baseRow}, both in {@code column}. */
    static Target ratioOfRows(String row, String baseRow, String column, double limit) {
        return new Target(row, column, baseRow, column, Kind.RATIO, limit, "");
    }

    /** {@code row}'s {@code numerator} column minus its {@code denominator} column, at most {@code limit} {@code unit}. */
    static Target difference(String row, String numerator, String denominator, double limit, String unit) {
        return new Target(row, numerator, row, denominator, Kind.DIFFERENCE, limit, unit);
    }

    /** {@code row}'s {@code column} itself, at most {@code limit} {@code unit}. */
    static Target atMost(String row, String column, double limit, String unit) {
        return new Target(row, column, null, null, Kind.VALUE, limit, unit);
    }

    boolean hasLimit() {
        return !Double.isNaN(limit);
    }

    /** What it compares, as the table's first column says it. */
    String describe() {
        return switch (kind) {
            case VALUE -> row + ": " + column;
            case RATIO, DIFFERENCE -> {
                String operator = kind == Kind.RATIO ? " / " : " - ";
                yield row.equals(baseRow) ? row + ": " + column + operator + baseColumn : row + operator + baseRow;
            }
        };
    }

    String describeLimit() {
        if (!hasLimit()) {
            return "";
        }
        return switch (kind) {
            case RATIO -> String.format(Locale.ROOT, "<= %.2f", limit);
            case DIFFERENCE -> String.format(Locale.ROOT, "<= %+.0f %s", limit, unit);
            case VALUE -> String.format(Locale.ROOT, "<= %s %s", number(limit), unit);
        };
    }

    /** This comparison's interval from the cells' rounds. */
    Interval interval(Measurement cell, Measurement base) {
        return switch (kind) {
            case RATIO -> Interval.ratio(cell.rounds(), base.rounds());
            case DIFFERENCE -> Interval.difference(cell.rounds(), base.rounds(), cell.median() && base.median());
            case VALUE -> Interval.value(cell.rounds());
        };
    }

    /**
     * ok when the whole interval is within the limit, MISS when all of it is beyond, "within
     * noise" when it straddles the limit: more rounds (or a quieter machine) would be needed to
     * tell. One round has no interval: its verdict says so.
     */
    Verdict judge(Interval interval) {
        if (!hasLimit()) {
            return Verdict.CONTEXT;
        }
        if (Double.isNaN(interval.estimate())) {
            return Verdict.NOT_MEASURED;
        }
        if (!interval.hasWidth()) {
            return interval.estimate() <= limit ? Verdict.OK_ONE_ROUND : Verdict.MISS_ONE_ROUND;
        }
        if (interval.high() <= limit) {
            return Verdict.OK;
        }
        return interval.low() > limit ? Verdict.MISS : Verdict.WITHIN_NOISE;
    }

    /** The estimate and its interval, in this comparison's terms. */
    String describe(Interval interval) {
        String estimate = format(interval.estimate());
        if (!interval.hasWidth()) {
            return estimate;
        }
        return estimate + " [" + format(interval.low()) + ", " + format(interval.high()) + "]";
    }

    private String format(double value) {
        return switch (kind) {
            case RATIO -> String.format(Locale.ROOT, "%.3f", value);
            case DIFFERENCE -> String.format(Locale.ROOT, "%+.0f", value) + (unit.isEmpty() ? "" : " " + unit);
            case VALUE -> number(value) + (unit.isEmpty() ? "" : " " + unit);
        };
    }

    private static String number(double value) {
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    enum Verdict {
        OK("ok"), MISS("MISS"), WITHIN_NOISE("within noise"), OK_ONE_ROUND("ok (1 round, no interval)"),
        MISS_ONE_ROUND("MISS (1 round, no interval)"), NOT_MEASURED("not measured"), CONTEXT("(context)");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
