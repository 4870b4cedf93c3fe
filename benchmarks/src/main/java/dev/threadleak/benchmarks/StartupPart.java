package dev.threadleak.benchmarks;

import static dev.threadleak.benchmarks.AgentConfig.EMPTY_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.NO_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.THREADLEAK;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JVM start-up to the end of a hello-world main, and to exit, in every configuration
 * ({@link StartupTimer}): one launch of each a round, the median of the rounds.
 */
final class StartupPart implements CostPart {

    static final String TO_END_OF_MAIN = "start-up to end of main";
    static final String TO_EXIT = "start-up to exit";

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public List<String> rows() {
        return List.of(TO_END_OF_MAIN, TO_EXIT);
    }

    @Override
    public List<Target> targets() {
        return List.of(Target.difference(TO_END_OF_MAIN, THREADLEAK, NO_AGENT, 100, "ms"),
                Target.difference(TO_END_OF_MAIN, EMPTY_AGENT, NO_AGENT, Double.NaN, "ms"),
                Target.difference(TO_EXIT, THREADLEAK, NO_AGENT, Double.NaN, "ms"));
    }

    @Override
    public void measure(CostRun run, CostTable table) throws Exception {
        RunSettings settings = run.settings();
        run.progress().println("# start-up: " + settings.startupRuns() + " launches of Hello per configuration, after "
                + settings.startupWarmupRuns() + " dropped while the OS file cache fills");
        StartupTimer timer = new StartupTimer(run.java(), run.scratch().helloJar());
        Map<String, List<String>> otherOutput = new LinkedHashMap<>();
        List<InterleavedRounds.Step> launches = InterleavedRounds.eachOf(run.configs(), (config, round) -> {
            StartupTimer.Launch launch = timer.launch(config);
            otherOutput.putIfAbsent(config.label(), launch.otherOutput());
            return List.of(new InterleavedRounds.Sample(TO_END_OF_MAIN, launch.millisToEndOfMain(), "ms"),
                    new InterleavedRounds.Sample(TO_EXIT, launch.millisToExit(), "ms"));
        });
        InterleavedRounds.of("start-up", run, table, targets(), InterleavedRounds.Summary.MEDIAN,
                settings.startupWarmupRuns(), settings.startupRuns(), settings.extraTimePerRow()).run(launches);
        otherOutput.forEach((label, lines) -> {
            if (!lines.isEmpty()) {
                // The agent is meant to print nothing a user did not ask for: show it if it does.
                run.progress().println("# note: with " + label + ", Hello's JVM also printed:");
                lines.forEach(line -> run.progress().println("#   " + line));
            }
        });
    }
}
