package dev.threadleak.benchmarks;

import static dev.threadleak.benchmarks.AgentConfig.NO_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.THREADLEAK;

import java.io.IOException;
import java.util.List;

/**
 * What the JUnit extension adds to a clean test: {@value TrivialTests#TESTS} trivial tests run by
 * the JUnit Platform launcher in a child JVM ({@link JUnitPerTest}), without the extension and no
 * agent (no agent column), and with the extension on its defaults and the agent given with
 * {@code -javaagent}, as the README sets it up (threadleak column). The median test of each run
 * (the second pass of the class in its JVM, see {@link JUnitPerTest}) is the sample; the target
 * is the difference, round by round.
 */
final class JUnitPart implements CostPart {

    static final String PER_TEST = "JUnit clean test, median of 1,000";

    @Override
    public String name() {
        return "junit";
    }

    @Override
    public List<String> rows() {
        return List.of(PER_TEST);
    }

    @Override
    public List<Target> targets() {
        return List.of(Target.difference(PER_TEST, THREADLEAK, NO_AGENT, 50, "us"));
    }

    @Override
    public void measure(CostRun run, CostTable table) throws Exception {
        String classPath = System.getProperty("java.class.path"); // this module's classes and JUnit, as we run
        List<InterleavedRounds.Step> runs = List.of(
                new InterleavedRounds.Step(NO_AGENT, round -> List.of(new InterleavedRounds.Sample(PER_TEST,
                        medianMicros(run, List.of(), classPath, "without", round), "us"))),
                new InterleavedRounds.Step(THREADLEAK, round -> List.of(new InterleavedRounds.Sample(PER_TEST,
                        medianMicros(run, run.config(THREADLEAK).jvmArgs(), classPath, "with", round), "us"))));
        RunSettings settings = run.settings();
        InterleavedRounds.of("JUnit", run, table, targets(), InterleavedRounds.Summary.MEAN, 0, settings.junitRounds(),
                settings.extraTimePerRow()).run(runs);
    }

    private static double medianMicros(CostRun run, List<String> jvmArgs, String classPath, String which, int round)
            throws IOException, InterruptedException {
        try (ChildJvm child = ChildJvm.start(run, jvmArgs, classPath, JUnitPerTest.class, which)) {
            double micros = Long.parseLong(ChildJvm.valueOf(child.readUntilEnd(), JUnitPerTest.MEDIAN)) / 1e3;
            run.progress().printf("# JUnit, round %d: median test %.1f us %s the extension%n", round + 1, micros, which);
            return micros;
        }
    }
}
