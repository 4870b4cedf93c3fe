package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.cli.programs.ParkedConsumer;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check}: exit 1 and the report for a leak, 0 for a clean JVM. */
class CheckIT {

    @TempDir
    Path dir;

    @Test
    void aParkedConsumerIsALeak() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun run = CommandRun.of("check", child.pidArg(), "--min-age", "0s");
            assertEquals(1, run.exitCode(), run.toString());
            assertTrue(run.out().startsWith("threadleak: 1 leak in jvm"), run.toString());
            assertTrue(run.out().contains("THREAD SUSPECT: \"consumer\""), run.toString());
        }
    }

    @Test
    void aCleanJvmHasNone() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, ParkedConsumer.class, "--clean").awaitReady()) {
            CommandRun run = CommandRun.of("check", child.pidArg(), "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
            assertTrue(run.out().startsWith("threadleak: 0 leaks in jvm"), run.toString());
        }
    }

    @Test
    void aCleanJvmWithTheAgentFromTheStartHasNone() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, ParkedConsumer.class, "--clean").awaitReady()) {
            CommandRun run = CommandRun.of("check", child.pidArg(), "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
        }
    }
}
