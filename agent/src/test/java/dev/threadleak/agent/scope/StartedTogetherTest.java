package dev.threadleak.agent.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.threadleak.agent.executors.WorkersPool;
import dev.threadleak.api.Finding;
import dev.threadleak.report.ExecutorInfo;
import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.TaskInfo;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * What belongs to a pool a static field holds: here, a timer queued by a worker that has ended,
 * known only by the pool it worked for.
 */
class StartedTogetherTest {

    private static final String FIELD = "com.acme.Database.pool";
    private static final ThreadRef MAIN = new ThreadRef(1, "main");
    private static final ThreadRef ADDER = new ThreadRef(9, "db-adder");
    /** The database's scheduler and its adder pool: two lines of one constructor, one call of it. */
    private static final List<Frame> SCHEDULER_MADE = List.of(
            new Frame("java.util.concurrent.ScheduledThreadPoolExecutor", "<init>", "ScheduledThreadPoolExecutor.java", 1),
            new Frame("com.acme.Database", "<init>", "Database.java", 10),
            new Frame("com.acme.Database", "start", "Database.java", 20),
            new Frame("com.acme.DatabaseTest", "setUp", "DatabaseTest.java", 5));
    private static final List<Frame> ADDER_POOL_MADE = List.of(
            new Frame("java.util.concurrent.ThreadPoolExecutor", "<init>", "ThreadPoolExecutor.java", 1),
            new Frame("com.acme.Database", "<init>", "Database.java", 11),
            new Frame("com.acme.Database", "start", "Database.java", 20),
            new Frame("com.acme.DatabaseTest", "setUp", "DatabaseTest.java", 5));
    private static final List<Frame> TESTS_OWN_POOL_MADE = List.of(
            new Frame("java.util.concurrent.ThreadPoolExecutor", "<init>", "ThreadPoolExecutor.java", 1),
            new Frame("com.acme.DatabaseTest", "schedules", "DatabaseTest.java", 30));

    @Test
    void aTimerAnEndedWorkerOfAPoolMadeWithTheHeldOneQueuedIsTheHeldOnes() {
        List<Finding> told = told(id -> id == ADDER.id() ? new WorkersPool("adders@1", ADDER_POOL_MADE, MAIN) : null);

        assertEquals(FIELD, told.get(0).heldBy());
        assertEquals(ADDER, told.get(0).startedWith(), "the reason names the worker that queued it");
    }

    @Test
    void aTimerAnEndedWorkerOfTheTestsOwnPoolQueuedIsNot() {
        List<Finding> told = told(id -> id == ADDER.id() ? new WorkersPool("own@2", TESTS_OWN_POOL_MADE, MAIN) : null);

        assertNull(told.get(0).heldBy());
    }

    @Test
    void aTimerOfAThreadThatWorkedForNoPoolIsNot() {
        assertNull(told(id -> null).get(0).heldBy());
    }

    private static List<Finding> told(LongFunction<WorkersPool> poolOfWorker) {
        return StartedTogether.withCompanions(List.of(timerKeptBy()), List.of(heldScheduler()), f -> null,
                poolOfWorker);
    }

    private static Finding heldScheduler() {
        Leak leak = Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(new ExecutorInfo("java.util.concurrent.ScheduledThreadPoolExecutor", "scheduler@3", "running",
                        List.of(new ThreadRef(5, "db-housekeeper")), 1, 0, null, null, null))
                .createdAt(SCHEDULER_MADE).createdBy(MAIN).build();
        return new Finding(leak, null, List.of()).heldBy(FIELD);
    }

    private static Finding timerKeptBy() {
        Leak leak = Leak.builder(LeakKind.TASK, Verdict.LEAKED)
                .task(new TaskInfo("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask", "timer@4",
                        "scheduler@3", "queued", null, null, null, null, null, null, false, 0, null, null))
                .createdAt(List.of(new Frame("com.acme.Database", "addConnection", "Database.java", 40)))
                .createdBy(ADDER).build();
        return new Finding(leak, null, List.of()).keptBy(FIELD);
    }
}
