package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertNoLineMatching;
import static dev.threadleak.junit.Fixtures.assertPassed;
import static dev.threadleak.junit.Fixtures.failure;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.onlyWarning;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.lines;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.api.Finding;
import dev.threadleak.junit.DetectThreadLeaks.Action;
import dev.threadleak.junit.DetectThreadLeaks.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * What users of goleak and randomizedtesting reach for: turning the check off for a class or a
 * method, {@code warn} per class, a filter in code, failing a test whose thread died of an uncaught
 * exception, and a failure message short enough to read in a build's summary.
 */
class ParityTest {

    @AfterEach
    void releaseWhatTheFixturesLeaked() throws InterruptedException {
        Leftovers.releaseAll();
    }

    private static Thread startParked(String name) {
        Thread t = new Thread(Leftovers.parkedOnQueue(), name);
        t.setDaemon(true);
        Leftovers.track(t).start();
        return t;
    }

    // --- scope = NONE ---------------------------------------------------------------------------

    @DetectThreadLeaks(scope = Scope.NONE)
    static class OffForTheClassTestCase {
        @Test
        void leaksButIsNotChecked() {
            startParked("unchecked-class-leak");
        }

        @Test
        @DetectThreadLeaks(scope = Scope.TEST, grace = "100ms")
        void turnsItOnAgain() {
            startParked("checked-again");
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class OffForOneMethodTestCase {
        @Test
        @DetectThreadLeaks(scope = Scope.NONE)
        void leaksButIsNotChecked() {
            startParked("unchecked-method-leak");
        }

        @Test
        void leaks() {
            startParked("checked-method-leak");
        }
    }

    @Test
    void scopeNoneTurnsTheCheckOffForAClassOrAMethodAndAnInnerSettingTurnsItOnAgain() {
        EngineExecutionResults offForClass = run(OffForTheClassTestCase.class);
        assertPassed(offForClass, "leaksButIsNotChecked()");
        lineMatching(leakError(offForClass, "turnsItOnAgain()"), "THREAD LEAKED: \"checked-again\" .*");
        assertPassed(offForClass, "ParityTest$OffForTheClassTestCase");

        EngineExecutionResults offForMethod = run(OffForOneMethodTestCase.class);
        assertPassed(offForMethod, "leaksButIsNotChecked()");
        lineMatching(leakError(offForMethod, "leaks()"), "THREAD LEAKED: \"checked-method-leak\" .*");
    }

    @Test
    void scopeNoneAsAConfigurationParameterTurnsTheWholeRunOff() {
        assertPassed(run(OffForOneMethodTestCase.class, Map.of("threadleak.scope", "none")), "leaks()");
    }

    // --- action on the annotation ----------------------------------------------------------------

    @DetectThreadLeaks(grace = "100ms", action = Action.WARN)
    static class WarnsTestCase {
        @Test
        void leaks() {
            startParked("warned-leak");
        }

        @Test
        @DetectThreadLeaks(action = Action.FAIL)
        void failsAfterAll() {
            startParked("failed-leak");
        }
    }

    @Test
    void actionOnTheAnnotationWarnsForAClassAndAMethodCanFailAgain() {
        EngineExecutionResults results = run(WarnsTestCase.class);

        assertPassed(results, "leaks()");
        String warning = onlyWarning(results);
        assertTrue(warning.startsWith("1 leak from test `ParityTest.WarnsTestCase.leaks()`\n"), warning);
        lineMatching(leakError(results, "failsAfterAll()"), "THREAD LEAKED: \"failed-leak\" .*");
    }

    // --- a filter in code ------------------------------------------------------------------------

    /** Ignores the threads of a pretend library, by a rule a name list could not say. */
    static final class PretendLibraryThreads implements ThreadLeakFilter {
        @Override
        public boolean ignores(Finding finding) {
            return finding.names().stream().anyMatch(n -> n.startsWith("pretend-") && n.endsWith("-daemon"));
        }
    }

    @DetectThreadLeaks(grace = "100ms", filters = PretendLibraryThreads.class)
    static class FilteredTestCase {
        @Test
        void startsALibraryThread() {
            startParked("pretend-io-daemon");
        }

        @Test
        void startsALibraryThreadAndALeak() {
            startParked("pretend-timer-daemon");
            startParked("real-leak");
        }
    }

    static class UnannotatedLibraryTestCase {
        @Test
        void startsALibraryThread() {
            startParked("pretend-io-daemon");
        }
    }

    @Test
    void aFilterInCodeLeavesOutWhatItIgnoresAndTheReportNamesIt() {
        EngineExecutionResults results = run(FilteredTestCase.class);

        assertPassed(results, "startsALibraryThread()");
        ThreadLeakError error = leakError(results, "startsALibraryThreadAndALeak()");
        assertEquals(1, error.report().leakCount());
        lineMatching(error, "THREAD LEAKED: \"real-leak\" .*");
        lineMatching(error, "note: also alive but ignored: \"pretend-timer-daemon\" #\\d+, ignored by the filter "
                + "dev.threadleak.junit.ParityTest\\$PretendLibraryThreads \\(@DetectThreadLeaks on "
                + "ParityTest.FilteredTestCase\\)");

        assertPassed(run(UnannotatedLibraryTestCase.class, Map.of(
                "junit.jupiter.extensions.autodetection.enabled", "true", "threadleak.grace", "100ms",
                "threadleak.filters", PretendLibraryThreads.class.getName())), "startsALibraryThread()");
    }

    @Test
    void aFilterClassThatCannotBeUsedIsNamedWithWhatToChange() {
        Throwable missing = failure(run(UnannotatedLibraryTestCase.class, Map.of(
                "junit.jupiter.extensions.autodetection.enabled", "true", "threadleak.filters", "com.acme.NoSuchFilter")),
                "ParityTest$UnannotatedLibraryTestCase");
        assertInstanceOf(ExtensionConfigurationException.class, missing);
        assertEquals("threadleak: configuration parameter threadleak.filters='com.acme.NoSuchFilter' is not valid: "
                + "there is no class com.acme.NoSuchFilter on the test class path; expected names of classes that "
                + "implement dev.threadleak.junit.ThreadLeakFilter. Change it where it is set: junit-platform.properties, "
                + "the -Dthreadleak.filters system property, or the launcher's configuration parameters.",
                missing.getMessage());

        Throwable notAFilter = failure(run(UnannotatedLibraryTestCase.class, Map.of(
                "junit.jupiter.extensions.autodetection.enabled", "true", "threadleak.filters", String.class.getName())),
                "ParityTest$UnannotatedLibraryTestCase");
        assertTrue(notAFilter.getMessage().contains("is not valid: java.lang.String does not implement "
                + "dev.threadleak.junit.ThreadLeakFilter"), notAFilter.getMessage());
    }

    // --- threads that died of an uncaught exception ----------------------------------------------------

    @DetectThreadLeaks(grace = "100ms")
    static class UncaughtTestCase {
        @Test
        void itsThreadDies() throws InterruptedException {
            Thread t = new Thread(() -> {
                throw new IllegalStateException("the background work failed");
            }, "dies-uncaught");
            t.start();
            t.join();
        }

        @Test
        void itsThreadDiesIntoItsOwnHandler() throws InterruptedException {
            Thread t = new Thread(() -> {
                throw new IllegalStateException("expected by the test");
            }, "dies-handled");
            t.setUncaughtExceptionHandler((thread, e) -> { });
            t.start();
            t.join();
        }

        /** As Ratis's {@code ExitUtils}: every thread's deaths go to the code's default handler, which its tests check. */
        @Test
        void itsThreadDiesIntoTheDefaultHandlerTheCodeSet() throws InterruptedException {
            Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
            Thread.setDefaultUncaughtExceptionHandler((thread, e) -> { });
            try {
                Thread t = new Thread(() -> {
                    throw new IllegalStateException("expected by the code's default handler");
                }, "dies-into-the-default");
                t.start();
                t.join();
            } finally {
                Thread.setDefaultUncaughtExceptionHandler(before);
            }
        }
    }

    @Test
    void aTestWhoseThreadDiedOfAnUncaughtExceptionFailsByDefault() {
        assumeTrue(TestMode.agent(), "deaths are known through the agent");
        EngineExecutionResults results = run(UncaughtTestCase.class);

        ThreadLeakError error = leakError(results, "itsThreadDies()");
        List<String> lines = lines(error);
        assertEquals("1 uncaught exception from test `ParityTest.UncaughtTestCase.itsThreadDies()`", lines.get(0));
        assertEquals("DIED \"dies-uncaught\" #" + error.report().deaths().get(0).thread().id() + " (platform, non-daemon) "
                + "TERMINATED of java.lang.IllegalStateException: the background work failed", lines.get(1));
        lineMatching(error, "  thrown at dev.threadleak.junit.ParityTest\\$UncaughtTestCase.lambda\\$itsThreadDies\\$\\d+"
                + "\\(ParityTest.java:\\d+\\)");
        lineMatching(error, "  created by \"main\" #\\d+ at dev.threadleak.junit.ParityTest\\$UncaughtTestCase"
                + ".itsThreadDies\\(ParityTest.java:\\d+\\)");
        assertPassed(results, "itsThreadDiesIntoItsOwnHandler()");
        assertPassed(results, "itsThreadDiesIntoTheDefaultHandlerTheCodeSet()");
    }

    @Test
    void uncaughtReportOrIgnoreLetsTheTestPass() {
        assumeTrue(TestMode.agent(), "deaths are known through the agent");
        EngineExecutionResults reported = run(UncaughtTestCase.class, Map.of("threadleak.uncaught", "report"));
        assertPassed(reported, "itsThreadDies()");
        assertEquals(1, reported.allEvents().reportingEntryPublished().count());

        EngineExecutionResults ignored = run(UncaughtTestCase.class, Map.of("threadleak.uncaught", "ignore"));
        assertPassed(ignored, "itsThreadDies()");
        assertEquals(0, ignored.allEvents().reportingEntryPublished().count());
    }

    // --- a failure a person reads at a glance ------------------------------------------------------

    @DetectThreadLeaks(grace = "100ms")
    static class ManyLeaksTestCase {
        @Test
        void leaksTwelveThreads() {
            for (int i = 0; i < 12; i++) {
                startAtDepth(i, "leak-" + (char) ('a' + i));
            }
        }

        /** Each from a creation stack of its own, so that the report does not group them. */
        private static void startAtDepth(int depth, String name) {
            if (depth == 0) {
                startParked(name);
            } else {
                startAtDepth(depth - 1, name);
            }
        }
    }

    @Test
    void aFailureMessageFitsIn25LinesAndPointsToTheFullReportWhichHasEverything() throws Exception {
        ThreadLeakError error = leakError(run(ManyLeaksTestCase.class), "leaksTwelveThreads()");

        List<String> lines = lines(error);
        assertTrue(lines.size() <= 25, lines.size() + " lines:\n" + error.getMessage());
        assertEquals("12 leaks from test `ParityTest.ManyLeaksTestCase.leaksTwelveThreads()`", lines.get(0));
        if (TestMode.agent()) { // twelve creation sites; a snapshot sees none, and groups them in one
            lineMatching(error, "\\.\\.\\. \\d+ more leaks( and \\d+ notes?)?: see the full report");
        }
        String quoted = lineMatching(error, "full report: '.*'").substring("full report: ".length());
        Path full = Path.of(quoted.substring(1, quoted.length() - 1));
        String text = Files.readString(full);
        for (char c = 'a'; c < 'a' + (TestMode.agent() ? 12 : 10); c++) { // a group names ten of its members
            assertTrue(text.contains("\"leak-" + c + "\""), "the full report names every leak:\n" + text);
        }
        assertNoLineMatching(error, ".*frames of JUnit.*");
    }

    @Test
    void underGradleTheReportDirectoryIsInItsBuildDirectory() {
        String before = System.getProperty(Configuration.GRADLE_WORKER);
        try {
            System.setProperty(Configuration.GRADLE_WORKER, "1");
            assertEquals("build/threadleak", Configuration.defaultReportDir());
            System.clearProperty(Configuration.GRADLE_WORKER);
            assertEquals("target/threadleak", Configuration.defaultReportDir());
        } finally {
            if (before != null) {
                System.setProperty(Configuration.GRADLE_WORKER, before);
            }
        }
    }
}
