package dev.threadleak.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Times one JVM start-up to the end of {@link Hello#main} by launching a child JVM and timing, on
 * this side, when Hello's last line arrives (and, second, when the process has exited, which adds
 * the agent's shutdown work). {@link StartupPart} takes turns launching the configurations.
 */
final class StartupTimer {

    /** One launch: milliseconds to the end of main and to exit, and any output besides Hello's line (e.g. an agent warning). */
    record Launch(double millisToEndOfMain, double millisToExit, List<String> otherOutput) {
    }

    /** A launch that has not ended within this is killed and the measurement fails. */
    private static final long LAUNCH_TIMEOUT_SECONDS = 60;

    private final Path java;
    private final Path helloJar;

    StartupTimer(Path java, Path helloJar) {
        this.java = java;
        this.helloJar = helloJar;
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

    Launch launch(AgentConfig config) throws IOException, InterruptedException {
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
        return new Launch((endOfMain - started) / 1e6, (exited - started) / 1e6, otherOutput);
    }
}
