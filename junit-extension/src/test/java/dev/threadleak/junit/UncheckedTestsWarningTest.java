package dev.threadleak.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** A run whose tests the extension never saw says so: the dependency is there, the setting is not. */
class UncheckedTestsWarningTest {

    /** No {@code @DetectThreadLeaks}, and auto-detection off in its run. */
    static class PlainTestCase {
        @Test
        void one() {
        }

        @Test
        void two() {
        }
    }

    /** Runs {@code fixture} through a launcher that has only the warning, told the extension was {@code used} or not. */
    private static String warningOf(BooleanSupplier used, Class<?> fixture) {
        return warningOf(used, fixture, "none");
    }

    private static String warningOf(BooleanSupplier used, Class<?> fixture, String reportDir) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new UncheckedTestsWarning(used, out)).build());
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .configurationParameter(Configuration.REPORT_DIR, reportDir).build());
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void testsTheExtensionNeverSawAreSaidInOneLineThatSaysWhatToChange() {
        String warning = warningOf(() -> false, PlainTestCase.class);

        assertEquals("threadleak: 2 tests ran and none was checked for leaks: JUnit never called the extension. "
                + "Turn auto-detection on (junit.jupiter.extensions.autodetection.enabled=true in "
                + "src/test/resources/junit-platform.properties) or annotate the test classes with @DetectThreadLeaks"
                + System.lineSeparator(), warning);
    }

    /**
     * A passing check removes its test's report of an earlier run; a run that checked nothing
     * removed none, and the reports a reader finds there are not of it.
     */
    @Test
    void theReportsLeftFromAnEarlierRunAreSaidToBeFromIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("com.acme.PoolTest.leaks().txt"), "THREAD LEAKED");
        Files.writeString(dir.resolve("com.acme.PoolTest.leaks().json"), "{}");
        Files.writeString(dir.resolve("com.acme.TimerTest.leaks().txt"), "EXECUTOR LEAKED");

        String warning = warningOf(() -> false, PlainTestCase.class, dir.toString());

        assertTrue(warning.trim().endsWith("@DetectThreadLeaks; the 2 reports in " + dir + " are from an earlier run"),
                warning);
        assertFalse(warningOf(() -> false, PlainTestCase.class, dir.resolve("absent").toString()).contains("earlier"));
    }

    @Test
    void aRunTheExtensionTookPartInSaysNothing() {
        assertEquals("", warningOf(() -> true, PlainTestCase.class));
    }

    @Test
    void aRunWithNoTestSaysNothing() {
        assertEquals("", warningOf(() -> false, Object.class));
    }

    /** A test of {@code engine}, as that engine would describe it. */
    private static TestIdentifier testOf(String engine, String name) {
        UniqueId id = UniqueId.forEngine(engine).append("class", "com.acme.LegacyTest").append("test", name);
        return TestIdentifier.from(new AbstractTestDescriptor(id, name) {
            @Override
            public Type getType() {
                return Type.TEST;
            }
        });
    }

    /**
     * servicecomb's trial: a module that mixes JUnit 4 and 5 ran its JUnit 4 classes unseen, and
     * the silence read as clean. One line says how many, of which engine; a suite's Jupiter tests are not among them.
     */
    @Test
    void testsOfAnotherEngineAreSaidToHaveRunUnchecked() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        UncheckedTestsWarning warning = new UncheckedTestsWarning(() -> true,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        warning.executionFinished(testOf("junit-vintage", "first"), TestExecutionResult.successful());
        warning.executionFinished(testOf("junit-vintage", "second"), TestExecutionResult.successful());
        warning.executionFinished(testOf("junit-jupiter", "third()"), TestExecutionResult.successful());
        warning.executionFinished(TestIdentifier.from(new AbstractTestDescriptor(UniqueId.forEngine("junit-platform-suite")
                .append("suite", "AllTests").append("engine", "junit-jupiter").append("method", "fourth()"), "fourth()") {
            @Override
            public Type getType() {
                return Type.TEST;
            }
        }), TestExecutionResult.successful());

        warning.testPlanExecutionFinished(null);

        assertEquals("threadleak: 2 tests of the junit-vintage engine ran unchecked: the extension checks JUnit "
                + "Jupiter tests only" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
        assertEquals("threadleak: 3 tests of the junit-vintage and testng engines ran unchecked: the extension "
                + "checks JUnit Jupiter tests only",
                UncheckedTestsWarning.otherEnginesLine(new TreeMap<>(Map.of("testng", 1L, "junit-vintage", 2L))));
    }

    /** The launcher finds it with no setting: the one thing a project that forgot the setting still has. */
    @Test
    void theLauncherFindsItThroughItsServiceLoader() {
        assertTrue(StreamSupport.stream(ServiceLoader.load(TestExecutionListener.class).spliterator(), false)
                .anyMatch(UncheckedTestsWarning.class::isInstance));
    }
}
