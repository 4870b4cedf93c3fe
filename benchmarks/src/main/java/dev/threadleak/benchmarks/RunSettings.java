package dev.threadleak.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * What {@link AgentCost} was asked to do: quick or full, which agent jar with which options,
 * which parts. The two modes' iteration counts live here, in one place, as the README lists them.
 */
record RunSettings(
        boolean help, boolean quick, Optional<Path> agentJar, String agentOptions, Set<Part> parts,
        Optional<Integer> startupRunsOverride) {

    /** The system property that names the agent jar when {@code --agent} is not given. */
    static final String AGENT_JAR_PROPERTY = "threadleak.agent.jar";

    static final String USAGE = String.join("\n",
            "usage: java -jar benchmarks/target/benchmarks.jar [--quick] [--agent JAR] [--agent-options OPTS]",
            "                                                   [--only PARTS] [--startup-runs N]",
            "  --quick          1 fork, 2 x 0.5 s warm-up, 3 x 1 s measured; 10 start-up launches;",
            "                   1 + 2 runs of dump --prove (about 4 min)",
            "                   default: 2 forks, 5 x 1 s warm-up, 10 x 1 s measured; 30 start-up launches;",
            "                   1 + 5 runs of dump --prove (about 22 min)",
            "  --agent JAR      the threadleak agent (default: -D" + AGENT_JAR_PROPERTY
                    + ", else agent/target/threadleak-agent.jar",
            "                   under the current directory or the repository this jar was built in)",
            "  --agent-options  options for the threadleak agent (default: none, i.e. its defaults)",
            "  --only           run only these parts, comma-separated: " + Part.names(),
            "  --startup-runs   launches per configuration for the start-up median");

    /** What {@code --only} selects; the JMH benchmarks of each are listed in {@link JmhRows}. */
    enum Part {
        PLATFORM, VIRTUAL, EXECUTOR, QUEUE, STARTUP, PROOF, HEAP, TELEMETRY;

        /** As {@code --only} spells them: "platform, virtual, ...". */
        static String names() {
            return Arrays.stream(values()).map(part -> part.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
    }

    static RunSettings parse(String[] args) {
        boolean help = false;
        boolean quick = false;
        Optional<Path> agentJar = Optional.ofNullable(System.getProperty(AGENT_JAR_PROPERTY)).map(Path::of);
        String agentOptions = "";
        Set<Part> parts = EnumSet.allOf(Part.class);
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
        return new RunSettings(help, quick, agentJar, agentOptions, parts, startupRuns);
    }

    private static String valueOf(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException("'" + args[index - 1] + "' needs a value");
        }
        return args[index];
    }

    private static Set<Part> partsOf(String list) {
        Set<Part> parts = EnumSet.noneOf(Part.class);
        for (String name : list.split(",")) {
            try {
                parts.add(Part.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--only: unknown part '" + name + "'; known: " + Part.names());
            }
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

    boolean runs(Part part) {
        return parts.contains(part);
    }

    int forks() {
        return quick ? 1 : 2;
    }

    int warmupIterations() {
        return quick ? 2 : 5;
    }

    TimeValue warmupTime() {
        return quick ? TimeValue.milliseconds(500) : TimeValue.seconds(1);
    }

    int measurementIterations() {
        return quick ? 3 : 10;
    }

    TimeValue measurementTime() {
        return TimeValue.seconds(1);
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
        String jmh = String.format("JMH %d fork(s) per configuration, %d x %s warm-up, %d x %s measured",
                forks(), warmupIterations(), warmupTime(), measurementIterations(), measurementTime());
        String startup = runs(Part.STARTUP) ? "; start-up: median of " + startupRuns() + " launches" : "";
        String proof = runs(Part.PROOF) ? "; dump --prove: median of " + proofRuns() + " runs on "
                + proofThreads() + " parked virtual threads" : "";
        return (quick ? "quick" : "full") + " mode: " + jmh + startup + proof;
    }
}
