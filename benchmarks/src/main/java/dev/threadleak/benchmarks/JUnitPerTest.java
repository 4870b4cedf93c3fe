package dev.threadleak.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs {@link TrivialTests} ({@code args[0]} {@code without}) or {@link TrivialTestsWithThreadleak}
 * ({@code with}) through the JUnit Platform launcher, as a build tool would, timing each test from
 * its start to its end as the launcher reports them (the extension's before and after callbacks
 * are within), and prints the median as {@code median-ns N}. The class runs twice and the second
 * run is timed: in a suite of thousands of tests, JUnit's code and the extension's are compiled
 * after the first few hundred, and the first run of this JVM would time the interpreter. Every
 * test must pass.
 */
public final class JUnitPerTest {

    static final String MEDIAN = "median-ns ";

    private JUnitPerTest() {
    }

    public static void main(String[] args) {
        Class<?> tests = args[0].equals("with") ? TrivialTestsWithThreadleak.class : TrivialTests.class;
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(tests)).build();
        Launcher launcher = LauncherFactory.create();
        Timing timing = new Timing();
        launcher.execute(request, timing); // warm-up: JUnit's and the extension's code compiled, as in a suite
        check(timing);
        timing = new Timing();
        launcher.execute(request, timing);
        check(timing);
        System.out.println(MEDIAN + Math.round(StartupTimer.median(timing.nanos)));
    }

    private static void check(Timing timing) {
        if (timing.passed != TrivialTests.TESTS || !timing.failures.isEmpty()) {
            System.out.println("expected " + TrivialTests.TESTS + " passed tests, " + timing.passed + " passed; "
                    + timing.failures);
            System.exit(1);
        }
    }

    /** Each test's time from its start to its end, in nanoseconds. */
    private static final class Timing implements TestExecutionListener {
        final Map<String, Long> started = new HashMap<>();
        final List<Double> nanos = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        int passed;

        @Override
        public void executionStarted(TestIdentifier test) {
            if (test.isTest()) {
                started.put(test.getUniqueId(), System.nanoTime());
            }
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (!test.isTest()) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    failures.add(test.getDisplayName() + ": " + result.getThrowable().map(Throwable::toString).orElse(""));
                }
                return;
            }
            nanos.add((double) (System.nanoTime() - started.remove(test.getUniqueId())));
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                passed++;
            } else {
                failures.add(test.getDisplayName() + ": " + result.getThrowable().map(Throwable::toString).orElse(""));
            }
        }
    }
}
