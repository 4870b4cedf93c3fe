package dev.threadleak.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the threadleak agent costs: thread start+join, executor tasks, queue operations and future
 * waits (JMH, forked JVMs), JVM start-up, memory per thread, the CLI's dump, the JUnit extension's
 * cost per test and the heap proof (child JVMs), each part of {@link CostParts} in turn, then a
 * table with every comparison the project has a target for and its verdict. The JVM running this
 * is the JVM measured.
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
            Optional<Path> cliJar = ThreadleakAgentJar.locateCli();
            if (cliJar.isPresent()) {
                cliJar = Optional.of(scratch.snapshotOf(cliJar.get()));
            }
            List<CostPart> parts = CostParts.ALL.stream().filter(settings::runs).toList();
            CostTable table = new CostTable(configs.stream().map(AgentConfig::label).toList(), parts);
            CostRun run = CostRun.startingNow(settings, configs, cliJar, scratch, System.out);
            long started = System.nanoTime();
            for (CostPart part : CostParts.inRunOrder(parts)) {
                Optional<String> whyNot = run.whyNot(part);
                if (whyNot.isPresent()) {
                    part.rows().forEach(row -> table.skip(row, whyNot.get()));
                    continue;
                }
                try {
                    part.measure(run, table);
                } catch (Exception e) {
                    // JMH and the child JVMs have already printed their output, which says what went wrong there.
                    System.err.println("AgentCost: part '" + part.name() + "' failed, see its output above: " + e);
                    System.exit(1);
                }
            }
            long seconds = Math.round((System.nanoTime() - started) / 1e9);

            System.out.println();
            System.out.println("threadleak agent cost on JDK " + Runtime.version() + " (" + System.getProperty("java.vm.name")
                    + ", " + Runtime.getRuntime().availableProcessors() + " CPUs), " + seconds / 60 + " min "
                    + seconds % 60 + " s in all");
            System.out.println(settings.describe());
            System.out.println("agent: " + agentJar
                    + (settings.agentOptions().isEmpty() ? " (default options)" : "=" + settings.agentOptions())
                    + ", as copied when the run began");
            System.out.println();
            table.print(System.out);
        }
    }
}
