package dev.threadleak.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * What {@link AgentCost} was asked to do: quick or full, which agent jar with which options,
 * which parts ({@link CostParts}). The two modes' rounds and iteration counts live here, in one
 * place, as the README lists them.
 */
record RunSettings(
        boolean help, boolean quick, Optional<Path> agentJar, String agentOptions, Set<String> parts,
        Optional<Integer> startupRunsOverride) {

    /** The system property that names the agent jar when {@code --agent} is not given. */
    static final String AGENT_JAR_PROPERTY = "threadleak.agent.jar";

    static final String USAGE = String.join("\n",
            "usage: java -jar benchmarks/target/benchmarks.jar [--quick] [--agent JAR] [--agent-options OPTS]",
            "                                                   [--only PARTS] [--startup-runs N]",
            "  (default)        interleaved rounds: JMH 3 of one fork per configuration (2 x 1 s warm-up,",
            "                   3 x 1 s measured), start-up 30 launches, memory and dump 3, JUnit and churn 5;",
            "                   then, while a row's target is within noise, up to 90 s more rounds of the",
            "                   configurations it compares, none begun after 21 min; 1 + 5 runs of dump",
            "                   --prove (about 20-25 min on 2 CPUs for every part but proof, heap and telemetry)",
            "  --quick          a smoke run, 1 round of everything, shorter forks; its verdicts have no interval",
            "                   (about 4 min)",
            "  --agent JAR      the threadleak agent (default: -D" + AGENT_JAR_PROPERTY
                    + ", else agent/target/threadleak-agent.jar",
            "                   under the current directory or the repository this jar was built in)",
            "  --agent-options  options for the threadleak agent (default: none, i.e. its defaults)",
            "  --only           run only these parts, comma-separated: " + CostParts.names(),
            "  --startup-runs   launches per configuration for the start-up median");

    static RunSettings parse(String[] args) {
        boolean help = false;
        boolean quick = false;
        Optional<Path> agentJar = Optional.ofNullable(System.getProperty(AGENT_JAR_PROPERTY)).map(Path::of);
        String agentOptions = "";
        Set<String> parts = null;
        Optional<Integer> startupRuns = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> help = true;
                case "--quick" -> quick = true;
                case "--agent" -> agentJar = Optional.of(Path.of(valueOf(args, ++i)));
                case "--agent-options" -> agentOptions = valueOf(args, ++i);
                case "--only" -> parts = partsOf(valueOf(args, ++i));
                case "--startup-runs" -> startupRuns = Optional.of(positiveNumber("--startup-runs", valueOf(args, ++i)));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        if (parts == null) {
            parts = new LinkedHashSet<>();
            for (CostPart part : CostParts.ALL) {
                parts.add(part.name());
            }
        }
        return new RunSettings(help, quick, agentJar, agentOptions, Set.copyOf(parts), startupRuns);
    }

    private static String valueOf(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException("'" + args[index - 1] + "' needs a value");
        }
        return args[index];
    }

    private static Set<String> partsOf(String list) {
        Set<String> parts = new LinkedHashSet<>();
        for (String name : list.split(",")) {
            String part = name.trim().toLowerCase(Locale.ROOT);
            if (!CostParts.exists(part)) {
                throw new IllegalArgumentException("--only: unknown part '" + name + "'; known: " + CostParts.names());
            }
            parts.add(part);
        }
        return parts;
    }

    private static int positiveNumber(String option, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": expected a positive number, got '" + value + "'");
    }

    boolean runs(CostPart part) {
        return parts.contains(part.name());
    }

    /** Rounds every JMH row gets: one fork per configuration each, the configurations taking turns. */
    int minRounds() {
        return quick ? 1 : 3;
    }

    /**
     * Time a row's rounds after its minimum may take in all, while one of its targets is within
     * noise ({@link InterleavedRounds}): what keeps a noisy machine from stretching a run for ever.
     * 90 s is 7-8 more rounds of a JMH row's two compared forks, and the run stays under 25
     * minutes on 2 cores even when most rows use all of it.
     */
    Duration extraTimePerRow() {
        return Duration.ofSeconds(quick ? 0 : 90);
    }

    /**
     * How long after the run began a row may still start an extra round: with most rows undecided
     * (a busy machine) 90 s each would take the run past half an hour; this keeps it near 25
     * minutes, the parts still to come taking their minimum rounds.
     */
    Duration extraRoundsWithin() {
        return Duration.ofMinutes(quick ? 0 : 21);
    }

    int warmupIterations() {
        return quick ? 1 : 2;
    }

    TimeValue warmupTime() {
        return quick ? TimeValue.milliseconds(500) : TimeValue.seconds(1);
    }

    int measurementIterations() {
        return quick ? 2 : 3;
    }

    TimeValue measurementTime() {
        return quick ? TimeValue.milliseconds(500) : TimeValue.seconds(1);
    }

    /** Rounds of the child-JVM measurements (memory, dump): each round a fresh JVM per configuration. */
    int childRounds() {
        return quick ? 1 : 3;
    }

    /** Rounds of the JUnit per-test measurement: a child JVM with and one without the extension each. */
    int junitRounds() {
        return quick ? 1 : 5;
    }

    /** Rounds of the churn: a child JVM per configuration each. */
    int churnRounds() {
        return quick ? 1 : 5;
    }

    /** Virtual threads the heap proof's measurement parks and proves. */
    int proofThreads() {
        return 100_000;
    }

    /** {@code dump --prove} runs dropped first (the CLI's and the analysis's first run), then measured. */
    int proofWarmupRuns() {
        return 1;
    }

    int proofRuns() {
        return quick ? 2 : 5;
    }

    /** Launches per configuration dropped first, while the OS file cache fills. */
    int startupWarmupRuns() {
        return quick ? 2 : 3;
    }

    int startupRuns() {
        return startupRunsOverride.orElse(quick ? 10 : 30);
    }

    String describe() {
        String jmh = String.format(Locale.ROOT, "JMH %d round(s) of 1 fork per configuration, %d x %s warm-up, %d x %s"
                + " measured", minRounds(), warmupIterations(), warmupTime(), measurementIterations(), measurementTime());
        return (quick ? "quick" : "full") + " mode: " + jmh + "; start-up: " + startupRuns() + " launches; memory and"
                + " dump: " + childRounds() + " round(s); JUnit: " + junitRounds() + " round(s); churn: " + churnRounds()
                + " round(s); then up to " + extraTimePerRow().toSeconds() + " s more rounds per row while a target is"
                + " within noise (dump: none), none begun after " + extraRoundsWithin().toMinutes() + " min; dump --prove: "
                + proofRuns() + " runs";
    }
}
