package dev.threadleak.junit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * One line on standard error when a run's Jupiter tests all ran and JUnit never called the
 * extension: the dependency is there (this listener is, through the launcher's service loader,
 * which needs no setting), but auto-detection is off and no class is annotated. A detector that
 * silently checks nothing is worse than none: both helpers who tried threadleak on a project looked
 * for a sign that it ran. Says nothing when the extension ran for any class, or no Jupiter test
 * ran; never throws into the launcher. The line also counts the reports left in the report
 * directory, which this run neither wrote nor removed. And one line when tests of another engine
 * ran (JUnit 4's, through Vintage): the extension never sees them.
 */
public final class UncheckedTestsWarning implements TestExecutionListener {

    private static final String JUPITER = "[engine:junit-jupiter]";
    private static final String ENGINE = "[engine:";

    private final BooleanSupplier extensionUsed;
    private final PrintStream out;
    private final AtomicLong jupiterTests = new AtomicLong();
    /** Tests of other engines (JUnit 4's Vintage, TestNG's, Spock's...) by engine: the extension is Jupiter's. */
    private final Map<String, Long> otherTests = new ConcurrentHashMap<>();

    /** As the launcher's service loader makes it. */
    public UncheckedTestsWarning() {
        this(ExtensionUse::used, System.err);
    }

    UncheckedTestsWarning(BooleanSupplier extensionUsed, PrintStream out) {
        this.extensionUsed = extensionUsed;
        this.out = out;
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        if (!identifier.isTest()) {
            return;
        }
        String id = identifier.getUniqueId();
        if (id.startsWith(JUPITER)) {
            jupiterTests.incrementAndGet();
        } else if (!id.contains(JUPITER)) { // a suite's Jupiter tests are Jupiter's still
            otherTests.merge(lastEngine(id), 1L, Long::sum);
        }
    }

    /** The innermost engine of a unique id ({@code junit-vintage} of {@code [engine:junit-vintage]/[runner:...]}). */
    private static String lastEngine(String id) {
        int at = id.lastIndexOf(ENGINE);
        int end = at < 0 ? -1 : id.indexOf(']', at);
        return end < 0 ? "unknown" : id.substring(at + ENGINE.length(), end);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        try {
            long tests = jupiterTests.getAndSet(0);
            if (tests > 0 && !extensionUsed.getAsBoolean()) {
                out.println(line(tests) + earlierReports(testPlan));
            }
            Map<String, Long> others = new TreeMap<>(otherTests);
            otherTests.clear();
            if (!others.isEmpty()) {
                out.println(otherEnginesLine(others));
            }
        } catch (RuntimeException | LinkageError e) {
            // a warning that cannot be made is not worth a failed run
        }
    }

    /**
     * {@code ; the 2 reports in target/threadleak are from an earlier run}, when the report directory
     * holds any: a check that passes removes its test's old report, and this run checked nothing, so
     * what is there tells of a run before (a build without {@code clean}). Empty when there are none,
     * or the directory cannot be read, or this JUnit is older than the settings' reader (1.8).
     */
    private static String earlierReports(TestPlan plan) {
        try {
            String dir = plan.getConfigurationParameters().get(Configuration.REPORT_DIR).map(String::trim)
                    .orElse(Configuration.defaultReportDir());
            if (dir.isEmpty() || dir.equals("none")) {
                return "";
            }
            long reports;
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                reports = files.filter(f -> f.getFileName().toString().endsWith(".txt") && Files.isRegularFile(f)).count();
            }
            return reports == 0 ? "" : "; the " + reports + (reports == 1 ? " report in " : " reports in ") + dir
                    + (reports == 1 ? " is" : " are") + " from an earlier run";
        } catch (IOException | RuntimeException | LinkageError e) {
            return ""; // no directory, or nothing to say it with
        }
    }

    /**
     * {@code threadleak: 15 tests of the junit-vintage engine ran unchecked: ...}: a module that
     * mixes JUnit 4 and 5 has its JUnit 4 classes pass unseen, which a reader took for clean
     * (servicecomb's trial).
     */
    static String otherEnginesLine(Map<String, Long> byEngine) {
        long tests = byEngine.values().stream().mapToLong(Long::longValue).sum();
        String named = "the " + LeakCheck.listed(List.copyOf(byEngine.keySet()))
                + (byEngine.size() == 1 ? " engine" : " engines");
        return "threadleak: " + tests + (tests == 1 ? " test" : " tests") + " of " + named + " ran unchecked: "
                + "the extension checks JUnit Jupiter tests only";
    }

    static String line(long tests) {
        return "threadleak: " + tests + (tests == 1 ? " test" : " tests") + " ran and none was checked for leaks: "
                + "JUnit never called the extension. Turn auto-detection on (junit.jupiter.extensions.autodetection"
                + ".enabled=true in src/test/resources/junit-platform.properties) or annotate the test classes "
                + "with @DetectThreadLeaks";
    }
}
