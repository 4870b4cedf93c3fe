package dev.threadleak.benchmarks;

import java.nio.file.Path;
import java.util.List;

/**
 * One way of launching a measured JVM: its name in the table and the JVM arguments that load (or
 * do not load) an agent.
 */
record AgentConfig(String label, List<String> jvmArgs) {

    static final String NO_AGENT = "no agent";
    static final String EMPTY_AGENT = "empty agent";
    static final String THREADLEAK = "threadleak";

    static AgentConfig noAgent() {
        return new AgentConfig(NO_AGENT, List.of());
    }

    static AgentConfig emptyAgent(Path jar) {
        return new AgentConfig(EMPTY_AGENT, List.of("-javaagent:" + jar));
    }

    /** The threadleak agent; {@code options} empty means its defaults. */
    static AgentConfig threadleak(Path jar, String options) {
        String suffix = options.isEmpty() ? "" : "=" + options;
        return new AgentConfig(THREADLEAK, List.of("-javaagent:" + jar + suffix));
    }
}
