package dev.threadleak.benchmarks;

import static dev.threadleak.benchmarks.AgentConfig.EMPTY_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.NO_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.THREADLEAK;

import java.util.List;
import java.util.Set;

/**
 * Virtual threads churned as a server churns them: {@value #THREADS} started (a tenth with
 * {@code --quick}), at most {@value #IN_FLIGHT} alive at once, each yielding once and ending
 * ({@link VirtualThreadChurn}), in a child JVM per configuration, the configurations taking turns
 * round by round. The sample of a round is the median wall time of {@value #TIMED_CHURNS} churns
 * after a warm-up; the target is threadleak over no agent, since the empty agent changes nothing
 * a virtual thread does.
 */
final class ChurnPart implements CostPart {

    static final int THREADS = 1_000_000;
    static final int IN_FLIGHT = 10_000;
    static final int TIMED_CHURNS = 3;
    static final String CHURN = "virtual threads churned, 10,000 in flight";

    @Override
    public String name() {
        return "churn";
    }

    @Override
    public List<String> rows() {
        return List.of(CHURN);
    }

    @Override
    public List<Target> targets() {
        return List.of(Target.ratio(CHURN, THREADLEAK, NO_AGENT, 1.10),
                Target.ratio(CHURN, EMPTY_AGENT, NO_AGENT, Double.NaN));
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.VIRTUAL_THREADS);
    }

    @Override
    public void measure(CostRun run, CostTable table) throws Exception {
        RunSettings settings = run.settings();
        int threads = settings.quick() ? THREADS / 10 : THREADS;
        String classPath = System.getProperty("java.class.path");
        List<InterleavedRounds.Step> jvms = InterleavedRounds.eachOf(run.configs(), (config, round) -> {
            try (ChildJvm child = ChildJvm.start(run, config.jvmArgs(), classPath, VirtualThreadChurn.class,
                    Integer.toString(threads), Integer.toString(IN_FLIGHT),
                    Integer.toString(settings.quick() ? 1 : TIMED_CHURNS))) {
                double ms = Double.parseDouble(ChildJvm.valueOf(child.readUntilEnd(), VirtualThreadChurn.MEDIAN));
                run.progress().printf("# churn, round %d, %s: %,d virtual threads in %.0f ms%n", round + 1,
                        config.label(), threads, ms);
                return List.of(new InterleavedRounds.Sample(CHURN, ms, "ms"));
            }
        });
        InterleavedRounds.of("churn", run, table, targets(), InterleavedRounds.Summary.MEAN, 0, settings.churnRounds(),
                settings.extraTimePerRow()).run(jvms);
    }
}
