package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.cli.programs.ParkedConsumer;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attach} and {@code ps}: load once, say so, and refuse options the agent refuses. */
class AttachIT {

    @TempDir
    Path dir;

    @Test
    void attachLoadsTheAgentOnceAndPsSaysSo() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, ParkedConsumer.class, "--clean").awaitReady();
             ChildProcess withAgent = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                     .start(dir, ParkedConsumer.class, "--clean").awaitReady()) {
            CommandRun before = CommandRun.of("ps", child.pidArg(), withAgent.pidArg());
            assertEquals(0, before.exitCode(), before.toString());
            String version = CliVersion.version();
            String java = System.getProperty("java.version");
            String main = ParkedConsumer.class.getName();
            assertTrue(before.out().lines().anyMatch(l -> l.matches("\\s*" + child.pid() + "\\s+" + java.replace(".", "\\.")
                    + "\\s+no\\s+" + main.replace(".", "\\."))), before.toString());
            assertTrue(before.out().lines().anyMatch(l -> l.matches("\\s*" + withAgent.pid() + "\\s+\\S+\\s+"
                    + version.replace(".", "\\.") + "\\s+" + main.replace(".", "\\."))), before.toString());

            CommandRun attach = CommandRun.of("attach", child.pidArg(), "--options", "exit-watch=0");
            assertEquals(0, attach.exitCode(), attach.toString());
            assertEquals("threadleak: agent " + version + " loaded into pid " + child.pid(), attach.out().strip());
            CommandRun again = CommandRun.of("attach", child.pidArg(), "--options", "interval=1m");
            assertEquals(0, again.exitCode(), again.toString());
            assertTrue(again.out().contains("is already loaded in pid " + child.pid() + "; options are read once"),
                    again.toString());
            CommandRun after = CommandRun.of("ps", child.pidArg());
            assertTrue(after.out().lines().anyMatch(l -> l.trim().startsWith(child.pidArg()) && l.contains(version)),
                    after.toString());
            assertEquals("", child.stderr());
        }
    }

    @Test
    void optionsTheAgentRefusesAreAUsageErrorInOneLine() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, ParkedConsumer.class, "--clean").awaitReady()) {
            CommandRun run = CommandRun.of("attach", child.pidArg(), "--options", "bogus=1");
            assertEquals(2, run.exitCode(), run.toString());
            assertEquals(1, run.errLines(), run.toString());
            assertTrue(run.err().startsWith("threadleak attach: unknown option 'bogus'; known: report, format,"), run.toString());
            CommandRun ps = CommandRun.of("ps", child.pidArg());
            assertTrue(ps.out().lines().anyMatch(l -> l.trim().startsWith(child.pidArg()) && l.contains(" no ")),
                    "the agent did not install: " + ps);
        }
    }
}
