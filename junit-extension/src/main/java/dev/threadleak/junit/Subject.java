package dev.threadleak.junit;

import dev.threadleak.report.StillAlive;
import dev.threadleak.report.ScopeInfo;
import java.time.Duration;

/**
 * What one check is about: a test, a whole class (scope CLASS), a class's own
 * {@code @BeforeAll}/{@code @AfterAll} work (scope TEST; and its test instance's making, where that
 * instance is made per class), or what its tests' checks left for the
 * class's end and was still there when it ended ({@link ClassEndVerdicts}). {@code ending} is what ends it, as the
 * report says of each leak: "still alive 2.0 s after {@code the test ended}". {@code leftBecause}, of
 * what tests left for the class's end: why their checks left it so ({@link ClassEndVerdicts.Leftovers#leftBecause}).
 */
record Subject(Kind kind, String qualifiedName, String displayName, Class<?> testClass, String ending,
               String leftBecause) {

    Subject(Kind kind, String qualifiedName, String displayName, Class<?> testClass, String ending) {
        this(kind, qualifiedName, displayName, testClass, ending, null);
    }

    enum Kind {
        TEST("test"), CLASS("class"), CLASS_LIFECYCLE("class"), CLASS_LIFECYCLE_AND_INSTANCE("class"),
        CLASS_LEFTOVERS("class"), CLASS_KEPT("class"), CLASS_KEPT_AFTER_FAILURES("class");

        private final String scopeKind;

        Kind(String scopeKind) {
            this.scopeKind = scopeKind;
        }

        /** The class's own work outside its tests (its {@code @BeforeAll} and {@code @AfterAll}, a per-class instance). */
        boolean outsideTheTests() {
            return this == CLASS_LIFECYCLE || this == CLASS_LIFECYCLE_AND_INSTANCE;
        }
    }

    ScopeInfo scope() {
        return new ScopeInfo(kind.scopeKind, qualifiedName);
    }

    /**
     * What the report says of a thread still alive after a check that began at {@code startNanos}
     * waited (the agent says the same): at most the grace period, less when it ended early.
     */
    String reason(Duration grace, long startNanos) {
        return StillAlive.reason(startNanos, grace, ending);
    }

    /**
     * The first line of the failure: {@code 2 leaks from test `ImportJobTest.runs()`}, with
     * {@code deaths} threads that died of an uncaught exception:
     * {@code 1 leak and 1 uncaught exception from test `...`}. {@code pools}: whether what is left
     * may be a pool or its work, which a class's lifecycle owns even where a test gave it a task.
     */
    String headline(int leaks, int deaths, boolean pools) {
        String count = leaks == 0 ? "" : leaks + (leaks == 1 ? " leak" : " leaks");
        if (deaths > 0) {
            count += (count.isEmpty() ? "" : " and ") + deaths + (deaths == 1 ? " uncaught exception" : " uncaught exceptions");
        }
        return switch (kind) {
            case TEST -> count + " from test `" + displayName + "`";
            case CLASS -> count + " from test class `" + displayName + "`";
            // "a test's task too" only where a pool may be among them: of a plain thread it reads as boilerplate;
            // "left", not "still running": a pool the collector found and a finalizer shut down is among them;
            // "at the class's end", not "after its @AfterAll": a class may have none (avaje-jex's trial)
            // "may": a pool the class's fixtures made and fed runs no test's task (Helidon's trial)
            case CLASS_LIFECYCLE -> count + " from test class `" + displayName
                    + "`, left at the class's end: started by @BeforeAll or @AfterAll, an extension's beforeAll, "
                    + "or a thread started there" + (pools ? " (a pool may be running a test's task too)" : "");
            case CLASS_LIFECYCLE_AND_INSTANCE -> count + " from test class `" + displayName
                    + "`, left at the class's end: started by @BeforeAll, @AfterAll, an extension's beforeAll or "
                    + "its test instance made per class, or a thread started there"
                    + (pools ? " (a pool may be running a test's task too)" : "");
            // "each": "3 leaks ...: a static field held or kept it" read as one thing (servicecomb's trial); the
            // verdict first, then why the class's end judged it: "left by its tests, each because a static field
            // held or kept it" read as if being held were the leak (db-scheduler's trial)
            case CLASS_LEFTOVERS -> count + " from test class `" + displayName + "`: "
                    + (leaks > 1 ? "its tests left them, and the code had not ended them" : "a test left it, and the "
                    + "code had not ended it") + " when the class ended (" + (leaks > 1 ? "each" : "it")
                    + " was left for then by its test's check, as "
                    + (leftBecause == null ? ClassEndVerdicts.Leftovers.ANY_REASON : leftBecause)
                    + " when that test ended)";
            // "where their tests end" too: JetCache's trial read "in @AfterAll" where the fix was an @AfterEach's
            case CLASS_KEPT -> kept(count) + "that code may mean them to live as long as the JVM; if not, end them "
                    + "where their tests end (an @AfterEach) or in @AfterAll, or set " + Configuration.KEPT_OUTSIDE
                    + "=fail)";
            case CLASS_KEPT_AFTER_FAILURES -> kept(count) + "the tests that left them also left leaks of their "
                    + "own, reported with each test, and stopping those may end these too; if not, that code "
                    + "may mean them to live as long as the JVM)";
        };
    }

    /** The start of a class's warning of what code outside the tests keeps, up to why it does not fail. */
    private String kept(String count) {
        return count + " from test class `" + displayName + "` kept by static fields of code outside the tests when "
                + "the class ended (not failing: ";
    }
}
