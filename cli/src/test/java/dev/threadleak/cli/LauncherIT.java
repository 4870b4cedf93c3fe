package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.cli.programs.ParkedConsumer;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportJson;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void versionNamesTheRelease() throws Exception {
        CommandRun run = LaunchedCli.launcher(dir, "--version");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("threadleak " + CliVersion.version() + "\n"), run.toString());
    }
}
