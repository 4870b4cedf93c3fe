package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exit code 3 and one line saying which problem and what to try, for every JVM we cannot reach. */
class UnreachableJvmTest {

    private static final String NO_SUCH_PID = "999999";

    @ParameterizedTest
    @ValueSource(strings = {"dump", "check", "attach", "watch"})
    void noSuchPid(String command) {
        assumeTrue(ProcessHandle.of(999_999).isEmpty(), "pid 999999 exists on this machine");
        CommandRun run = CommandRun.of(command, NO_SUCH_PID);
        assertEquals(3, run.exitCode(), run.toString());
        assertEquals("threadleak: no process with pid 999999; list the JVMs you can reach with 'threadleak ps'",
                run.err().strip());
        assertEquals("", run.out());
    }

    @Test
    void aProcessThatIsNotAJvmIsNamedAndRefusedAtOnce() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/status")), "needs /proc");
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            long started = System.nanoTime();
            CommandRun run = CommandRun.of("dump", Long.toString(sleep.pid()));
            assertEquals(3, run.exitCode(), run.toString());
            assertEquals(1, run.errLines(), run.toString());
            assertTrue(run.err().startsWith("threadleak: pid " + sleep.pid() + " is not a JVM (it runs "), run.toString());
            assertTrue(run.err().contains("sleep"), run.toString());
            assertTrue(System.nanoTime() - started < 5_000_000_000L, "the attach API's 10 s wait is not reached");
            assertTrue(sleep.isAlive(), "the process was not signalled");
        } finally {
            sleep.destroyForcibly().waitFor();
        }
    }

    @Test
    void thisCommandItselfIsNotATarget() {
        CommandRun run = CommandRun.of("dump", Long.toString(ProcessHandle.current().pid()));
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.err().contains("is this threadleak command itself"), run.toString());
    }

    @Test
    void proveOfAPidWithoutAJvmFailsLikeTheDumpInOneLine() {
        assumeTrue(ProcessHandle.of(999_999).isEmpty(), "pid 999999 exists on this machine");
        CommandRun run = CommandRun.of("dump", NO_SUCH_PID, "--prove");
        assertEquals(3, run.exitCode(), "the exit code is the dump's: " + run);
        assertEquals(1, run.errLines(), run.toString());
        assertTrue(run.err().startsWith("threadleak: no process with pid 999999;"), run.toString());
    }

    @Test
    void psOfAPidThatIsNoJvmListsItAsUnreachable() {
        assumeTrue(ProcessHandle.of(999_999).isEmpty(), "pid 999999 exists on this machine");
        CommandRun run = CommandRun.of("ps", NO_SUCH_PID);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("999999") && l.contains("not a JVM you can reach")),
                run.toString());
    }
}
