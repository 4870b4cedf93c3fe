package dev.threadleak.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            + " \\d+ objects, (\\d+) MB\\): of the JVM's waiting threads, (\\d+) blocked forever");
    private static final long COMMAND_TIMEOUT_SECONDS = 600;

    private final CostRun run;
    private final int threads;
    private final int warmupRuns;
    private final int runs;

    ProofTimer(CostRun run, int threads, int warmupRuns, int runs) {
        this.run = run;
        this.threads = threads;
        this.warmupRuns = warmupRuns;
        this.runs = runs;
    }

    ProofTimes measure() throws IOException, InterruptedException {
        Path scratch = run.scratch().directory();
        try (ChildJvm target = ChildJvm.start(run, run.config(AgentConfig.THREADLEAK).jvmArgs(),
                run.scratch().forgottenFuturesJar().toString(), ForgottenFutures.class, Integer.toString(threads))) {
            target.readUntil(ForgottenFutures.READY);
            List<Double> commands = new ArrayList<>();
            List<Double> proofs = new ArrayList<>();
            List<Double> dumps = new ArrayList<>();
            List<Double> analyses = new ArrayList<>();
            long megabytes = 0;
            for (int i = 0; i < warmupRuns + runs; i++) {
                Path report = scratch.resolve("proof-" + i + ".json");
                double seconds = runCli(target.pid(), report);
                Matcher note = NOTE.matcher(Files.readString(report));
                Files.delete(report);
                if (!note.find() || Long.parseLong(note.group(5)) < threads) {
                    throw new IllegalStateException("dump --prove did not prove the " + threads
                            + " virtual threads blocked forever" + (note.find(0) ? ": " + note.group() : ""));
                }
                run.progress().printf("# dump --prove round %d/%d: %.1f s, %s%s%n", i + 1, warmupRuns + runs, seconds,
                        note.group(), i < warmupRuns ? " (warm-up)" : "");
                if (i >= warmupRuns) {
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
        }
    }

    /** One {@code dump --prove} of the target into {@code report}, in seconds; it must succeed and print nothing. */
    private double runCli(long pid, Path report) throws IOException, InterruptedException {
        Command cli = Command.run(List.of(run.java().toString(), "-jar", run.cli().toString(), "dump",
                Long.toString(pid), "--prove", "--format", "json", "--min-age", "0s", "-o", report.toString()),
                COMMAND_TIMEOUT_SECONDS);
        if (cli.exitCode() != 0 || !cli.output().isBlank()) {
            throw cli.failure();
        }
        return cli.seconds();
    }
}
