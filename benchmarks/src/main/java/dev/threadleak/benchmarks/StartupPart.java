package dev.threadleak.benchmarks;

import static dev.threadleak.benchmarks.AgentConfig.EMPTY_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.NO_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.THREADLEAK;

import java.io.IOException;
import java.util.List;

/** JVM start-up to the end of a hello-world main, and to exit, in every configuration ({@link StartupTimer}). */
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
    public void measure(CostRun run, CostTable table) throws IOException, InterruptedException {
        RunSettings settings = run.settings();
        run.progress().println("# start-up: " + settings.startupRuns() + " launches of Hello per configuration");
        StartupTimer timer = new StartupTimer(run.java(), run.scratch().helloJar(), settings.startupWarmupRuns(),
                settings.startupRuns(), run.progress());
        timer.measure(run.configs()).forEach((config, times) -> {
            table.put(TO_END_OF_MAIN, config.label(), times.toEndOfMain());
            table.put(TO_EXIT, config.label(), times.toExit());
            if (!times.otherOutput().isEmpty()) {
                // The agent is meant to print nothing a user did not ask for: show it if it does.
                run.progress().println("# note: with " + config.label() + ", Hello's JVM also printed:");
                times.otherOutput().forEach(line -> run.progress().println("#   " + line));
            }
        });
    }
}
