package dev.threadleak.junit.jar;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one test class through the JUnit Platform, as a build tool would, and prints each failure's
 * type and message; the exit code is the number of failures.
 */
public final class RunOneTestClass {

    private RunOneTestClass() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Class.forName(args[0])))
                .configurationParameter("threadleak.report.dir", args[1]).build(), summary);
        for (TestExecutionSummary.Failure failure : summary.getSummary().getFailures()) {
            Throwable thrown = failure.getException();
            System.out.println(thrown.getClass().getName() + ": " + thrown.getMessage());
        }
        System.exit((int) summary.getSummary().getTotalFailureCount());
    }
}
