package dev.threadleak.benchmarks;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run to its end as a user runs it (the CLI, {@code jcmd}): its exit code, its output
 * (standard error merged) and its wall time from launch to exit, which is what the user waits.
 */
record Command(List<String> line, int exitCode, String output, double seconds) {

    /** Runs {@code line}; one that has not ended {@code timeoutSeconds} after its output closed is killed and fails. */
    static Command run(List<String> line, long timeoutSeconds) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), Charset.defaultCharset());
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", line) + " took longer than " + timeoutSeconds + " s");
        }
        return new Command(List.copyOf(line), process.exitValue(), output, (System.nanoTime() - started) / 1e9);
    }

    /** The failure to throw when it did not do what it should: what ran, its exit code and its output. */
    IllegalStateException failure() {
        return new IllegalStateException("failed (exit code " + exitCode + "): " + String.join(" ", line) + "\n" + output);
    }
}
