package dev.threadleak.benchmarks;

import static dev.threadleak.benchmarks.AgentConfig.NO_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.THREADLEAK;

import java.io.IOException;
import java.util.ArrayList;
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
    public void measure(CostRun run, CostTable table) throws IOException, InterruptedException {
        String classPath = System.getProperty("java.class.path"); // this module's classes and JUnit, as we run
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (int round = 0; round < run.settings().junitRounds(); round++) {
            boolean withFirst = round % 2 == 1; // taking turns
            for (int i = 0; i < 2; i++) {
                boolean extension = (i == 0) == withFirst;
                List<String> jvmArgs = extension ? run.config(THREADLEAK).jvmArgs() : List.of();
                double micros = medianMicros(run, jvmArgs, classPath, extension ? "with" : "without");
                (extension ? with : without).add(micros);
            }
            run.progress().printf("# JUnit, round %d: median test %.1f us without the extension, %.1f us with it%n",
                    round + 1, without.get(round), with.get(round));
        }
        table.put(PER_TEST, NO_AGENT, Measurement.ofRounds(without, "us"));
        table.put(PER_TEST, THREADLEAK, Measurement.ofRounds(with, "us"));
    }

    private static double medianMicros(CostRun run, List<String> jvmArgs, String classPath, String which)
            throws IOException, InterruptedException {
        try (ChildJvm child = ChildJvm.start(run, jvmArgs, classPath, JUnitPerTest.class, which)) {
            List<String> lines = child.readUntilEnd();
            return Long.parseLong(ChildJvm.valueOf(lines, JUnitPerTest.MEDIAN)) / 1e3;
        }
    }
}
