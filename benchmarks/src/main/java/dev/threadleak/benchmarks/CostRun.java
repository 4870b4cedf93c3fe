package dev.threadleak.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What every part measures with: the settings, the three configurations (no agent, empty agent,
 * threadleak; see {@link AgentConfig}), the CLI jar if one was built (copied when the run began,
 * as the agent's is: a rebuild meanwhile changes nothing measured), the run's scratch files, the
 * JVM to launch (the one running this: the JVM measured), where progress goes, and the
 * {@code System.nanoTime()} after which no row starts an extra round ({@link InterleavedRounds}).
 */
record CostRun(RunSettings settings, List<AgentConfig> configs, Optional<Path> cliJar, ScratchFiles scratch,
               PrintStream progress, long extraRoundsDeadline) {

    /** A run starting now: its rows' extra rounds start within {@link RunSettings#extraRoundsWithin()} from now. */
    static CostRun startingNow(RunSettings settings, List<AgentConfig> configs, Optional<Path> cliJar,
                               ScratchFiles scratch, PrintStream progress) {
        return new CostRun(settings, configs, cliJar, scratch, progress,
                System.nanoTime() + settings.extraRoundsWithin().toNanos());
    }

    Path java() {
        return jdkTool("java");
    }

    /** A tool of this JDK ({@code jcmd}), which a JRE does not have. */
    Path jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name);
    }

    AgentConfig config(String label) {
        return configs.stream().filter(config -> config.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no configuration " + label));
    }

    /** Why {@code part} cannot be measured in this run, if it cannot: every row of it is then skipped with this. */
    Optional<String> whyNot(CostPart part) {
        if (part.needs().contains(CostPart.Need.VIRTUAL_THREADS) && !VirtualThreads.available()) {
            return Optional.of("JDK " + feature() + " has no virtual threads");
        }
        if (part.needs().contains(CostPart.Need.CLI_JAR) && cliJar.isEmpty()) {
            return Optional.of("no CLI jar at " + ThreadleakAgentJar.CLI_PATH + "; build it (mvn -B -DskipTests package)");
        }
        return Optional.empty();
    }

    /** The CLI jar; only for a part that {@link CostPart#needs() needs it}, which is not run without one. */
    Path cli() {
        return cliJar.orElseThrow(() -> new IllegalStateException("no CLI jar"));
    }

    /** The JDK's feature version: 17, 21, 25... */
    static int feature() {
        return Runtime.version().feature();
    }
}
