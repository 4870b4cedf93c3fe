package dev.threadleak.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * How every part measures: in rounds, each round running one step per configuration (a JMH fork,
 * a launch, a child JVM) in an order that rotates round by round, so load from other work on the
 * machine falls on all of them alike and cancels out of their comparison. After its minimum
 * rounds a row gets more, of only the configurations its undecided targets compare, while one of
 * its targets is within noise and its extra time lasts; then it stops. After every measured round
 * the cells go into the {@link CostTable}, whose verdicts decide whether another round is needed.
 *
 * <p>Looking at the interval after every round and stopping once it clears the limit is a
 * sequential test, and it is wrong a little more often than one 99% interval looked at once
 * would be. It is kept because the alternative, a fixed number of rounds large enough for every
 * row, would take hours, and because more rounds only narrow the interval around the same
 * estimate: a row close to its limit stays within noise instead of flipping.
 */
final class InterleavedRounds {

    /** One measured value of one step: a cell of the table's {@code row}, in the step's column. */
    record Sample(String row, double value, String unit) {
    }

    /** One configuration's measurement in one round ({@code round} from 0, warm-ups first). */
    @FunctionalInterface
    interface Measure {
        List<Sample> round(int round) throws Exception;
    }

    /** What a round runs for one configuration; {@code column}, the table's column its samples go in, is its label. */
    record Step(String column, Measure measure) {
    }

    /** A measurement of any configuration in one round. */
    @FunctionalInterface
    interface ConfigMeasure {
        List<Sample> round(AgentConfig config, int round) throws Exception;
    }

    /** One step per configuration, each measured the same way. */
    static List<Step> eachOf(List<AgentConfig> configs, ConfigMeasure measure) {
        return configs.stream().map(config -> new Step(config.label(), round -> measure.round(config, round))).toList();
    }

    /** How a cell's rounds become its {@link Measurement}: their mean, or their median (launch times). */
    enum Summary { MEAN, MEDIAN }

    private final String name;
    private final CostTable table;
    private final List<Target> targets;
    private final Summary summary;
    private final int warmupRounds;
    private final int minRounds;
    private final long extraNanos;
    private final long extraDeadline;
    private final LongSupplier nanoTime;
    private final PrintStream progress;

    /**
     * {@code targets}: those judged on these rows (context ones are never waited for);
     * {@code extraTime}: what the rounds after the minimum may take in all, which a round already
     * started may overrun; {@code extraDeadline}: the {@code nanoTime} after which no such round
     * starts, whatever is left of it (the run's, so that one noisy run cannot take hours).
     */
    InterleavedRounds(String name, CostTable table, List<Target> targets, Summary summary, int warmupRounds,
                      int minRounds, Duration extraTime, long extraDeadline, LongSupplier nanoTime,
                      PrintStream progress) {
        this.name = name;
        this.table = table;
        this.targets = targets.stream().filter(Target::hasLimit).toList();
        this.summary = summary;
        this.warmupRounds = warmupRounds;
        this.minRounds = minRounds;
        this.extraNanos = extraTime.toNanos();
        this.extraDeadline = extraDeadline;
        this.nanoTime = nanoTime;
        this.progress = progress;
    }

    /** With the run's clock and progress, {@code targets} being a part's, of which only those on {@code steps}' rows count. */
    static InterleavedRounds of(String name, CostRun run, CostTable table, List<Target> targets, Summary summary,
                                int warmupRounds, int minRounds, Duration extraTime) {
        return new InterleavedRounds(name, table, targets, summary, warmupRounds, minRounds, extraTime,
                run.extraRoundsDeadline(), System::nanoTime, run.progress());
    }

    /** Runs the rounds; returns how many were measured (warm-ups not counted). */
    int run(List<Step> steps) throws Exception {
        Map<String, Map<String, List<Double>>> cells = new LinkedHashMap<>(); // row -> column -> value per round
        Map<String, String> units = new LinkedHashMap<>();
        Set<String> rows = new LinkedHashSet<>();
        long extraSpent = 0;
        int measured = 0;
        for (int round = 0; ; round++) {
            List<Step> active = active(steps, round, rows, extraSpent);
            if (active.isEmpty()) {
                return measured;
            }
            boolean warmup = round < warmupRounds;
            boolean extra = round >= warmupRounds + minRounds;
            progress.printf("# %s, round %d%s%n", name, round + 1,
                    warmup ? " (warm-up, dropped)" : extra ? " (extra, " + columns(active) + ")" : "");
            long started = nanoTime.getAsLong();
            List<Step> order = new ArrayList<>(active);
            Collections.rotate(order, round);
            for (Step step : order) {
                for (Sample sample : step.measure().round(round)) {
                    if (!warmup) {
                        List<Double> values = cells.computeIfAbsent(sample.row(), r -> new LinkedHashMap<>())
                                .computeIfAbsent(step.column(), c -> new ArrayList<>());
                        while (values.size() < measured) {
                            values.add(Double.NaN); // a round this configuration sat out
                        }
                        values.add(sample.value());
                        units.put(sample.row(), sample.unit());
                        rows.add(sample.row());
                    }
                }
            }
            if (extra) {
                extraSpent += nanoTime.getAsLong() - started;
            }
            if (!warmup) {
                measured++;
                cells.forEach((row, byColumn) -> byColumn.forEach((column, values) ->
                        table.put(row, column, measurement(values, units.get(row)))));
            }
        }
    }

    /**
     * The stopping rule: every step until the minimum rounds are done; then the steps of the
     * configurations that an undecided target on these rows compares, none once every target is
     * decided, or the row's extra time is spent, or the run's time for extra rounds is up.
     */
    private List<Step> active(List<Step> steps, int round, Set<String> rows, long extraSpent) {
        if (round < warmupRounds + minRounds) {
            return List.copyOf(steps);
        }
        if (extraSpent >= extraNanos || nanoTime.getAsLong() - extraDeadline >= 0) {
            return List.of();
        }
        Set<String> columns = new LinkedHashSet<>();
        for (Target target : targets) {
            if (rows.contains(target.row()) && table.verdict(target) == Target.Verdict.WITHIN_NOISE) {
                columns.add(target.column());
                columns.add(target.baseColumn());
            }
        }
        return steps.stream().filter(step -> columns.contains(step.column())).toList();
    }

    private Measurement measurement(List<Double> values, String unit) {
        return summary == Summary.MEDIAN ? Measurement.medianOfRounds(values, unit) : Measurement.ofRounds(values, unit);
    }

    private static String columns(List<Step> steps) {
        return String.join(", ", steps.stream().map(Step::column).distinct().toList());
    }
}
