package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertPassed;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.junit.inherited.PoolKeepingSuite;
import dev.threadleak.testsupport.LazyHousekeeping;
import dev.threadleak.testsupport.ParkedThreads;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** What a test class's fixtures start when a test first uses them, and nested tests a superclass declares. */
class ClassFixturesTest {

    private static final CountDownLatch NEVER = new CountDownLatch(1);

    /**
     * A data source made in {@code @BeforeAll} and closed in {@code @AfterAll} starts its pool and
     * the pool's periodic housekeeping as a test takes the first connection (ShedLock's trial:
     * Hikari's tasks failed that test, the pool they run on was left for the class's end).
     */
    @DetectThreadLeaks(grace = "100ms")
    static class LazyPoolTestCase {
        static LazyHousekeeping dataSource;

        @BeforeAll
        static void open() {
            dataSource = new LazyHousekeeping();
        }

        @AfterAll
        static void close() {
            dataSource.close();
        }

        @Test
        void takesTheFirstConnection() {
            dataSource.use();
        }
    }

    /** The same data source, never closed: the class's end fails, naming the test. */
    @DetectThreadLeaks(grace = "100ms")
    static class LazyPoolNeverClosedTestCase {
        static LazyHousekeeping dataSource = new LazyHousekeeping();

        @Test
        void takesTheFirstConnection() {
            dataSource.use();
        }
    }

    @Test
    void aPeriodicTaskALibraryObjectOfTheClassSchedulesAsATestFirstUsesItGoesWithThatObject() {
        assumeTrue(TestMode.agent(), "without the agent, tasks are not seen");

        assertPassed(run(LazyPoolTestCase.class), "takesTheFirstConnection()");

        EngineExecutionResults neverClosed = run(LazyPoolNeverClosedTestCase.class);
        assertPassed(neverClosed, "takesTheFirstConnection()");
        ThreadLeakError classEnd = leakError(neverClosed, "ClassFixturesTest$LazyPoolNeverClosedTestCase");
        assertTrue(classEnd.getMessage().contains("takesTheFirstConnection()"), classEnd.getMessage());
        assertTrue(classEnd.getMessage().contains("housekeeper"), classEnd.getMessage());
    }

    /** Tests a superclass declares in a nested class, run by each subclass (ShedLock's H2 and HSQLDB suites). */
    abstract static class DatabaseTestCase {
        @Nested
        class DbTime {
            @Test
            void leavesAThread() {
                ParkedThreads.daemon("db-time", () -> ParkedThreads.quietly(NEVER::await));
            }
        }
    }

    @DetectThreadLeaks(grace = "100ms")
    static class H2TestCase extends DatabaseTestCase {
    }

    @DetectThreadLeaks(grace = "100ms")
    static class HsqlTestCase extends DatabaseTestCase {
    }

    /**
     * Named where it was declared, both runs were {@code DatabaseTestCase.DbTime.leavesAThread()}:
     * no reader could tell which database's run leaked, and they shared one report file.
     */
    @Test
    void aNestedTestASuperclassDeclaresIsNamedUnderTheClassThatRanIt() {
        ThreadLeakError h2 = leakError(run(H2TestCase.class), "leavesAThread()");
        ThreadLeakError hsql = leakError(run(HsqlTestCase.class), "leavesAThread()");
        NEVER.countDown();

        assertTrue(h2.getMessage().contains("from test `ClassFixturesTest.H2TestCase.DbTime.leavesAThread()`"),
                h2.getMessage());
        assertTrue(hsql.getMessage().contains("from test `ClassFixturesTest.HsqlTestCase.DbTime.leavesAThread()`"),
                hsql.getMessage());
        assertTrue(h2.report().scope().name().equals(
                ClassFixturesTest.class.getName() + "$H2TestCase$DbTime.leavesAThread()"), h2.report().scope().name());
    }

    /**
     * The subclass's static field is the class's own, not a JVM-wide singleton's: what it holds, the
     * class ends, and what the class did not end fails it, naming the test. Taken for another
     * class's field, the pool was excused as one for the whole JVM.
     */
    @Test
    void aFieldOfTheClassThatRunsASuperclasssNestedTestsIsThatClasssOwn() {
        assumeTrue(TestMode.agent(), "the holder is found in the heap");
        EngineExecutionResults results = run(PoolKeepingSuite.class);
        PoolKeepingSuite.pool.shutdownNow();

        assertPassed(results, "usesThePool()");
        ThreadLeakError classEnd = leakError(results, "PoolKeepingSuite");
        assertTrue(classEnd.getMessage().contains("left by test `PoolKeepingSuite.Usage.usesThePool()`: the test "
                + "class's static field"), classEnd.getMessage());
    }
}
