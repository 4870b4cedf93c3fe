package dev.threadleak.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What every part measures with: the settings, the three configurations (no agent, empty agent,
 * threadleak; see {@link AgentConfig}), the run's scratch files, the JVM to launch (the one
 * running this: the JVM measured) and where progress goes.
 */
record CostRun(RunSettings settings, List<AgentConfig> configs, ScratchFiles scratch, PrintStream progress) {

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

    /** The JDK's feature version: 17, 21, 25... */
    static int feature() {
        return Runtime.version().feature();
    }
}
