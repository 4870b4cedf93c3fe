package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.cli.programs.ParkedConsumer;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JVMs that refuse us: exit code 3 and one line that says which refusal and what to do. */
class RefusalsIT {

    @TempDir
    Path dir;

    @Test
    void aJvmThatForbidsAttaching() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().jvmArg("-XX:+DisableAttachMechanism")
                .start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun run = CommandRun.of("dump", child.pidArg());
            assertEquals(3, run.exitCode(), run.toString());
            assertEquals(1, run.errLines(), run.toString());
            assertTrue(run.err().startsWith("threadleak: pid " + child.pid()
                    + " forbids attaching (-XX:+DisableAttachMechanism); restart it without that flag"), run.toString());
        }
    }

    @Test
    void aJvmThatForbidsDynamicAgents() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "-XX:-EnableDynamicAgentLoading exists from Java 21");
        try (ChildProcess child = ChildJvm.onThisJdk().withoutLateAttachFlag().jvmArg("-XX:-EnableDynamicAgentLoading")
                .start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun run = CommandRun.of("check", child.pidArg());
            assertEquals(3, run.exitCode(), run.toString());
            assertTrue(run.err().endsWith("threadleak: pid " + child.pid() + " forbids loading agents"
                    + " (-XX:-EnableDynamicAgentLoading); start it with -javaagent:" + EmbeddedAgentJar.file()
                    + " or without that flag\n"), run.toString());
        }
    }

    @Test
    void aJvmThatForbidsDynamicAgentsButStartedWithOursCanBeAsked() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "-XX:-EnableDynamicAgentLoading exists from Java 21");
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .jvmArg("-XX:-EnableDynamicAgentLoading")
                .start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun run = CommandRun.of("check", child.pidArg(), "--min-age", "0s");
            assertEquals(1, run.exitCode(), run.toString());
            assertTrue(run.out().contains("\"consumer\""), run.toString());
        }
    }

    @Test
    void aJvmOfAnotherUser() throws Exception {
        assumeTrue(LocalProcess.runningAsRoot(), "needs root, to run the CLI as another user");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser")), "needs runuser");
        assumeTrue(Files.isReadable(LaunchedCli.JAR), "needs the CLI jar: run with mvn verify");
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun run = LaunchedCli.jar(dir, List.of("/usr/sbin/runuser", "-u", "nobody", "--"), "dump", child.pidArg());
            assumeTrue(!run.err().contains("Unable to access jarfile"), "nobody cannot read the CLI jar here");
            assertEquals(3, run.exitCode(), run.toString());
            assertEquals("threadleak: pid " + child.pid() + " belongs to user root, and a JVM lets only its own user"
                    + " attach: run threadleak as root (e.g. sudo -u root ./threadleak ...)\n", run.err());
        }
    }
}
