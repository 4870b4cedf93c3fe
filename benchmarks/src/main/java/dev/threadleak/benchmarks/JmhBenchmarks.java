package dev.threadleak.benchmarks;

import dev.threadleak.benchmarks.JmhRows.JmhRow;
import dev.threadleak.benchmarks.RunSettings.Part;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs the JMH benchmarks asked for ({@link JmhRows}) in every {@link AgentConfig}. One fork at a time, configurations
 * taking turns (in an order that rotates each round): on a shared machine the load changes
 * minute by minute, and running all of one configuration's forks back to back would charge that
 * drift to one configuration. Iteration scores of all forks are pooled, as JMH itself does.
 */
final class JmhBenchmarks {

    private final RunSettings settings;

    JmhBenchmarks(RunSettings settings) {
        this.settings = settings;
    }

    void measure(List<AgentConfig> configs, CostTable table) throws RunnerException {
        Map<String, String> rowOf = benchmarksToRun(table);
        if (rowOf.isEmpty()) {
            return;
        }
        Map<String, Map<AgentConfig, ListStatistics>> scores = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (int fork = 0; fork < settings.forks(); fork++) {
            List<AgentConfig> order = new ArrayList<>(configs);
            Collections.rotate(order, fork);
            for (AgentConfig config : order) {
                System.out.printf("# configuration: %s %s, fork %d of %d%n",
                        config.label(), config.jvmArgs(), fork + 1, settings.forks());
                for (RunResult run : new Runner(oneFork(config, rowOf.keySet())).run()) {
                    String row = rowOf(rowOf, run.getParams().getBenchmark());
                    units.put(row, run.getPrimaryResult().getScoreUnit());
                    ListStatistics statistics = scores.computeIfAbsent(row, r -> new LinkedHashMap<>())
                            .computeIfAbsent(config, c -> new ListStatistics());
                    for (BenchmarkResult benchmark : run.getBenchmarkResults()) {
                        for (IterationResult iteration : benchmark.getIterationResults()) {
                            statistics.addValue(iteration.getPrimaryResult().getScore());
                        }
                    }
                }
            }
        }
        scores.forEach((row, byConfig) -> byConfig.forEach((config, statistics) -> table.put(row, config.label(),
                new Measurement(statistics.getMean(), statistics.getMeanErrorAt(0.999), units.get(row)))));
    }

    /** The benchmarks asked for that this JDK can run (JMH's names), each with its row in the table. */
    private Map<String, String> benchmarksToRun(CostTable table) {
        Map<String, String> rowOf = new LinkedHashMap<>();
        for (JmhRow row : JmhRows.ALL) {
            if (!settings.runs(row.part())) {
                continue;
            }
            // Decided in this JVM, whose JDK the forks share: on JDK 17 the virtual-thread
            // benchmark is left out rather than failing in every fork.
            if (row.part() == Part.VIRTUAL && !VirtualThreads.available()) {
                table.skip(row.row(), "JDK " + Runtime.version().feature() + " has no virtual threads");
                continue;
            }
            rowOf.put(row.benchmark(), row.row());
        }
        return rowOf;
    }

    private Options oneFork(AgentConfig config, Set<String> benchmarks) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(1)
                .warmupIterations(settings.warmupIterations())
                .warmupTime(settings.warmupTime())
                .measurementIterations(settings.measurementIterations())
                .measurementTime(settings.measurementTime())
                .jvmArgsAppend(forkArgs(config).toArray(String[]::new))
                .shouldFailOnError(true);
        // Whole names: "UncontendedQueues.arrayPutTake" must not also select a longer name.
        benchmarks.forEach(benchmark -> options.include("^" + Pattern.quote(benchmark) + "$"));
        return options.build();
    }

    private static String rowOf(Map<String, String> rowOf, String benchmark) {
        String row = rowOf.get(benchmark);
        if (row == null) {
            throw new IllegalStateException("JMH ran an unexpected benchmark: " + benchmark);
        }
        return row;
    }

    /**
     * The configuration's agent, and on JDK 23+ a flag that stops each fork printing JMH's own
     * {@code sun.misc.Unsafe} deprecation warning (the same in every configuration, so it changes
     * no comparison, and it would otherwise look like the agent's).
     */
    private static List<String> forkArgs(AgentConfig config) {
        List<String> args = new ArrayList<>(config.jvmArgs());
        if (Runtime.version().feature() >= 23) {
            args.add("--sun-misc-unsafe-memory-access=allow");
        }
        return args;
    }
}
