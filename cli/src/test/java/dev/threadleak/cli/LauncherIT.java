package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.cli.programs.ParkedConsumer;
import dev.threadleak.report.JvmInfo;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportJson;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import dev.threadleak.report.ScopeInfo;
import dev.threadleak.report.ThreadInfo;
import dev.threadleak.report.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's "done when", through {@code ./threadleak} and the shaded jar, whose embedded agent
 * is the one loaded: a program started without the agent, its consumer parked on a queue.
 */
class LauncherIT {

    @TempDir
    Path dir;

    @Test
    void theLauncherIsExecutable() {
        assertTrue(Files.isExecutable(LaunchedCli.LAUNCHER), LaunchedCli.LAUNCHER.toString());
    }

    @Test
    void dumpAndCheckAProgramStartedWithoutTheAgent() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun dump = LaunchedCli.launcher(dir, "dump", child.pidArg(), "--format", "json", "--min-age", "0s");
            assertEquals(0, dump.exitCode(), dump.toString());
            LeakReport report = ReportJson.read(dump.out());
            Leak consumer = DumpIT.consumer(report);
            assertTrue(DumpIT.parkedInTake(consumer), "names where it is parked: " + report.toText());

            CommandRun check = LaunchedCli.launcher(dir, "check", child.pidArg(), "--min-age", "0s");
            assertEquals(1, check.exitCode(), check.toString());
            assertTrue(check.out().contains("\"consumer\""), check.toString());
            assertEquals("", child.stderr(), "nothing printed in the target");
        }
    }

    @Test
    void dumpOfAPidWithoutAJvmExits3WithOneLine() throws Exception {
        assumeTrue(ProcessHandle.of(999_999).isEmpty(), "pid 999999 exists on this machine");
        CommandRun run = LaunchedCli.launcher(dir, "dump", "999999");
        assertEquals(3, run.exitCode(), run.toString());
        assertEquals("threadleak: no process with pid 999999; list the JVMs you can reach with 'threadleak ps'\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void aReportTooBigForTheHeapIsOneLineAndExit2() throws Exception {
        List<Leak> leaks = new ArrayList<>();
        String filler = "x".repeat(400);
        for (int i = 0; i < 100_000; i++) { // unique strings, about 60 MB: more than the CLI's 32 MB of heap holds
            leaks.add(Leak.builder(LeakKind.THREAD, Verdict.SUSPECT).thread(new ThreadInfo(i, "worker-" + i, false, true,
                    "WAITING")).reason(i + filler).build());
        }
        Path big = dir.resolve("big.json");
        Files.writeString(big, new LeakReport(LeakReport.SCHEMA, new JvmInfo(1, "17", JvmInfo.AGENT), "2026-01-01T00:00:00Z",
                new ScopeInfo("jvm", "live"), leaks, null, null, null).toJson());
        CommandRun run = LaunchedCli.jar(dir, List.of(), List.of("-Xmx32m"), "diff", big.toString(), big.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.errLines(), run.toString());
        assertTrue(run.err().matches("threadleak diff: " + Pattern.quote(big.toString()) + ": too big to read in this"
                + " JVM's \\d+ MB of heap; give the CLI more heap, e.g. JAVA_TOOL_OPTIONS=-Xmx4g\\R"), run.toString());
    }

    @Test
    void versionNamesTheRelease() throws Exception {
        CommandRun run = LaunchedCli.launcher(dir, "--version");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("threadleak " + CliVersion.version() + "\n"), run.toString());
    }
}
