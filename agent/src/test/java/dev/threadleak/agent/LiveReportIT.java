package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.agent.programs.FlickeringWaitsProgram;
import dev.threadleak.agent.programs.JvmDeadlocksProgram;
import dev.threadleak.agent.programs.ServerThreadsProgram;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live report (the CLI's dump and check) of a JVM whose threads are busy. */
class LiveReportIT {

    @TempDir
    Path dir;

    /**
     * A thread caught in a wait of a moment (a lock contended, an {@code Object.wait} for a turn) was
     * a suspect by its age, where nobody saw the wait begin, and one listed waiting but running as
     * its stack was taken said RUNNABLE in its header and WAITING in its reason (ActiveMQ's trial: a
     * broker's socket reader, a send waiting milliseconds on its journal; `check --prove` exited 1).
     * Threads stuck for good are still suspects in every report.
     */
    @Test
    void aThreadCaughtInAMomentsWaitIsNoSuspectAndAStuckOneIsInEveryReport() throws Exception {
        int reports = 30;
        ChildRun run = ChildJvm.onThisJdk().agent("").run(dir, FlickeringWaitsProgram.class, Integer.toString(reports));
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("done " + reports), run.toString());

        List<String> lines = run.stdout().lines().toList();
        List<String> turnTakers = lines.stream().filter(l -> l.startsWith("reported|")).toList();
        for (String line : turnTakers) {
            String[] parts = line.split("\\|", 3);
            assertTrue(List.of("WAITING", "BLOCKED").contains(parts[1]) && parts[2].contains(" and " + parts[1] + ";"),
                    "one state, a waiting one, in the header and the reason: " + line);
        }
        // Before, about half the reports named one. A turn-taker whose partner a loaded machine starved
        // of the CPU for longer than the second look's window waited as long, and may be named: rarely
        assertTrue(turnTakers.size() <= 3, "threads that ran between looks: " + turnTakers);
        assertEquals(reports, lines.stream().filter(l -> l.equals("stuck|stuck-entering")).count(), run.stdout());
        assertEquals(reports, lines.stream().filter(l -> l.equals("stuck|stuck-waiting")).count(), run.stdout());
    }

    /**
     * Tomcat's trial: a server's request threads share one creation site, and a report reads the
     * stacks of three. Five stuck in three kinds of wait read as one block, on the wait and at the
     * line of the one shown, "4 of these 5" where nothing was known of two; of five pools made per
     * call, the three idle workers whose stacks were read were left out as idle and the two others
     * shown; and a 60 s read's timed wait was a suspect 42 s into it, "wakes in 18.2 s".
     */
    @Test
    void aServersThreadsReadAsTheirWaitsAreAndIdleOnesAreLeftOut() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent("").run(dir, ServerThreadsProgram.class);
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.stdout().lines().toList();

        Set<String> blocks = lines.stream().filter(l -> l.startsWith("leak|")).map(l -> l.split("\\|", 4))
                .map(p -> p[1].replaceAll("\\d+$", "") + " x" + p[2] + " " + p[3]).collect(Collectors.toSet());
        assertEquals(Set.of("server- x4 java.util.concurrent.SynchronousQueue.put",
                "server- x1 java.util.concurrent.CountDownLatch.await",
                "server- x2 java.util.concurrent.locks.ReentrantLock.lockInterruptibly",
                "timed-hour x1 java.util.concurrent.CountDownLatch.await"), blocks, run.stdout());
        assertTrue(run.stdout().matches("(?s).*\\(stacks of 3 of these 4 read: [12] here, [12] elsewhere; on 3 objects of this"
                + " class\\).*"), "the queue's four: two at one line on one queue, two at another on their own, three "
                + "looked at: " + run.stdout());
        assertTrue(lines.contains("note|not shown: 1 thread in a timed wait that ends by itself before min-age passes"),
                run.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("note|not shown, as a running JVM's normal state: 6 idle workers")),
                "five pools' per-call workers and the server's idle one: " + run.stdout());
    }

    /**
     * A deadlock the JVM itself detects is a fact, not a suspect (an embedded Tomcat's trial: two
     * request threads deadlocked on two monitors read as one SUSPECT block under one wait line).
     * Each member stands alone with the cycle, whatever min-age; a thread blocked on a member's
     * monitor from outside the cycle is not deadlocked by the JVM's word.
     */
    @Test
    void threadsInADeadlockTheJvmDetectsAreDeadlockedEachOnItsOwnAndABystanderIsNot() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent("").run(dir, JvmDeadlocksProgram.class, "0", "600000");
        assertEquals(0, run.exitCode(), run.stderr());
        List<String> reports = List.of(run.stdout().split("report done\\R", -1));
        assertEquals(3, reports.size(), "two reports, each ended by its line: " + run);

        String reason = "in a wait-for cycle the JVM itself detects (ThreadMXBean.findDeadlockedThreads): none of them"
                + " can ever leave it";
        Map<String, String> anyAge = leaks(reports.get(0));
        assertEquals("DEADLOCKED|monitor-a,monitor-b|" + reason, anyAge.get("monitor-a"), run.stdout());
        assertEquals("DEADLOCKED|monitor-a,monitor-b|" + reason, anyAge.get("monitor-b"), run.stdout());
        assertEquals("DEADLOCKED|lock-a,lock-b|" + reason, anyAge.get("lock-a"), run.stdout());
        assertEquals("DEADLOCKED|lock-a,lock-b|" + reason, anyAge.get("lock-b"), run.stdout());
        assertTrue(anyAge.get("bystander").startsWith("SUSPECT||"), run.stdout());

        Map<String, String> tenMinutes = leaks(reports.get(1));
        assertEquals(List.of("lock-a", "lock-b", "monitor-a", "monitor-b"), tenMinutes.keySet().stream().sorted().toList(),
                "younger than min-age, deadlocked all the same: " + run.stdout());
    }

    /** One report's lines {@code leak|name|verdict|cycle|reason}, by name: a name twice fails. */
    private static Map<String, String> leaks(String report) {
        return report.lines().filter(l -> l.startsWith("leak|")).map(l -> l.split("\\|", 3))
                .collect(Collectors.toMap(p -> p[1], p -> p[2]));
    }
}
