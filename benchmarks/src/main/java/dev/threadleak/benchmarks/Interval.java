package dev.threadleak.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openjdk.jmh.util.ListStatistics;

/**
 * An estimate and its {@value #PERCENT}% confidence interval, from one sample per round. Two
 * configurations measured in the same round ran next to each other in time, so they are compared
 * round by round (paired): load from other work on the machine falls on both, and cancels out of
 * their ratio or difference instead of widening it.
 *
 * <ul>
 * <li>A ratio is the geometric mean of the per-round ratios, with a Student-t interval on their
 *     logarithms: the right interval for a ratio (it is not symmetric around the estimate, and a
 *     ratio of means with errors added in quadrature is not a confidence interval at all).
 * <li>A difference of medians (start-up launches) is the median of the per-round differences,
 *     with the distribution-free interval of a median (order statistics, as the sign test): one
 *     launch slowed down by a burst of load moves neither. A difference of means (JUnit) is the
 *     mean of the per-round differences with a t interval. Which one is the cells' choice, not the
 *     number of rounds: a row that gains rounds must not change estimator midway.
 * <li>A single value is the mean of its rounds with a t interval.
 * </ul>
 * With one round there is no interval ({@link #hasWidth()} is false).
 *
 * <p>Paired, always; never "the tighter of paired and unpaired". Pairing takes one degree of
 * freedom per round where an unpaired (Welch) interval on the same forks has up to two, so it is
 * narrower only when the rounds are correlated: in a JDK 25 run of the JMH rows the per-round
 * correlation of threadleak with no agent ranged from -0.02 to 0.94; the paired interval was the
 * narrower on 7 of the 10 rows (by up to 42%), Welch's on the 3 whose correlation was 0.24 or
 * less (by up to 11%). Picking per row whichever is narrower after seeing the data is two looks
 * at it, and covers less than the 99% it prints. Pairing is
 * chosen before looking because it is the one that stays right when load drifts between rounds,
 * which is what interleaving the rounds is for; what narrows an interval is more rounds
 * ({@link InterleavedRounds}): Student's t for 99% is 9.9 with 3 rounds, 4.0 with 6, 3.2 with 11.
 */
record Interval(double estimate, double low, double high, int rounds) {

    static final double CONFIDENCE = 0.99;
    static final int PERCENT = 99;

    /** From this many pairs a median's interval comes from order statistics; fewer get a t interval. */
    private static final int MEDIAN_ROUNDS = 10;

    boolean hasWidth() {
        return rounds >= 2 && !Double.isNaN(low) && !Double.isNaN(high);
    }

    /** {@code numerators[i] / denominators[i]}, over the rounds where both were measured. */
    static Interval ratio(List<Double> numerators, List<Double> denominators) {
        ListStatistics logs = new ListStatistics();
        for (double[] pair : pairs(numerators, denominators)) {
            logs.addValue(Math.log(pair[0] / pair[1]));
        }
        int n = (int) logs.getN();
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = logs.getMean();
        if (n == 1) {
            return new Interval(Math.exp(mean), Double.NaN, Double.NaN, 1);
        }
        double half = logs.getMeanErrorAt(CONFIDENCE);
        return new Interval(Math.exp(mean), Math.exp(mean - half), Math.exp(mean + half), n);
    }

    /**
     * {@code numerators[i] - denominators[i]}, over the rounds where both were measured: their
     * median if {@code medians} (a t interval while there are too few rounds for a median's), else
     * their mean.
     */
    static Interval difference(List<Double> numerators, List<Double> denominators, boolean medians) {
        List<Double> differences = new ArrayList<>();
        for (double[] pair : pairs(numerators, denominators)) {
            differences.add(pair[0] - pair[1]);
        }
        return medians && differences.size() >= MEDIAN_ROUNDS ? median(differences) : mean(differences);
    }

    /** The values themselves (NaN: not measured that round). */
    static Interval value(List<Double> values) {
        return mean(values.stream().filter(v -> !Double.isNaN(v)).toList());
    }

    private static Interval mean(List<Double> values) {
        ListStatistics statistics = new ListStatistics();
        values.forEach(statistics::addValue);
        int n = values.size();
        if (n < 2) {
            return new Interval(n == 0 ? Double.NaN : values.get(0), Double.NaN, Double.NaN, n);
        }
        double half = statistics.getMeanErrorAt(CONFIDENCE);
        return new Interval(statistics.getMean(), statistics.getMean() - half, statistics.getMean() + half, n);
    }

    /**
     * The median, and the interval between the order statistics {@code x(k)} and {@code x(n+1-k)}
     * (1-based) for the largest {@code k} with {@code 2 P(Binomial(n, 1/2) < k) <= 1 - CONFIDENCE}:
     * it covers the true median at least that often, whatever the distribution.
     */
    static Interval median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        int k = 0;
        double atMostK = 0;
        while (k < n) {
            atMostK += binomial(n, k); // now P(X <= k) = P(X < k + 1)
            if (2 * atMostK > 1 - CONFIDENCE) {
                break;
            }
            k++;
        }
        double median = StartupTimer.median(sorted);
        if (k == 0) {
            return new Interval(median, Double.NaN, Double.NaN, n); // too few rounds for any interval
        }
        return new Interval(median, sorted.get(k - 1), sorted.get(n - k), n);
    }

    /** P(Binomial(n, 1/2) = k). */
    private static double binomial(int n, int k) {
        double logChoose = 0;
        for (int i = 1; i <= k; i++) {
            logChoose += Math.log(n - k + i) - Math.log(i);
        }
        return Math.exp(logChoose - n * Math.log(2));
    }

    private static List<double[]> pairs(List<Double> a, List<Double> b) {
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!Double.isNaN(a.get(i)) && !Double.isNaN(b.get(i))) {
                pairs.add(new double[] {a.get(i), b.get(i)});
            }
        }
        return pairs;
    }
}
