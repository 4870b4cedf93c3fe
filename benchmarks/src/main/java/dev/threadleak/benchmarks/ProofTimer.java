package dev.threadleak.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long {@code threadleak dump --prove} takes on a JVM with many parked virtual threads
 * ({@link ForgottenFutures}, under the threadleak agent): the whole command as a user runs it,
 * timed here, and the heap proof within it, as its note says (the target writing its heap, the
 * CLI analysing it). The command also takes the report, with every leak on its own, before and
 * after the dump. Each run must prove every thread blocked forever, or the measurement fails.
 */
final class ProofTimer {

    /** Medians of the measured runs. */
    record ProofTimes(Measurement command, Measurement proof, Measurement dump, Measurement analysis,
                      long heapMegabytes) {
    }

    private static final Pattern NOTE = Pattern.compile("heap proof took (\\d+) ms \\(dump (\\d+) ms, analysis (\\d+) ms;"
            + " \\d+ objects, (\\d+) MB\\): (\\d+) waiting threads? blocked forever");
    private static final long COMMAND_TIMEOUT_SECONDS = 600;

    private final Path java;
    private final Path cliJar;
    private final Path programJar;
    private final int threads;
    private final int warmupRuns;
    private final int runs;
    private final PrintStream progress;

    ProofTimer(Path java, Path cliJar, Path programJar, int threads, int warmupRuns, int runs, PrintStream progress) {
        this.java = java;
        this.cliJar = cliJar;
        this.programJar = programJar;
        this.threads = threads;
        this.warmupRuns = warmupRuns;
        this.runs = runs;
        this.progress = progress;
    }

    ProofTimes measure(AgentConfig threadleak, Path scratch) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(threadleak.jvmArgs());
        command.addAll(List.of("-cp", programJar.toString(), ForgottenFutures.class.getName(), Integer.toString(threads)));
        Process target = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            awaitReady(target);
            List<Double> commands = new ArrayList<>();
            List<Double> proofs = new ArrayList<>();
            List<Double> dumps = new ArrayList<>();
            List<Double> analyses = new ArrayList<>();
            long megabytes = 0;
            for (int run = 0; run < warmupRuns + runs; run++) {
                Path report = scratch.resolve("proof-" + run + ".json");
                long started = System.nanoTime();
                runCli(target.pid(), report);
                double seconds = (System.nanoTime() - started) / 1e9;
                Matcher note = NOTE.matcher(Files.readString(report));
                Files.delete(report);
                if (!note.find() || Long.parseLong(note.group(5)) < threads) {
                    throw new IllegalStateException("dump --prove did not prove the " + threads
                            + " virtual threads blocked forever" + (note.find(0) ? ": " + note.group() : ""));
                }
                progress.printf("# dump --prove round %d/%d: %.1f s, %s%s%n", run + 1, warmupRuns + runs, seconds,
                        note.group(), run < warmupRuns ? " (warm-up)" : "");
                if (run >= warmupRuns) {
                    commands.add(seconds);
                    proofs.add(Double.parseDouble(note.group(1)));
                    dumps.add(Double.parseDouble(note.group(2)));
                    analyses.add(Double.parseDouble(note.group(3)));
                    megabytes = Long.parseLong(note.group(4));
                }
            }
            return new ProofTimes(Measurement.withoutError(StartupTimer.median(commands), "s"),
                    Measurement.withoutError(StartupTimer.median(proofs), "ms"),
                    Measurement.withoutError(StartupTimer.median(dumps), "ms"),
                    Measurement.withoutError(StartupTimer.median(analyses), "ms"), megabytes);
        } finally {
            target.getOutputStream().close(); // its stdin: the program ends
            if (!target.waitFor(30, TimeUnit.SECONDS)) {
                target.destroyForcibly();
            }
        }
    }

    private static void awaitReady(Process target) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(target.getInputStream(), Charset.defaultCharset()));
        List<String> lines = new ArrayList<>();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.equals(ForgottenFutures.READY)) {
                return;
            }
            lines.add(line);
        }
        throw new IllegalStateException("the program to prove ended before it was ready:\n" + String.join("\n", lines));
    }

    private void runCli(long pid, Path report) throws IOException, InterruptedException {
        List<String> command = List.of(java.toString(), "-jar", cliJar.toString(), "dump", Long.toString(pid), "--prove",
                "--format", "json", "--min-age", "0s", "-o", report.toString());
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), Charset.defaultCharset());
        if (!cli.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new IllegalStateException("dump --prove took longer than " + COMMAND_TIMEOUT_SECONDS + " s");
        }
        if (cli.exitValue() != 0 || !output.isBlank()) {
            throw new IllegalStateException("dump --prove failed (exit code " + cli.exitValue() + "): "
                    + String.join(" ", command) + "\n" + output);
        }
    }
}
