package dev.threadleak.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measures JVM start-up to the end of {@link Hello#main} by launching child JVMs and timing, on
 * this side, when Hello's last line arrives (and, second, when the process has exited, which adds
 * the agent's shutdown work). Configurations take turns launch by launch, in an order that
 * rotates each round, so load from other work on the machine falls on all of them alike.
 */
final class StartupTimer {

    /** Medians in milliseconds (with each round's launch), and any output besides Hello's line (e.g. an agent warning). */
    record StartupTimes(Measurement toEndOfMain, Measurement toExit, List<String> otherOutput) {
    }

    /** A launch that has not ended within this is killed and the measurement fails. */
    private static final long LAUNCH_TIMEOUT_SECONDS = 60;

    private final Path java;
    private final Path helloJar;
    private final int warmupRounds;
    private final int measuredRounds;
    private final PrintStream progress;

    StartupTimer(Path java, Path helloJar, int warmupRounds, int measuredRounds, PrintStream progress) {
        this.java = java;
        this.helloJar = helloJar;
        this.warmupRounds = warmupRounds;
        this.measuredRounds = measuredRounds;
        this.progress = progress;
    }

    Map<AgentConfig, StartupTimes> measure(List<AgentConfig> configs) throws IOException, InterruptedException {
        Map<AgentConfig, List<Launch>> launches = new LinkedHashMap<>();
        configs.forEach(config -> launches.put(config, new ArrayList<>()));
        for (int round = 0; round < warmupRounds + measuredRounds; round++) {
            List<AgentConfig> order = new ArrayList<>(configs);
            Collections.rotate(order, round);
            for (AgentConfig config : order) {
                Launch launch = launchOnce(config);
                if (round >= warmupRounds) { // warm-up rounds fill the OS file cache, and are dropped
                    launches.get(config).add(launch);
                }
            }
            progress.printf("# start-up round %d/%d done%s%n", round + 1, warmupRounds + measuredRounds,
                    round < warmupRounds ? " (warm-up)" : "");
        }
        Map<AgentConfig, StartupTimes> times = new LinkedHashMap<>();
        launches.forEach((config, list) -> times.put(config, summarize(list)));
        return times;
    }

    private static StartupTimes summarize(List<Launch> launches) {
        List<Double> toEndOfMain = new ArrayList<>();
        List<Double> toExit = new ArrayList<>();
        for (Launch launch : launches) {
            toEndOfMain.add(launch.nanosToEndOfMain / 1e6);
            toExit.add(launch.nanosToExit / 1e6);
        }
        // One value per round: a round's launches of each configuration ran back to back, and
        // the start-up target compares them round by round.
        return new StartupTimes(
                Measurement.medianOfRounds(toEndOfMain, "ms"),
                Measurement.medianOfRounds(toExit, "ms"),
                launches.isEmpty() ? List.of() : launches.get(0).otherOutput);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private record Launch(long nanosToEndOfMain, long nanosToExit, List<String> otherOutput) {
    }

    private Launch launchOnce(AgentConfig config) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(config.jvmArgs());
        command.addAll(List.of("-cp", helloJar.toString(), Hello.class.getName()));
        // stderr joins stdout so that one reader drains both and a chatty child cannot block.
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);

        long started = System.nanoTime();
        Process process = builder.start();
        // Bound every launch: a hung child is killed, which ends the output and so the read below.
        // Only a hung one: destroyForcibly() also closes the child's output, even after a normal
        // exit, and would cut off the read below while it still drains the last lines.
        process.onExit()
                .completeOnTimeout(null, LAUNCH_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .thenAccept(exited -> {
                    if (exited == null) {
                        process.destroyForcibly();
                    }
                });
        long endOfMain = -1;
        List<String> otherOutput = new ArrayList<>();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), Charset.defaultCharset()))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (endOfMain < 0 && line.equals(Hello.DONE)) {
                    endOfMain = System.nanoTime();
                } else {
                    otherOutput.add(line);
                }
            }
        }
        int exitCode = process.waitFor();
        long exited = System.nanoTime();
        if (endOfMain < 0 || exitCode != 0) {
            throw new IllegalStateException("start-up run failed (" + config.label() + ", exit code " + exitCode
                    + "): " + String.join(" ", command) + "\n" + String.join("\n", otherOutput));
        }
        return new Launch(endOfMain - started, exited - started, otherOutput);
    }
}
