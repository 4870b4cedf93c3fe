package dev.threadleak.junit;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
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
 * ran; never throws into the launcher.
 */
public final class UncheckedTestsWarning implements TestExecutionListener {

    private static final String JUPITER = "[engine:junit-jupiter]";

    private final BooleanSupplier extensionUsed;
    private final PrintStream out;
    private final AtomicLong jupiterTests = new AtomicLong();

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
        if (identifier.isTest() && identifier.getUniqueId().startsWith(JUPITER)) {
            jupiterTests.incrementAndGet();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        try {
            long tests = jupiterTests.getAndSet(0);
            if (tests > 0 && !extensionUsed.getAsBoolean()) {
                out.println(line(tests));
            }
        } catch (RuntimeException | LinkageError e) {
            // a warning that cannot be made is not worth a failed run
        }
    }

    static String line(long tests) {
        return "threadleak: " + tests + (tests == 1 ? " test" : " tests") + " ran and none was checked for leaks: "
                + "JUnit never called the extension. Turn auto-detection on (junit.jupiter.extensions.autodetection"
                + ".enabled=true in src/test/resources/junit-platform.properties) or annotate the test classes "
                + "with @DetectThreadLeaks";
    }
}
