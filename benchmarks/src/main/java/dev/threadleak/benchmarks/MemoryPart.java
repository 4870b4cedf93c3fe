package dev.threadleak.benchmarks;

import static dev.threadleak.benchmarks.AgentConfig.EMPTY_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.NO_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.THREADLEAK;

import java.util.List;
import java.util.Set;

/**
 * The heap a live virtual thread costs while the agent tracks it: a child JVM per configuration
 * ({@link ParkedThreads}) weighs its live heap (class histogram after a full GC) before and after
 * starting {@value #THREADS} virtual threads that stay parked; the growth per thread, threadleak
 * minus the empty agent, is what the agent keeps per thread, on its default options.
 */
final class MemoryPart implements CostPart {

    static final int THREADS = 100_000;
    static final String PER_THREAD = "heap per parked virtual thread, 100,000 alive";

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public List<String> rows() {
        return List.of(PER_THREAD);
    }

    @Override
    public List<Target> targets() {
        return List.of(Target.difference(PER_THREAD, THREADLEAK, EMPTY_AGENT, 200, "B"),
                Target.difference(PER_THREAD, EMPTY_AGENT, NO_AGENT, Double.NaN, "B"));
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.VIRTUAL_THREADS);
    }

    @Override
    public void measure(CostRun run, CostTable table) throws Exception {
        String classPath = run.scratch().parkedThreadsJar().toString();
        List<InterleavedRounds.Step> jvms = InterleavedRounds.eachOf(run.configs(), (config, round) -> {
            try (ChildJvm child = ChildJvm.start(run, config.jvmArgs(), classPath, ParkedThreads.class, "0",
                    Integer.toString(THREADS), "heap")) {
                List<String> lines = child.readUntil(ParkedThreads.READY);
                long before = Long.parseLong(ChildJvm.valueOf(lines, ParkedThreads.HEAP_BEFORE));
                long after = Long.parseLong(ChildJvm.valueOf(lines, ParkedThreads.HEAP_AFTER));
                double bytes = (after - before) / (double) THREADS;
                run.progress().printf("# memory, round %d, %s: %.1f B per parked virtual thread%n", round + 1,
                        config.label(), bytes);
                return List.of(new InterleavedRounds.Sample(PER_THREAD, bytes, "B"));
            }
        });
        RunSettings settings = run.settings();
        InterleavedRounds.of("memory", run, table, targets(), InterleavedRounds.Summary.MEAN, 0, settings.childRounds(),
                settings.extraTimePerRow()).run(jvms);
    }
}
