package dev.threadleak.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.heapproof.DumpFile;
import dev.threadleak.report.LeakReport;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import dev.threadleak.testsupport.ChildRun;
import dev.threadleak.torture.programs.BigHeap;
import dev.threadleak.torture.programs.Idle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at the worst moments of a heap proof: of the CLI, of the target and of a JVM
 * proving its own heap at exit. A heap dump holds every secret of the application: after each,
 * nothing of it may be left on disk once the survivors (or the next JVM or CLI to start) are done.
 */
class FaultIT {

    /** A heap that takes HotSpot a second or so to write: time enough to kill something mid-dump. */
    private static final String MB = "500";
    private static final String SMALL_OBJECTS = "4000000";
    private static final String HEAP = "-Xmx1500m";
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void theTargetDeletesTheDumpOfACliKilledMidDump() throws Exception {
        Path cliTmp = Files.createDirectory(dir.resolve("cli-tmp"));
        try (ChildProcess target = ChildJvm.onThisJdk().agent("").jvmArg(HEAP)
                .start(dir, BigHeap.class, MB, SMALL_OBJECTS, "wait").awaitReady()) {
            try (ChildProcess cli = Cli.start(dir, List.of("-Djava.io.tmpdir=" + cliTmp), "dump", target.pidArg(),
                    "--prove", "--min-age", "0s")) {
                assertTrue(DumpDirectories.awaitDumpBegun(cliTmp, LIMIT), "the dump never began: " + cli.stderr());
                killNine(cli.pid());
            }

            assertEquals(List.of(), DumpDirectories.awaitNone(cliTmp, LIMIT), "the dump outlived its requester");
            ChildRun again = Cli.run(dir, "dump", target.pidArg(), "--min-age", "0s");
            assertEquals(0, again.exitCode(), "the target serves on: " + again);
            assertTrue(again.stdout().contains("\"consumer\""), again.toString());
        }
    }

    @Test
    void theCliDeletesThePartialDumpOfATargetKilledMidDump() throws Exception {
        Path cliTmp = Files.createDirectory(dir.resolve("cli-tmp"));
        ChildRun cli;
        try (ChildProcess target = ChildJvm.onThisJdk().agent("").jvmArg(HEAP)
                .start(dir, BigHeap.class, MB, SMALL_OBJECTS, "wait").awaitReady();
             ChildProcess running = Cli.start(dir, List.of("-Djava.io.tmpdir=" + cliTmp), "dump", target.pidArg(),
                     "--prove", "--min-age", "0s")) {
            assertTrue(DumpDirectories.awaitDumpBegun(cliTmp, LIMIT), "the dump never began: " + running.stderr());
            killNine(target.pid());
            cli = running.awaitExit(LIMIT);
        }

        assertEquals(0, cli.exitCode(), "the report was taken before the dump: it is printed; " + cli);
        assertTrue(cli.stdout().contains("\"consumer\""), cli.toString());
        String line = UserSees.oneLine(cli.stderr(), "threadleak dump: --prove: no heap proof (", cli.toString());
        assertTrue(line.contains("exited"), line);
        UserSees.noTrace(cli.stderr(), cli.toString());
        assertEquals(List.of(), DumpDirectories.in(cliTmp), "nothing of the partial dump is left");
    }

    @Test
    void aJvmKilledWhileProvingItsHeapAtExitLeavesADumpTheNextAgentDeletes() throws Exception {
        Path jvmTmp = Files.createDirectory(dir.resolve("jvm-tmp"));
        try (ChildProcess exiting = ChildJvm.onThisJdk()
                .agent("on-exit=true,prove=true,prove-budget=1h,report=" + dir.resolve("exit.txt"))
                .jvmArg(HEAP).jvmArg("-Djava.io.tmpdir=" + jvmTmp)
                .start(dir, BigHeap.class, MB, SMALL_OBJECTS, "exit")) {
            assertTrue(DumpDirectories.awaitDumpBegun(jvmTmp, LIMIT), "the proof never began: " + exiting.stderr());
            killNine(exiting.pid());
        }
        assertFalse(DumpDirectories.in(jvmTmp).isEmpty(), "kill -9 runs no cleanup: this is what the next JVM finds");

        try (ChildProcess next = ChildJvm.onThisJdk().agent("").jvmArg("-Djava.io.tmpdir=" + jvmTmp)
                .start(dir, Idle.class).awaitReady()) {
            assertEquals(List.of(), DumpDirectories.awaitNone(jvmTmp, LIMIT), "the next agent deletes the dead JVM's dump");
        }
    }

    @Test
    void theAtExitProofThatWouldNotFitItsBudgetIsSkippedWithANote() throws Exception {
        Path jvmTmp = Files.createDirectory(dir.resolve("jvm-tmp"));
        Path report = dir.resolve("exit.json");
        ChildRun run = ChildJvm.onThisJdk().agent("on-exit=true,prove=true,format=json,report=" + report)
                .jvmArg(HEAP).jvmArg("-Djava.io.tmpdir=" + jvmTmp).run(dir, BigHeap.class, "600", "0", "exit");

        assertEquals(0, run.exitCode(), run.toString());
        LeakReport exit = ChildJvm.report(report);
        assertTrue(exit.notes().stream().anyMatch(n -> n.startsWith("heap proof skipped: it would take an estimated ")
                && n.contains("more than its prove-budget of 10.0 s")), exit.toText());
        assertEquals(List.of(), DumpDirectories.in(jvmTmp), "skipped: nothing was dumped");
    }

    @Test
    void everyCliRunDeletesTheDumpsOfProcessesThatAreGoneAndOnlyThose() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        Path stale = Files.createDirectory(tmp.resolve(DumpFile.PREFIX + gone.pid() + "-1"));
        Files.writeString(stale.resolve("heap.hprof.p0"), "secrets of a JVM killed mid-dump");
        try (ChildProcess live = ChildJvm.onThisJdk().start(dir, Idle.class).awaitReady()) {
            Path owned = Files.createDirectory(tmp.resolve(DumpFile.PREFIX + live.pid() + "-2"));
            Files.writeString(owned.resolve("heap.hprof"), "a dump being written");

            ChildRun ps = Cli.run(dir, List.of("-Djava.io.tmpdir=" + tmp), "ps");

            assertEquals(0, ps.exitCode(), ps.toString());
            assertFalse(Files.exists(stale), "its owner is gone");
            assertTrue(Files.exists(owned.resolve("heap.hprof")), "its owner lives: never touched");
        }
    }

    /**
     * Kills {@code pid} as {@code kill -9} does, and then deletes the attach socket HotSpot made in
     * {@code /tmp} when something attached to it: a JVM deletes its own as it exits, which a
     * killed one cannot, and a test leaves nothing behind.
     */
    private static void killNine(long pid) throws Exception {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            process.get().destroyForcibly();
            process.get().onExit().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        }
        Files.deleteIfExists(Path.of("/tmp", ".java_pid" + pid));
    }
}
