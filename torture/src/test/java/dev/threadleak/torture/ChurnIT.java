package dev.threadleak.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportJson;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import dev.threadleak.testsupport.ChildRun;
import dev.threadleak.torture.programs.Churn;
import dev.threadleak.torture.programs.WovenContention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load that held up when the issue tried it by hand, kept that way: threads churned by the
 * hundred thousand and parked by the ten thousand, and every woven method contended. The host
 * computes what it must, nothing hangs, the agent reports what is there, and what it keeps of
 * threads long gone is bounded.
 */
class ChurnIT {

    private static final boolean VIRTUAL = Runtime.version().feature() >= 21;

    @TempDir
    Path dir;

    @Test
    void churnedAndParkedThreadsAreCountedRightAndForgottenWhenGone() throws Exception {
        int platform = Torture.size(2_000, 20_000);
        int virtual = VIRTUAL ? Torture.size(200_000, 1_000_000) : 0;
        int parkedVirtual = VIRTUAL ? Torture.size(20_000, 100_000) : 0;
        int parkedPlatform = Torture.size(500, 5_000);
        Path go = dir.resolve("go");
        ChildProcess child = ChildJvm.onThisJdk().agent("").jvmArg("-Xmx1g").start(dir, Churn.class,
                Integer.toString(platform), Integer.toString(virtual), Integer.toString(parkedVirtual),
                Integer.toString(parkedPlatform), go.toString());
        try (child) {
            assertNotNull(child.awaitLine(("ran " + (platform / 4 * 4 + virtual))::equals), child.stdout());
            String kept = child.awaitLine(l -> l.startsWith("heap kept after churn "));
            long keptBytes = Long.parseLong(kept.substring("heap kept after churn ".length()));
            assertTrue(keptBytes < 64L << 20, "the agent keeps what it knew of churned threads: " + kept);
            child.awaitReady();

            ChildRun dump = Cli.run(dir, "dump", child.pidArg(), "--format", "json", "--min-age", "0s");
            assertEquals(0, dump.exitCode(), dump.toString());
            LeakReport report = ReportJson.read(dump.stdout());
            assertEquals(parkedVirtual, count(report, LeakKind.VIRTUAL_THREAD, null), report.toText());
            assertEquals(parkedPlatform, count(report, LeakKind.THREAD, "parked-platform"), report.toText());
            assertTrue(report.stats().liveThreads() < parkedPlatform + 50,
                    "churned threads are forgotten once they end: " + report.stats());
            assertEquals(parkedVirtual, report.stats().liveVirtualThreads(), report.stats().toString());
            assertEquals(0, report.stats().droppedRecords(), report.stats().toString());

            Files.createFile(go);
            ChildRun end = child.awaitExit(Duration.ofMinutes(2));
            assertEquals(0, end.exitCode(), end.toString());
            assertTrue(end.stdout().contains("all let go"), end.toString());
            assertEquals("", end.stderr(), "the agent says nothing it was not asked for: " + end);
        }
    }

    @Test
    void everyWovenMethodUnderContentionComputesWhatItMust() throws Exception {
        String threads = Integer.toString(Torture.size(4, 8));
        String rounds = Integer.toString(Torture.size(50, 500));
        ChildRun run = ChildJvm.onThisJdk().agent("").timeout(Duration.ofMinutes(Torture.LONG ? 30 : 3))
                .run(dir, WovenContention.class, threads, rounds);

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().startsWith("ok checks="), run.toString());
        assertTrue(run.stdout().contains("uncaught=" + Integer.parseInt(threads) * Integer.parseInt(rounds)),
                "every uncaught death reached the application's own handler: " + run);
        assertEquals("", run.stderr(), "the agent says nothing it was not asked for: " + run);
    }

    /** The members of the leaks of {@code kind} (named {@code name}, if given). */
    private static long count(LeakReport report, LeakKind kind, String name) {
        return report.leaks().stream().filter(l -> l.kind() == kind)
                .filter(l -> name == null || (l.thread() != null && l.thread().name().equals(name)))
                .mapToLong(Leak::count).sum();
    }
}
