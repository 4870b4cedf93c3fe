package dev.threadleak.benchmarks;

import static dev.threadleak.benchmarks.AgentConfig.THREADLEAK;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * {@code threadleak dump} as a user runs it against a JVM that did not start with the agent:
 * {@value #PLATFORM} platform and {@value #VIRTUAL} virtual threads parked ({@link ParkedThreads}),
 * the first dump loading the agent (late attach), then a second; and beside each, {@code jcmd PID
 * Thread.dump_to_file -format=json} on the same JVM. Each command is timed whole, from launch to
 * exit, as a user waits for it. Every round is a fresh JVM, and the tools take turns going first.
 * The rows are one JVM's, shown under the threadleak column.
 */
final class DumpPart implements CostPart {

    static final int PLATFORM = 2_000;
    static final int VIRTUAL = 100_000;
    static final String FIRST = "dump, first (late attach), 2,000 + 100,000";
    static final String SECOND = "dump, second";
    static final String JCMD_FIRST = "jcmd Thread.dump_to_file, first";
    static final String JCMD_SECOND = "jcmd Thread.dump_to_file, second";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    @Override
    public String name() {
        return "dump";
    }

    @Override
    public List<String> rows() {
        return List.of(FIRST, SECOND, JCMD_FIRST, JCMD_SECOND);
    }

    @Override
    public List<Target> targets() {
        return List.of(Target.atMost(FIRST, THREADLEAK, 1.0, "s"),
                Target.ratioOfRows(FIRST, JCMD_FIRST, THREADLEAK, 1.0),
                Target.ratioOfRows(SECOND, JCMD_SECOND, THREADLEAK, 1.0),
                Target.ratioOfRows(FIRST, SECOND, THREADLEAK, Double.NaN));
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.VIRTUAL_THREADS, Need.CLI_JAR);
    }

    @Override
    public void measure(CostRun run, CostTable table) throws Exception {
        Path jcmd = run.jdkTool("jcmd");
        boolean withJcmd = Files.isExecutable(jcmd);
        if (!withJcmd) {
            table.skip(JCMD_FIRST, "no jcmd in " + jcmd.getParent() + " (a JRE?)");
        }
        InterleavedRounds.Step jvm = new InterleavedRounds.Step(THREADLEAK, round -> {
            try (ChildJvm target = ChildJvm.start(run, List.of(), run.scratch().parkedThreadsJar().toString(),
                    ParkedThreads.class, Integer.toString(PLATFORM), Integer.toString(VIRTUAL))) {
                target.readUntil(ParkedThreads.READY);
                Path out = run.scratch().directory().resolve("dump-" + round + ".json");
                List<String> dump = List.of(run.java().toString(), "-jar", run.cli().toString(), "dump",
                        Long.toString(target.pid()), "--format", "json", "-o", out.toString());
                List<String> jcmdDump = List.of(jcmd.toString(), Long.toString(target.pid()), "Thread.dump_to_file",
                        "-format=json", "-overwrite", out.toString());
                Map<String, Double> seconds = new LinkedHashMap<>();
                boolean jcmdFirst = withJcmd && round % 2 == 1; // the tools take turns going first
                for (int time = 0; time < 2; time++) {
                    String ours = time == 0 ? FIRST : SECOND;
                    String theirs = time == 0 ? JCMD_FIRST : JCMD_SECOND;
                    if (jcmdFirst) {
                        seconds.put(theirs, timed(jcmdDump, out));
                    }
                    seconds.put(ours, timed(dump, out));
                    if (withJcmd && !jcmdFirst) {
                        seconds.put(theirs, timed(jcmdDump, out));
                    }
                }
                run.progress().printf("# dump, round %d: threadleak %.2f s then %.2f s%s%n", round + 1,
                        seconds.get(FIRST), seconds.get(SECOND), withJcmd ? String.format(
                                "; jcmd %.2f s then %.2f s", seconds.get(JCMD_FIRST), seconds.get(JCMD_SECOND)) : "");
                return rows().stream().filter(seconds::containsKey)
                        .map(row -> new InterleavedRounds.Sample(row, seconds.get(row), "s")).toList();
            }
        });
        // No rounds beyond these: this part's rounds are a fresh JVM of 102,000 threads each, and
        // its numbers stay comparable with earlier runs'.
        InterleavedRounds.of("dump", run, table, targets(), InterleavedRounds.Summary.MEAN, 0,
                run.settings().childRounds(), Duration.ZERO).run(List.of(jvm));
    }

    /** Runs {@code command} to its end, in seconds; it must succeed and write {@code out}, which is then deleted. */
    private static double timed(List<String> command, Path out) throws IOException, InterruptedException {
        Command done = Command.run(command, COMMAND_TIMEOUT_SECONDS);
        if (done.exitCode() != 0 || !Files.isRegularFile(out) || Files.size(out) == 0) {
            throw done.failure();
        }
        Files.delete(out);
        return done.seconds();
    }
}
