package dev.threadleak.benchmarks;

import java.util.List;

/**
 * The heap proof on 100 MB and 500 MB live heaps, ours beside Shark ({@link HeapProofCost}), as
 * the part {@code heap}. It prints its own table, with its targets, as it ends; its rows are not
 * (yet) rows of the {@link CostTable}.
 */
final class HeapPart implements CostPart {

    @Override
    public String name() {
        return "heap";
    }

    @Override
    public List<String> rows() {
        return List.of();
    }

    @Override
    public List<Target> targets() {
        return List.of();
    }

    @Override
    public void measure(CostRun run, CostTable table) throws Exception {
        new HeapProofCost(run.settings().quick(), run.progress()).measure(); // its own table: ours beside Shark
    }
}
