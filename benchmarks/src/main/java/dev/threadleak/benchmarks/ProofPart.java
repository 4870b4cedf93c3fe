package dev.threadleak.benchmarks;

import static dev.threadleak.benchmarks.AgentConfig.THREADLEAK;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/** How long {@code dump --prove} takes on 100,000 parked virtual threads, with the threadleak agent only ({@link ProofTimer}). */
final class ProofPart implements CostPart {

    static final String COMMAND = "dump --prove, 100,000 parked virtual threads";
    static final String PROOF = "  its heap proof";
    static final String DUMP = "    the target writing its heap";
    static final String ANALYSIS = "    the CLI analysing it";

    @Override
    public String name() {
        return "proof";
    }

    @Override
    public List<String> rows() {
        return List.of(COMMAND, PROOF, DUMP, ANALYSIS);
    }

    @Override
    public List<Target> targets() {
        return List.of();
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.VIRTUAL_THREADS, Need.CLI_JAR);
    }

    @Override
    public void measure(CostRun run, CostTable table) throws IOException, InterruptedException {
        RunSettings settings = run.settings();
        run.progress().println("# dump --prove on " + settings.proofThreads() + " parked virtual threads, "
                + settings.proofRuns() + " runs after " + settings.proofWarmupRuns() + " warm-up");
        ProofTimer.ProofTimes times = new ProofTimer(run, settings.proofThreads(), settings.proofWarmupRuns(),
                settings.proofRuns()).measure();
        table.put(COMMAND, THREADLEAK, times.command());
        table.put(PROOF, THREADLEAK, times.proof());
        table.put(DUMP, THREADLEAK, times.dump());
        table.put(ANALYSIS, THREADLEAK, times.analysis());
        run.progress().println("# the heap dump of " + settings.proofThreads() + " parked virtual threads: "
                + times.heapMegabytes() + " MB");
    }
}
