package dev.threadleak.benchmarks;

/**
 * One number in the table: a score, its error (JMH's 99.9% half-width; NaN when there is none,
 * e.g. for a median of start-up times) and its unit.
 */
record Measurement(double score, double error, String unit) {

    static Measurement withoutError(double score, String unit) {
        return new Measurement(score, Double.NaN, unit);
    }
}
