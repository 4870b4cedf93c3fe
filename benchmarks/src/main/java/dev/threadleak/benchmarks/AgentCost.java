package dev.threadleak.benchmarks;

import dev.threadleak.benchmarks.RunSettings.Part;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.runner.RunnerException;

/**
 * What the threadleak agent costs: thread start+join, executor tasks, queue operations and future
 * waits (JMH, forked JVMs) and JVM start-up (child processes), each with no agent, an empty agent
 * and the threadleak agent, then a table with the ratios the project has targets for. The JVM
 * running this is the JVM measured.
 */
public final class AgentCost {

    private AgentCost() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        RunSettings settings;
        Path agentJar;
        try {
            settings = RunSettings.parse(args);
            if (settings.help()) {
                System.out.println(RunSettings.USAGE);
                return;
            }
            agentJar = ThreadleakAgentJar.locate(settings.agentJar());
        } catch (IllegalArgumentException e) {
            System.err.println("AgentCost: " + e.getMessage());
            System.err.println(RunSettings.USAGE);
            System.exit(2);
            return;
        }

        try (ScratchFiles scratch = new ScratchFiles()) {
            List<AgentConfig> configs = List.of(
                    AgentConfig.noAgent(),
                    AgentConfig.emptyAgent(scratch.emptyAgentJar()),
                    AgentConfig.threadleak(scratch.snapshotOf(agentJar), settings.agentOptions()));
            CostTable table = new CostTable(configs.stream().map(AgentConfig::label).toList());

            try {
                new JmhBenchmarks(settings).measure(configs, table);
            } catch (RunnerException e) {
                // JMH has already printed the fork's output, which says what went wrong there.
                System.err.println("AgentCost: a benchmark failed, see its output above: " + e.getMessage());
                System.exit(1);
            }
            if (settings.runs(Part.TELEMETRY)) {
                try {
                    new TelemetryCost(settings).measure(configs.get(configs.size() - 1), table);
                } catch (RunnerException e) {
                    System.err.println("AgentCost: a benchmark failed, see its output above: " + e.getMessage());
                    System.exit(1);
                }
            }
            if (settings.runs(Part.STARTUP)) {
                measureStartup(settings, configs, scratch.helloJar(), table);
            }
            if (settings.runs(Part.PROOF)) {
                measureProof(settings, configs.get(configs.size() - 1), scratch, table);
            }

            System.out.println();
            System.out.println("threadleak agent cost on JDK " + Runtime.version() + " (" + System.getProperty("java.vm.name")
                    + ", " + Runtime.getRuntime().availableProcessors() + " CPUs)");
            System.out.println(settings.describe());
            System.out.println("agent: " + agentJar
                    + (settings.agentOptions().isEmpty() ? " (default options)" : "=" + settings.agentOptions())
                    + ", as copied when the run began");
            System.out.println();
            table.print(System.out);
            if (settings.runs(Part.HEAP)) {
                new HeapProofCost(settings.quick(), System.out).measure(); // its own table: ours beside Shark
            }
        }
    }

    /** {@code dump --prove} against the threadleak configuration only: the proof is the agent's and the CLI's. */
    private static void measureProof(RunSettings settings, AgentConfig threadleak, ScratchFiles scratch,
            CostTable table) throws IOException, InterruptedException {
        if (!VirtualThreads.available()) {
            table.skip(CostTable.PROOF_COMMAND, "JDK " + Runtime.version().feature() + " has no virtual threads");
            return;
        }
        Optional<Path> cli = ThreadleakAgentJar.locateCli();
        if (cli.isEmpty()) {
            table.skip(CostTable.PROOF_COMMAND, "no CLI jar at " + ThreadleakAgentJar.CLI_PATH
                    + "; build it (mvn -B -DskipTests package)");
            return;
        }
        System.out.println("# dump --prove on " + settings.proofThreads() + " parked virtual threads, "
                + settings.proofRuns() + " runs after " + settings.proofWarmupRuns() + " warm-up");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProofTimer.ProofTimes times = new ProofTimer(java, scratch.snapshotOf(cli.get()), scratch.forgottenFuturesJar(),
                settings.proofThreads(), settings.proofWarmupRuns(), settings.proofRuns(), System.out)
                .measure(threadleak, scratch.directory());
        table.put(CostTable.PROOF_COMMAND, threadleak.label(), times.command());
        table.put(CostTable.PROOF, threadleak.label(), times.proof());
        table.put(CostTable.PROOF_DUMP, threadleak.label(), times.dump());
        table.put(CostTable.PROOF_ANALYSIS, threadleak.label(), times.analysis());
        System.out.println("# the heap dump of " + settings.proofThreads() + " parked virtual threads: "
                + times.heapMegabytes() + " MB");
    }

    private static void measureStartup(RunSettings settings, List<AgentConfig> configs, Path helloJar,
            CostTable table) throws IOException, InterruptedException {
        System.out.println("# start-up: " + settings.startupRuns() + " launches of Hello per configuration");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        StartupTimer timer = new StartupTimer(java, helloJar, settings.startupWarmupRuns(), settings.startupRuns(),
                System.out);
        timer.measure(configs).forEach((config, times) -> {
            table.put(CostTable.STARTUP_TO_END_OF_MAIN, config.label(), times.toEndOfMain());
            table.put(CostTable.STARTUP_TO_EXIT, config.label(), times.toExit());
            if (!times.otherOutput().isEmpty()) {
                // The agent is meant to print nothing a user did not ask for: show it if it does.
                System.out.println("# note: with " + config.label() + ", Hello's JVM also printed:");
                times.otherOutput().forEach(line -> System.out.println("#   " + line));
            }
        });
    }
}
