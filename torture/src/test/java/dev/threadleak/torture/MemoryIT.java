package dev.threadleak.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportJson;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import dev.threadleak.testsupport.ChildRun;
import dev.threadleak.torture.programs.ExecutorChurn;
import dev.threadleak.torture.programs.NearlyFullHeap;
import dev.threadleak.torture.programs.QueuedTasks;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the agent remembers is bounded and never outlives what it describes: records of executors
 * long closed are freed without waiting for the application to make another, what the bound
 * drops is counted where the user looks, and a full heap does not cost the user the report.
 */
class MemoryIT {

    /** What the agent may still hold after the churn, above what the JVM held before it. */
    private static final long SLACK_KB = 8 * 1024;

    @TempDir
    Path dir;

    @Test
    void recordsOfClosedExecutorsAreFreedWithoutANewExecutor() throws Exception {
        int executors = Torture.size(20_000, 100_000);
        try (ChildProcess child = ChildJvm.onThisJdk().agent("").start(dir, ExecutorChurn.class,
                Integer.toString(executors))) {
            long baseline = number(child.awaitLine(l -> l.startsWith("baseline ")));
            assertNotNull(child.awaitLine(l -> l.startsWith("churned ")), child.stderr());
            String freed = child.awaitLine(l -> l.startsWith("used ") && number(l) < baseline + SLACK_KB);
            assertNotNull(freed, "the heap never came back within " + SLACK_KB + " KB of " + baseline + " KB: "
                    + child.stdout());
        }
    }

    @Test
    void everyTaskTheBoundDropsIsCountedInTheReportAndTheMBean() throws Exception {
        int tasks = 50_000;
        try (ChildProcess child = ChildJvm.onThisJdk().agent("max-records=1000,tasks=all")
                .start(dir, QueuedTasks.class, Integer.toString(tasks)).awaitReady()) {
            String out = child.stdout();
            assertTrue(out.contains("mbean DroppedRecords=" + (tasks - 1000)), out);
            assertTrue(out.contains("mbean DroppedTasks=" + (tasks - 1000)), out);
            assertTrue(out.contains("mbean DroppedThreads=0"), out);

            ChildRun dump = Cli.run(dir, "dump", child.pidArg(), "--format", "json");
            assertEquals(0, dump.exitCode(), dump.toString());
            LeakReport report = ReportJson.read(dump.stdout());
            assertEquals(tasks - 1000, report.stats().droppedRecords(), report.toText());
            assertEquals(Long.valueOf(tasks - 1000), report.stats().dropped().get("tasks"), report.toText());
            assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("max-records=1000 was reached: "
                    + (tasks - 1000) + " tasks were not tracked")), report.toText());

            ChildRun text = Cli.run(dir, "dump", child.pidArg());
            assertTrue(text.stdout().contains((tasks - 1000) + " not tracked (record bound reached: " + (tasks - 1000)
                    + " tasks)"), text.toString());
        }
    }

    @Test
    void theOnExitReportIsWrittenWhenTheApplicationFilledItsHeap() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().jvmArg("-Xmx64m").agent("on-exit=true").run(dir, NearlyFullHeap.class, "100");

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("THREAD LEAKED: \"leaky-worker\""), run.toString());
        assertTrue(run.stdout().contains(NearlyFullHeap.HOOK_LINE), "the application's own hook ran too: " + run);
        UserSees.noTrace(run.stderr(), run.toString());
    }

    private static long number(String line) {
        return Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
    }
}
