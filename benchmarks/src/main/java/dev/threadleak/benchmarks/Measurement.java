package dev.threadleak.benchmarks;

import java.util.List;

/**
 * One cell of the table: a score, its error (a {@value Interval#PERCENT}% half-width; NaN when
 * there is none, e.g. for a median of start-up times), its unit, and the value of each round it
 * was measured in ({@code NaN} for a round that left it out), which is what targets are judged on
 * (see {@link Interval}), and whether its score is the median of those rounds (a difference of two
 * medians is then judged as a median too, whatever the number of rounds).
 */
record Measurement(double score, double error, String unit, List<Double> rounds, boolean median) {

    Measurement {
        rounds = List.copyOf(rounds);
    }

    Measurement(double score, double error, String unit, List<Double> rounds) {
        this(score, error, unit, rounds, false);
    }

    /** A score without rounds: judged as one sample. */
    Measurement(double score, double error, String unit) {
        this(score, error, unit, List.of(score));
    }

    static Measurement withoutError(double score, String unit) {
        return new Measurement(score, Double.NaN, unit);
    }

    /** The mean of one value per round (per fork), with the half-width of its interval. */
    static Measurement ofRounds(List<Double> rounds, String unit) {
        Interval mean = Interval.value(rounds);
        double error = mean.hasWidth() ? mean.high() - mean.estimate() : Double.NaN;
        return new Measurement(mean.estimate(), error, unit, rounds);
    }

    /** The median of one value per round (launches, runs): a burst of load moves it little. */
    static Measurement medianOfRounds(List<Double> rounds, String unit) {
        return new Measurement(StartupTimer.median(rounds.stream().filter(v -> !Double.isNaN(v)).toList()), Double.NaN,
                unit, rounds, true);
    }
}
