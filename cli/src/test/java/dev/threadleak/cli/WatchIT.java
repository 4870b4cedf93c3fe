package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.cli.programs.ParkedConsumer;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code watch} against a real JVM: refreshes the table by creation site (its growth logic: WatchTableTest). */
class WatchIT {

    @TempDir
    Path dir;

    @Test
    void refreshesTheTableCountTimes() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun run = CommandRun.of("watch", child.pidArg(), "--count", "2", "--interval", "100ms");
            assertEquals(0, run.exitCode(), run.toString());
            List<String> lines = run.out().lines().toList();
            assertEquals(2, lines.stream().filter(l -> l.startsWith("threadleak watch: pid " + child.pid())).count(),
                    run.toString());
            String site = ParkedConsumer.class.getName() + ".main(ParkedConsumer.java:";
            assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+1\\s+thread\\s+.*") && l.contains(site)), run.toString());
            assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+1\\s+0\\s+thread\\s+.*") && l.contains(site)),
                    "the second refresh shows the change: " + run);
        }
    }

    @Test
    void aJvmThatExitsDuringTheWatchEndsItWithExitCode3() throws Exception {
        CountDownLatch firstRefresh = new CountDownLatch(1);
        StringWriter out = new StringWriter() {
            @Override
            public void flush() {
                if (toString().contains(" are not counted)\n")) { // the last line of the first refresh
                    firstRefresh.countDown();
                }
            }
        };
        StringWriter err = new StringWriter();
        ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, ParkedConsumer.class, "--clean").awaitReady();
        CompletableFuture<Integer> watch;
        try {
            CommandLine cmd = ThreadleakCommand.commandLine();
            cmd.setOut(new PrintWriter(out));
            cmd.setErr(new PrintWriter(err, true));
            watch = CompletableFuture.supplyAsync(() -> cmd.execute("watch", child.pidArg(), "--interval", "100ms"));
            assertTrue(firstRefresh.await(30, TimeUnit.SECONDS), "no first refresh: " + out + err);
        } finally {
            child.close();
        }
        assertEquals(3, watch.get(30, TimeUnit.SECONDS), out + "\n" + err);
        assertEquals("threadleak: pid " + child.pid() + " has exited", err.toString().strip());
    }
}
