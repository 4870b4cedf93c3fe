package dev.threadleak.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.report.Frame;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small parts: list parameters, frame patterns, thread-dump frames, report file names, the proof budget's notes. */
class PartsTest {

    @Test
    void listParametersSplitOnCommasOutsideBrackets() {
        assertEquals(List.of("a", "b{1,3}", "[x,y]", "(p|q),r".substring(0, 5), "r"),
                Configuration.splitList(" a, b{1,3} ,[x,y],(p|q),r,"));
        assertEquals(List.of("a\\,b"), Configuration.splitList("a\\,b"));
        assertEquals(List.of(), Configuration.splitList(" , "));
    }

    /**
     * Proofs whose total passes 10 s, 100 s or 1,000 s say what the JVM has spent on them, and,
     * without a budget, how to bound it and what that costs; the checks between say nothing
     * (Spring Batch: it was in every failure), nor a run whose proofs took a few seconds (Zipkin's).
     */
    @Test
    void heapProofsSayWhatTheJvmHasSpentOnThemAsTheirTotalPassesEachMark() {
        ProofBudget none = ProofBudget.of(null);
        none.checking(Duration.ofSeconds(9));
        assertEquals("this JVM has spent 12.0 s on heap proofs so far, and it has no threadleak.prove.budget; to bound "
                + "the time, set one (30s, say): the checks after the JVM has spent it prove nothing from the heap, so a thread or pool "
                + "a static field holds for the JVM's life cannot be told apart from a leak, and no wait is proven blocked forever",
                none.slowNote(Duration.ofSeconds(12)));
        assertNull(none.slowNote(Duration.ofSeconds(28)), "a slow proof after the first mark, before the next, says nothing");
        ProofBudget few = ProofBudget.of(null);
        few.checking(Duration.ofMillis(600));
        assertNull(few.slowNote(Duration.ofMillis(3_600)), "nor one below the first: a few failures' proofs");
        assertTrue(none.slowNote(Duration.ofSeconds(101)) != null);
        assertTrue(none.slowNote(Duration.ofSeconds(1_001)) != null);
        assertNull(none.slowNote(Duration.ofSeconds(1_200)));
        ProofBudget minute = ProofBudget.of(Duration.ofMinutes(1));
        minute.checking(Duration.ofSeconds(3));
        assertEquals("this JVM has spent 10.0 s on heap proofs so far, of its threadleak.prove.budget of 1 m 00 s",
                minute.slowNote(Duration.ofSeconds(10)));
        assertTrue(ProofBudget.of(Duration.ofMinutes(1)).allows(Duration.ofSeconds(59)));
        assertFalse(ProofBudget.of(Duration.ofMinutes(1)).allows(Duration.ofSeconds(60)));
    }

    /**
     * Checks that prove at once each read the count before the other's proof was added, and each
     * saw it pass 10 s: the mark is said once (HttpCore's parallel tests said it twice, 0.5 s apart).
     */
    @Test
    void aMarkThatTwoChecksAtOnceSawPassedIsSaidOnce() {
        ProofBudget budget = ProofBudget.of(null);
        budget.checking(Duration.ofMillis(9_500));

        assertTrue(budget.slowNote(Duration.ofMillis(10_000)) != null);
        assertNull(budget.slowNote(Duration.ofMillis(11_100)), "said already");
    }

    /**
     * async-http-client's trial: the checks that paid the dumps left their leaks to the class's end
     * and said nothing; the mark is said by the first check that reports, whichever check of the
     * run passed it. Not one the JVM passed before the run began: a test kit runs the engine again
     * and again in one JVM, and each run's first failure said it.
     */
    @Test
    void aMarkPassedByChecksThatReportedNothingIsSaidByTheNextThatReports() {
        ProofBudget run = ProofBudget.of(null);
        run.checking(Duration.ofSeconds(2));
        run.checking(Duration.ofSeconds(46)); // a later check, which reported nothing
        assertTrue(run.slowNote(Duration.ofSeconds(47)) != null);

        ProofBudget later = ProofBudget.of(null);
        later.checking(Duration.ofSeconds(47));
        assertNull(later.slowNote(Duration.ofSeconds(48)), "passed before this run began");
    }

    @Test
    void framePatternsMatchAMethodExactlyOrAPrefix() {
        Frame run = new Frame("com.acme.Poller", "run", "Poller.java", 12);
        assertTrue(FramePattern.parse("com.acme.Poller.run").matches(run));
        assertFalse(FramePattern.parse("com.acme.Poller.runs").matches(run));
        assertTrue(FramePattern.parse("com.acme.*").matches(run));
        assertFalse(FramePattern.parse("com.ac.*").matches(run));
        assertTrue(FramePattern.parse("com.acme.Outer$Inner.<init>")
                .matches(new Frame("com.acme.Outer$Inner", "<init>", null, -1)));
        for (String bad : List.of("run", "com.acme.", ".run", "com..acme.run", "com.acme.Poller.run()", "*", "com.*.run")) {
            assertThrows(IllegalArgumentException.class, () -> FramePattern.parse(bad), bad);
        }
    }

    /** A build compiles the project into directories; its dependencies come as jars, the JDK from its image. */
    @Test
    void theProjectsClassesAreTheOnesInADirectoryOnTheClassPath(@TempDir Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/com/acme"));
        Files.write(classes.resolve("Pool.class"), new byte[] {1});
        Path jar = dir.resolve("lib.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out)) {
            entries.putNextEntry(new JarEntry("org/lib/Threads.class"));
            entries.write(1);
        }
        URL[] path = {dir.resolve("classes").toUri().toURL(), jar.toUri().toURL()};
        try (URLClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
            ProjectClasses project = new ProjectClasses(loader);

            assertTrue(project.test("com.acme.Pool"));
            assertTrue(project.test("com.acme.Pool$Borrower"), "a nested class sits beside its outer one");
            assertTrue(project.test("com.acme.Pool$$Lambda/0x0000000801001234"), "so does a lambda's hidden class");
            assertFalse(project.test("org.lib.Threads"), "a dependency's jar");
            assertFalse(project.test("java.lang.Thread"), "the JDK's");
            assertFalse(project.test("com.acme.Missing"));
            assertFalse(new ProjectClasses(null).test("com.acme.Pool"), "a class of the boot loader's");
        }
    }

    @Test
    void threadDumpFramesAreReadAsStackTraceElementPrintsThem() {
        assertEquals(new Frame("java.lang.Object", "wait0", null, -2),
                VirtualThreadDump.frame("java.base/java.lang.Object.wait0(Native Method)"));
        assertEquals(new Frame("com.acme.Main", "lambda$main$0", "Main.java", 7),
                VirtualThreadDump.frame("com.acme.Main.lambda$main$0(Main.java:7)"));
        assertEquals(new Frame("com.acme.Main", "run", null, -1),
                VirtualThreadDump.frame("app//com.acme.Main.run(Unknown Source)"));
        assertEquals(new Frame("com.foo.Main", "run", "Main.java", 101),
                VirtualThreadDump.frame("com.foo.loader/foo@9.0/com.foo.Main.run(Main.java:101)"));
    }

    @Test
    void reportFileNamesKeepWhatFileSystemsAllow() {
        assertEquals("com.acme.ImportTest$Inner.runs(java.lang.String)_[1]_5",
                ReportFiles.safe("com.acme.ImportTest$Inner.runs(java.lang.String) [1] 5"));
        assertEquals("a_b_c", ReportFiles.safe("a/b\\c"));
        String parameters = "(boolean,io.agroal.api.configuration.AgroalDataSourceConfiguration$DataSourceImplementation)";
        String pooled = ReportFiles.safe("io.agroal.test.narayana.HoldOnCompletionTests.testEnlisted" + parameters
                + "[1] closeConnection = true, implementation = AGROAL");
        String poolless = ReportFiles.safe("io.agroal.test.narayana.HoldOnCompletionTests.testEnlisted" + parameters
                + "[1] closeConnection = true, implementation = AGROAL_POOLLESS");
        assertTrue(pooled.length() == 159 && pooled.matches(".{150}~\\p{XDigit}{8}"), pooled);
        assertNotEquals(pooled, poolless, "alike up to the cut, apart after it");
        assertTrue(pooled.startsWith("io.agroal.test.narayana.HoldOnCompletionTests.testEnlisted(boolean,"
                + "AgroalDataSourceConfiguration$DataSourceImplementation)[1]_closeConnection"), pooled);

        // Helidon's trial: cut inside the parameter list, eight runs' reports lost their index
        String restart = "io.helidon.webserver.tests.upgrade.test.SharedHttp2CacheTest.cacheHttp2WithServerRestart("
                + "io.helidon.webserver.tests.upgrade.test.SharedHttp2CacheTest$Restart,boolean)[7] restart=true";
        assertEquals("io.helidon.webserver.tests.upgrade.test.SharedHttp2CacheTest.cacheHttp2WithServerRestart("
                + "SharedHttp2CacheTest$Restart,boolean)[7]_restart_true", ReportFiles.safe(restart));
    }

    /**
     * A class's report says once what each test's dump said alike, whatever the dump's size and
     * time, and names the tests that said it: a note's counts are theirs, not the report's.
     */
    @Test
    void aClassReportSaysOnceWhatEveryTestsDumpSaidAndWhoseItWas() {
        String none = "no static field of the program holds what is left; being held by one is what marks a JVM-wide singleton";
        assertEquals(List.of("of what `T.a()` and `T.b()` left: " + none, "of what `T.a()` left: another note",
                        "of what `T.c()` left: " + none + " (from a heap dump of 13 MB, 99 ms) and more"),
                ClassEndVerdicts.distinctNotes(List.of(
                        new ClassEndVerdicts.TestsNote("`T.a()`", none + " (from a heap dump of 11 MB, 182 ms)"),
                        new ClassEndVerdicts.TestsNote("`T.a()`", "another note"),
                        new ClassEndVerdicts.TestsNote("`T.b()`", none + " (from a heap dump of 12 MB, 104 ms)"),
                        new ClassEndVerdicts.TestsNote("`T.a()`", "another note"),
                        new ClassEndVerdicts.TestsNote("`T.c()`", none + " (from a heap dump of 13 MB, 99 ms) and more"))));
    }

    /** Quartz's trial: a heap proof's note per test, alike but for its time and dump, read nine times. */
    @Test
    void aClassReportSaysOnceWhatEveryTestsHeapProofFoundAlike() {
        String found = "of the JVM's waiting threads, 0 blocked forever, 0 deadlocked, 1 can still be woken";
        assertEquals(List.of("of what `T.a()` and `T.b()` left: each heap proof: " + found,
                        "of what `T.c()` left: heap proof took 9 ms (dump 5 ms, analysis 4 ms; 9 objects, 1 MB): of the "
                        + "JVM's waiting threads, 1 blocked forever"),
                ClassEndVerdicts.distinctNotes(List.of(
                        new ClassEndVerdicts.TestsNote("`T.a()`", "heap proof took 743 ms (dump 163 ms, analysis 580 ms; "
                                + "281180 objects, 82 MB): " + found),
                        new ClassEndVerdicts.TestsNote("`T.b()`", "heap proof took 483 ms (dump 184 ms, analysis 299 ms; "
                                + "275904 objects, 81 MB): " + found),
                        new ClassEndVerdicts.TestsNote("`T.c()`", "heap proof took 9 ms (dump 5 ms, analysis 4 ms; "
                                + "9 objects, 1 MB): of the JVM's waiting threads, 1 blocked forever"))));
    }
}
