package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.agent.programs.FlickeringWaitsProgram;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildRun;
import java.nio.file.Path;
import java.util.List;
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
}
