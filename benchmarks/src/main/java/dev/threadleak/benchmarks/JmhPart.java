package dev.threadleak.benchmarks;

import static dev.threadleak.benchmarks.AgentConfig.EMPTY_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.NO_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.THREADLEAK;

import java.util.ArrayList;
import java.util.List;
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

/**
 * JMH benchmarks, each a row measured in every {@link AgentConfig}, in rounds: a round runs one
 * fork of the row in each configuration back to back (in an order that rotates each round), so
 * the forks compared with one another ran seconds apart, and a change of load on a shared machine
 * falls on all of them. A fork's score is the mean of its iterations; forks, not iterations, are
 * the samples (iterations of one fork share its JIT decisions and are not independent). After the
 * minimum rounds, a row gets more rounds, of only the configurations its undecided targets
 * compare, while one of them is within noise and its extra time lasts ({@link InterleavedRounds}).
 */
final class JmhPart implements CostPart {

    static final String PLATFORM_ROW = "platform start+join";
    static final String VIRTUAL_ROW = "virtual start+join";
    static final String EXECUTOR_BATCH = "executor submit+run, batched";
    static final String EXECUTOR_SUBMIT_GET = "executor submit+get";
    static final String SCOPE_BATCH = "executor submit+run in a scope, batched";
    static final String SCOPE_FLOOD = "executor submit+run in a scope, past 10,000 of a kind";
    static final String ASYNC_BATCH = "supplyAsync on a ForkJoinPool, batched";
    static final String ARRAY_OFFER_POLL = "ArrayBlockingQueue offer+poll";
    static final String ARRAY_PUT_TAKE = "ArrayBlockingQueue put+take";
    static final String LINKED_OFFER_POLL = "LinkedBlockingQueue offer+poll";
    static final String LINKED_PUT_TAKE = "LinkedBlockingQueue put+take";
    static final String FUTURE_TASK_GET = "completed FutureTask.get";
    static final String COMPLETABLE_FUTURE_JOIN = "completed CompletableFuture.join";
    static final String QUEUE_HANDOFF = "queue handoff, 2 threads";

    /** One benchmark: {@code type.method} as JMH names it (a method, or the {@code @Group} of several), shown as {@code row}. */
    record JmhRow(Class<?> type, String method, String row) {

        String benchmark() {
            return type.getName() + "." + method;
        }
    }

    /** Issue 14's targets: thread start and the fast paths against no agent; virtual threads against the empty agent. */
    static final JmhPart PLATFORM = new JmhPart("platform", false,
            List.of(new JmhRow(PlatformThreadStartJoin.class, "startJoin", PLATFORM_ROW)),
            List.of(Target.ratio(PLATFORM_ROW, THREADLEAK, NO_AGENT, 1.05),
                    Target.ratio(PLATFORM_ROW, THREADLEAK, EMPTY_AGENT, Double.NaN)));
    static final JmhPart VIRTUAL = new JmhPart("virtual", true,
            List.of(new JmhRow(VirtualThreadStartJoin.class, "startJoin", VIRTUAL_ROW)),
            List.of(Target.ratio(VIRTUAL_ROW, THREADLEAK, EMPTY_AGENT, 1.10),
                    Target.ratio(VIRTUAL_ROW, EMPTY_AGENT, NO_AGENT, Double.NaN),
                    Target.ratio(VIRTUAL_ROW, THREADLEAK, NO_AGENT, Double.NaN)));
    static final JmhPart EXECUTOR = new JmhPart("executor", false,
            List.of(new JmhRow(ExecutorSubmitRun.class, "batch", EXECUTOR_BATCH),
                    new JmhRow(ExecutorSubmitRun.class, "submitGet", EXECUTOR_SUBMIT_GET),
                    new JmhRow(AsyncOnForkJoinPool.class, "batch", ASYNC_BATCH),
                    new JmhRow(ExecutorInAScope.class, "batch", SCOPE_BATCH),
                    new JmhRow(ExecutorInAScope.class, "flood", SCOPE_FLOOD)),
            List.of(Target.ratio(EXECUTOR_BATCH, THREADLEAK, NO_AGENT, 1.15),
                    Target.ratio(EXECUTOR_SUBMIT_GET, THREADLEAK, NO_AGENT, 1.15),
                    Target.ratio(ASYNC_BATCH, THREADLEAK, NO_AGENT, 1.15),
                    // what a test pays per task: no target of the issue's, shown so a change to it shows
                    Target.ratio(SCOPE_BATCH, THREADLEAK, NO_AGENT, Double.NaN),
                    Target.ratio(SCOPE_FLOOD, THREADLEAK, NO_AGENT, Double.NaN),
                    Target.ratio(EXECUTOR_BATCH, THREADLEAK, EMPTY_AGENT, Double.NaN)));
    static final JmhPart QUEUE = new JmhPart("queue", false,
            List.of(new JmhRow(UncontendedQueues.class, "arrayOfferPoll", ARRAY_OFFER_POLL),
                    new JmhRow(UncontendedQueues.class, "arrayPutTake", ARRAY_PUT_TAKE),
                    new JmhRow(UncontendedQueues.class, "linkedOfferPoll", LINKED_OFFER_POLL),
                    new JmhRow(UncontendedQueues.class, "linkedPutTake", LINKED_PUT_TAKE),
                    new JmhRow(CompletedFutures.class, "futureTaskGet", FUTURE_TASK_GET),
                    new JmhRow(CompletedFutures.class, "completableFutureJoin", COMPLETABLE_FUTURE_JOIN),
                    new JmhRow(QueueHandoff.class, "handoff", QUEUE_HANDOFF)),
            List.of(Target.ratio(ARRAY_PUT_TAKE, THREADLEAK, NO_AGENT, 1.05),
                    // the agent records only when a thread parks: the other fast paths stay near par too
                    Target.ratio(ARRAY_OFFER_POLL, THREADLEAK, NO_AGENT, 1.10),
                    Target.ratio(LINKED_OFFER_POLL, THREADLEAK, NO_AGENT, 1.10),
                    Target.ratio(LINKED_PUT_TAKE, THREADLEAK, NO_AGENT, 1.10),
                    Target.ratio(FUTURE_TASK_GET, THREADLEAK, NO_AGENT, 1.10),
                    Target.ratio(COMPLETABLE_FUTURE_JOIN, THREADLEAK, NO_AGENT, 1.10),
                    Target.ratio(QUEUE_HANDOFF, THREADLEAK, NO_AGENT, 1.10)));

    private final String name;
    private final boolean needsVirtualThreads;
    private final List<JmhRow> benchmarks;
    private final List<Target> targets;

    JmhPart(String name, boolean needsVirtualThreads, List<JmhRow> benchmarks, List<Target> targets) {
        this.name = name;
        this.needsVirtualThreads = needsVirtualThreads;
        this.benchmarks = List.copyOf(benchmarks);
        this.targets = List.copyOf(targets);
    }

    @Override
    public String name() {
        return name;
    }

    List<JmhRow> benchmarks() {
        return benchmarks;
    }

    @Override
    public List<String> rows() {
        return benchmarks.stream().map(JmhRow::row).toList();
    }

    @Override
    public List<Target> targets() {
        return targets;
    }

    @Override
    public Set<Need> needs() {
        return needsVirtualThreads ? Set.of(Need.VIRTUAL_THREADS) : Set.of();
    }

    /** Each row on its own rounds, one fork per configuration a round ({@link InterleavedRounds}). */
    @Override
    public void measure(CostRun run, CostTable table) throws Exception {
        RunSettings settings = run.settings();
        for (JmhRow row : benchmarks) {
            List<InterleavedRounds.Step> forks = InterleavedRounds.eachOf(run.configs(), (config, round) -> {
                run.progress().printf("# %s: %s %s, round %d%n", row.row(), config.label(), config.jvmArgs(),
                        round + 1);
                return List.of(oneFork(run, row, config));
            });
            InterleavedRounds.of(row.row(), run, table, targets, InterleavedRounds.Summary.MEAN, 0,
                    settings.minRounds(), settings.extraTimePerRow()).run(forks);
        }
    }

    /** One fork of one benchmark: the mean of its measured iterations. */
    private static InterleavedRounds.Sample oneFork(CostRun run, JmhRow row, AgentConfig config)
            throws RunnerException {
        RunSettings settings = run.settings();
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(1)
                .warmupIterations(settings.warmupIterations())
                .warmupTime(settings.warmupTime())
                .measurementIterations(settings.measurementIterations())
                .measurementTime(settings.measurementTime())
                .jvmArgsAppend(forkArgs(config).toArray(String[]::new))
                .shouldFailOnError(true)
                // Whole names: "UncontendedQueues.arrayPutTake" must not also select a longer name.
                .include("^" + Pattern.quote(row.benchmark()) + "$");
        Options built = options.build();
        double sum = 0;
        int n = 0;
        String unit = null;
        for (RunResult result : new Runner(built).run()) {
            unit = result.getPrimaryResult().getScoreUnit();
            for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
                for (IterationResult iteration : benchmark.getIterationResults()) {
                    sum += iteration.getPrimaryResult().getScore();
                    n++;
                }
            }
        }
        if (n == 0) {
            throw new IllegalStateException("JMH ran no iteration of " + row.benchmark());
        }
        return new InterleavedRounds.Sample(row.row(), sum / n, unit);
    }

    /**
     * The configuration's agent, and on JDK 23+ a flag that stops each fork printing JMH's own
     * {@code sun.misc.Unsafe} deprecation warning (the same in every configuration, so it changes
     * no comparison, and it would otherwise look like the agent's).
     */
    private static List<String> forkArgs(AgentConfig config) {
        List<String> args = new ArrayList<>(config.jvmArgs());
        if (CostRun.feature() >= 23) {
            args.add("--sun-misc-unsafe-memory-access=allow");
        }
        return args;
    }
}
