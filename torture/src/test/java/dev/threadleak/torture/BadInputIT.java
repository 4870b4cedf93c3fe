package dev.threadleak.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.io.Deadline;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportJson;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import dev.threadleak.testsupport.ChildRun;
import dev.threadleak.torture.programs.HostileNames;
import dev.threadleak.torture.programs.LeakyWorker;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input nobody should give, given: report paths that are directories, devices and FIFOs, files
 * for {@code diff} that are huge, binary or not UTF-8, and thread names made to drive a terminal,
 * through every way a report reaches one. What the user had is never lost or replaced, every
 * error is one line with the documented exit code, and the terminal shows text, never commands.
 */
class BadInputIT {

    @TempDir
    Path dir;

    @Test
    void aDirectoryAsTheReportIsRefusedInOneLineAndNothingIsMadeBesideIt() throws Exception {
        Path reports = Files.createDirectory(dir.resolve("reports"));
        Set<String> before = names(dir);
        ChildRun run = ChildJvm.onThisJdk().agent("on-exit=true,report=" + reports).run(dir, LeakyWorker.class);

        assertEquals(0, run.exitCode(), run.toString());
        UserSees.oneLine(run.stderr(), "threadleak: cannot write the report to " + reports + ": is a directory",
                run.toString());
        assertEquals(Set.of(), names(reports));
        Set<String> after = names(dir);
        after.removeIf(n -> n.endsWith(".stdout") || n.endsWith(".stderr"));
        assertEquals(before, after, "nothing made beside it");
    }

    @Test
    void aDeviceIsWrittenInPlaceAndNeverReplaced() throws Exception {
        Path toNull = Files.createSymbolicLink(dir.resolve("null"), Path.of("/dev/null"));
        ChildRun run = ChildJvm.onThisJdk().agent("on-exit=true,report=" + toNull).run(dir, LeakyWorker.class);

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("", run.stderr(), run.toString());
        assertTrue(Files.isSymbolicLink(toNull));
        assertTrue(Files.readAttributes(Path.of("/dev/null"), java.nio.file.attribute.BasicFileAttributes.class).isOther(),
                "/dev/null is still a device");
    }

    @Test
    void aFifoThatNothingReadsDoesNotHoldTheJvmsExit() throws Exception {
        Path fifo = fifo("nobody-reads");
        ChildRun run = ChildJvm.onThisJdk().agent("on-exit=true,report=" + fifo).timeout(Duration.ofSeconds(30))
                .run(dir, LeakyWorker.class);

        assertEquals(0, run.exitCode(), run.toString());
        UserSees.oneLine(run.stderr(), "threadleak: cannot write the report to " + fifo + ": it is a FIFO that nothing"
                + " read within 5 s; the report is given up", run.toString());
        assertEquals("p", type(fifo), "still a FIFO");
    }

    @Test
    void aFifoWithAReaderGetsTheReport() throws Exception {
        Path fifo = fifo("read");
        AtomicReference<String> read = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                read.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                read.set("failed: " + e);
            }
        }, "fifo-reader");
        reader.setDaemon(true);
        reader.start();
        ChildRun run = ChildJvm.onThisJdk().agent("on-exit=true,report=" + fifo).run(dir, LeakyWorker.class);
        assertTrue(Deadline.after(Duration.ofSeconds(30)).join(reader), "the reader got an end of file");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("", run.stderr(), run.toString());
        assertTrue(read.get().contains("THREAD LEAKED: \"leaky-worker\""), read.get());
    }

    @Test
    void reportFilesThatAreHugeBinaryOrNotUtf8AreOneLineAndExitTwo() throws Exception {
        Path good = dir.resolve("good.json");
        ChildRun wrote = ChildJvm.onThisJdk().agent("on-exit=true,format=json,report=" + good).run(dir, LeakyWorker.class);
        assertEquals(0, wrote.exitCode(), wrote.toString());

        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(3L << 30); // sparse: 3 GB that take no disk
        }
        byte[] noise = new byte[4096];
        new Random(11).nextBytes(noise);
        noise[10] = 0;
        Path binary = Files.write(dir.resolve("binary.json"), noise);
        Path latin1 = Files.write(dir.resolve("latin1.json"),
                "{\"schema\":\"threadleak/1\",\"notes\":[\"caf\u00e9\"]}".getBytes(StandardCharsets.ISO_8859_1));
        Path directory = Files.createDirectory(dir.resolve("a-directory.json"));

        for (Path bad : List.of(huge, binary, latin1, directory, dir.resolve("missing.json"))) {
            ChildRun diff = Cli.run(dir, List.of("-Xmx256m"), "diff", good.toString(), bad.toString());
            String context = bad.getFileName() + ": " + diff;
            assertEquals(2, diff.exitCode(), context);
            UserSees.oneLine(diff.stderr(), "threadleak diff: " + bad, context);
            UserSees.noTrace(diff.stderr(), context);
            assertEquals("", diff.stdout(), context);
        }
    }

    @Test
    void hostileThreadNamesReachNoTerminalRaw() throws Exception {
        ChildProcess child = ChildJvm.onThisJdk().agent("on-exit=true").start(dir, HostileNames.class).awaitReady();
        try (child) {
            ChildRun dump = Cli.run(dir, "dump", child.pidArg(), "--min-age", "0s");
            assertEquals(0, dump.exitCode(), dump.toString());
            assertTrue(dump.stdout().contains("\\u001b]0;owned\\u0007evil\\r\\nTHREAD LEAKED: fake line"), dump.toString());
            UserSees.terminalSafe(dump.stdout() + dump.stderr(), HostileNames.FORGED, dump.toString());

            ChildRun check = Cli.run(dir, "check", child.pidArg(), "--min-age", "0s");
            assertEquals(1, check.exitCode(), check.toString());
            UserSees.terminalSafe(check.stdout() + check.stderr(), HostileNames.FORGED, check.toString());

            ChildRun watch = Cli.run(dir, "watch", child.pidArg(), "--count", "1");
            assertEquals(0, watch.exitCode(), watch.toString());
            UserSees.terminalSafe(watch.stdout() + watch.stderr(), HostileNames.FORGED, watch.toString());

            ChildRun json = Cli.run(dir, "dump", child.pidArg(), "--min-age", "0s", "--format", "json");
            LeakReport report = ReportJson.read(json.stdout());
            assertTrue(report.leaks().stream().anyMatch(l -> l.thread() != null
                    && HostileNames.NAMES.contains(l.thread().name())), "JSON keeps the names as they are: " + json);
        }
        String onExit = child.stderr(); // ended politely: the agent's on-exit report went to its stderr
        assertTrue(onExit.contains("threadleak: "), onExit);
        UserSees.terminalSafe(onExit, HostileNames.FORGED, onExit);
    }

    private Path fifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        return fifo;
    }

    /** {@code p} for a FIFO, as {@code ls -l} shows it. */
    private static String type(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == 0010000 ? "p" : Integer.toOctalString(mode);
    }

    private static Set<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
