package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadleak.cli.programs.HostileThreadName;
import dev.threadleak.cli.programs.ParkedConsumer;
import dev.threadleak.cli.programs.VirtualThreadsOnTwoLatches;
import dev.threadleak.heapproof.DumpFile;
import dev.threadleak.io.Deadline;
import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakGroups;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportJson;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dump} against real JVMs: one started with the agent, one that gets it late. */
class DumpIT {

    @TempDir
    Path dir;

    static Leak consumer(LeakReport report) {
        return report.leaks().stream().filter(l -> l.thread() != null && l.thread().name().equals("consumer")).findFirst()
                .orElseThrow(() -> new AssertionError("no leak names the consumer:\n" + report.toText()));
    }

    static boolean parkedInTake(Leak leak) {
        return leak.stack().stream().anyMatch(f -> f.qualifiedMethod().equals("java.util.concurrent.LinkedBlockingQueue.take"));
    }

    @Test
    void theAgentSweepsTheHeapDumpsOfKilledProcessesOnceTheChannelIsOpen() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        Path stale = Files.createDirectory(tmp.resolve(DumpFile.PREFIX + gone.pid() + "-1"));
        Files.writeString(stale.resolve("heap.hprof"), "secrets of a JVM killed mid-dump");
        try (ChildProcess child = ChildJvm.onThisJdk().jvmArg("-Djava.io.tmpdir=" + tmp)
                .start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun run = CommandRun.of("dump", child.pidArg(), "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
            // the sweep comes after the answer, not before it: poll for it
            boolean swept = Deadline.after(Duration.ofSeconds(20)).pollUntil(() -> !Files.exists(stale), b -> b,
                    (last, d) -> d.sleep(Duration.ofMillis(20)));
            assertTrue(swept, "its owner is gone: the agent deletes the dump, even though it answered first");
        }
    }

    @Test
    void lateAttachNamesTheParkedConsumerAndWhereItWaits() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun run = CommandRun.of("dump", child.pidArg(), "--format", "json", "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("threadleak: loading the agent into pid " + child.pid()
                    + "; threads that started before it are reported without creation sites", run.err().strip());
            LeakReport report = ReportJson.read(run.out());
            assertEquals(child.pid(), report.jvm().pid());
            Leak consumer = consumer(report);
            assertEquals(Verdict.SUSPECT, consumer.verdict());
            assertEquals("WAITING", consumer.thread().state());
            assertTrue(consumer.preExisting(), "it started before the agent: " + report.toText());
            assertTrue(parkedInTake(consumer), "where it waits: " + report.toText());
            assertTrue(report.notes().stream().anyMatch(n -> n.contains("attached to a running JVM")), report.toText());
            assertNotNull(report.sites(), "a dump counts live threads by site, for diff");
            assertEquals(1, report.sites().stream().filter(s -> s.kind() == LeakKind.THREAD && s.preExisting()).count(),
                    "the threads that predate the agent count as one site: " + report.sites());
            assertTrue(report.sites().stream().anyMatch(s -> s.kind() == LeakKind.THREAD && s.preExisting()
                    && s.createdAt().isEmpty() && s.createdBy() == null && s.live() >= 2), "main and the consumer, at least: "
                    + report.sites());
            assertEquals(report.toJson() + System.lineSeparator(), run.out(),
                    "the agent's own JSON, passed on unread, is what reading and writing it would give");
            assertEquals("", child.stderr(), "late attach printed nothing in the target (no warning with the flag)");

            CommandRun again = CommandRun.of("dump", child.pidArg(), "--min-age", "0s");
            assertEquals(0, again.exitCode(), again.toString());
            assertEquals("", again.err(), "the agent is loaded once");
            assertTrue(again.out().startsWith("threadleak: 1 suspect in jvm"), again.toString());
            assertTrue(again.out().contains("\"consumer\""), again.toString());
            assertTrue(again.out().contains("java.util.concurrent.LinkedBlockingQueue.take("), again.toString());
        }
    }

    @Test
    void lateAttachCountsEveryPreExistingVirtualThreadByTheLatchItWaitsOn() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, VirtualThreadsOnTwoLatches.class, "30", "20")
                .awaitReady()) {
            CommandRun run = CommandRun.of("dump", child.pidArg(), "--format", "json", "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
            LeakReport report = ReportJson.read(run.out());
            List<Leak> virtual = report.leaks().stream().filter(l -> l.kind() == LeakKind.VIRTUAL_THREAD).toList();
            assertEquals(List.of(30, 20), virtual.stream().map(Leak::count).sorted(Comparator.reverseOrder()).toList(),
                    "one group a latch, each counting every thread parked on it: " + report.toText());
            assertNotEquals(virtual.get(0).blockedOn().object(), virtual.get(1).blockedOn().object(), report.toText());
            for (Leak group : virtual) {
                assertTrue(group.preExisting(), report.toText());
                assertEquals(List.of(), group.createdAt(), "their creation site is unknown, not guessed");
                assertEquals("java.util.concurrent.CountDownLatch.await", group.blockedOn().operation(), report.toText());
                assertEquals(Verdict.SUSPECT, group.verdict());
                assertEquals(LeakGroups.NAMED_MEMBERS, group.members().size(), report.toText());
                assertEquals(LeakGroups.NAMED_MEMBERS, group.members().stream().map(ThreadRef::id).distinct().count());
            }
            assertEquals(50, report.stats().liveVirtualThreads());

            LeakReport each = AgentChannel.open(child.pid(), false, new PrintWriter(new StringWriter()))
                    .report(0L, false, true);
            List<Leak> alone = each.leaks().stream().filter(l -> l.kind() == LeakKind.VIRTUAL_THREAD).toList();
            assertEquals(50, alone.size(), "asked for each, every thread stands alone: " + each.toText());
            assertEquals(50, alone.stream().map(l -> l.thread().id()).distinct().count());
            assertTrue(alone.stream().allMatch(l -> l.count() == 1 && l.preExisting()), each.toText());
            assertEquals(Set.of(virtual.get(0).blockedOn().object(), virtual.get(1).blockedOn().object()),
                    alone.stream().map(l -> l.blockedOn().object()).collect(Collectors.toSet()), each.toText());
        }
    }

    @Test
    void withTheAgentFromTheStartTheCreationSiteIsKnown() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun run = CommandRun.of("dump", child.pidArg(), "--format", "json", "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("", run.err(), "nothing to load");
            LeakReport report = ReportJson.read(run.out());
            Leak consumer = consumer(report);
            assertFalse(consumer.preExisting());
            assertEquals("main", consumer.createdBy().name());
            Frame site = consumer.createdAt().get(0);
            assertEquals(ParkedConsumer.class.getName() + ".main", site.qualifiedMethod(), report.toText());
            assertTrue(parkedInTake(consumer), report.toText());
        }
    }

    @Test
    void jsonLinesAreALineALeakEachWithTheJvmTheTimeAndTheScope() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun run = CommandRun.of("dump", child.pidArg(), "--format", "jsonl", "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
            ObjectMapper json = new ObjectMapper();
            JsonNode consumer = null;
            for (String line : run.out().lines().toList()) {
                JsonNode node = json.readTree(line);
                assertEquals(child.pid(), node.at("/jvm/pid").asLong(), line);
                assertFalse(node.at("/jvm/host").asText().isEmpty(), line);
                assertFalse(node.get("takenAt").asText().isEmpty(), line);
                assertEquals("jvm", node.at("/scope/kind").asText(), line);
                if (node.at("/leak/thread/name").asText().equals("consumer")) {
                    consumer = node.get("leak");
                }
            }
            assertNotNull(consumer, run.toString());
            assertEquals(ParkedConsumer.class.getName(), consumer.at("/createdAt/0/className").asText());
        }
    }

    @Test
    void theDefaultMinAgeLeavesOutAYoungWait() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun run = CommandRun.of("dump", child.pidArg(), "--format", "json", "--min-age", "1h");
            assertEquals(0, run.exitCode(), run.toString());
            assertTrue(ReportJson.read(run.out()).leaks().isEmpty(), run.out());
        }
    }

    @Test
    void aThreadNameThatWouldDriveTheTerminalIsPrintedEscaped() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, HostileThreadName.class).awaitReady()) {
            CommandRun run = CommandRun.of("dump", child.pidArg(), "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
            assertTrue(run.out().contains("\"\\u001b]0;owned\\u0007evil\\r\\nTHREAD LEAKED: fake line\" #"), run.out());
            assertTrue(run.out().chars().noneMatch(c -> c == 0x1b || c == 0x07 || c == '\r'), run.out());
            assertFalse(run.out().lines().anyMatch(l -> l.startsWith("THREAD LEAKED: fake line")), run.out());

            CommandRun json = CommandRun.of("dump", child.pidArg(), "--min-age", "0s", "--format", "json");
            assertTrue(ReportJson.read(json.out()).leaks().stream()
                    .anyMatch(l -> l.thread() != null && l.thread().name().equals(HostileThreadName.NAME)), "JSON keeps it raw");
        }
    }

    @Test
    void outputGoesToAFileOnlyItsOwnerCanRead() throws Exception {
        Path file = dir.resolve("report.json");
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun run = CommandRun.of("dump", child.pidArg(), "--format", "json", "--min-age", "0s", "-o", file.toString());
            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("", run.out());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            consumer(ReportJson.read(file));

            CommandRun nowhere = CommandRun.of("dump", child.pidArg(), "-o", dir.resolve("no/such/dir/r.json").toString());
            assertEquals(2, nowhere.exitCode(), nowhere.toString());
            assertEquals(1, nowhere.errLines(), nowhere.toString());
            assertTrue(nowhere.err().startsWith("threadleak dump: cannot write the report to "), nowhere.toString());
        }
    }

    @Test
    void outputToADirectoryIsRefusedAndToADeviceWrittenInPlace() throws Exception {
        Path reports = Files.createDirectory(dir.resolve("reports"));
        Path toNull = Files.createSymbolicLink(dir.resolve("null"), Path.of("/dev/null"));
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, ParkedConsumer.class).awaitReady()) {
            Set<String> before = names(dir);

            CommandRun refused = CommandRun.of("dump", child.pidArg(), "-o", reports.toString());
            assertEquals(2, refused.exitCode(), refused.toString());
            assertEquals("threadleak dump: cannot write the report to " + reports + ": is a directory; give a regular"
                    + " file or a new path (replaced atomically), or a device or FIFO (written in place)\n", refused.err());

            // told before any JVM is asked (it was told 3.6 s in, after the report): no pid is looked up
            CommandRun beforeAsking = CommandRun.of("dump", "999999", "-o", reports.toString());
            assertEquals(2, beforeAsking.exitCode(), beforeAsking.toString());
            assertEquals(refused.err(), beforeAsking.err());

            CommandRun discarded = CommandRun.of("dump", child.pidArg(), "-o", toNull.toString());
            assertEquals(0, discarded.exitCode(), discarded.toString());
            assertEquals("", discarded.out() + discarded.err());
            assertTrue(Files.isSymbolicLink(toNull), "the link is written through, never replaced");

            assertEquals(before, names(dir), "nothing made beside them");
            assertEquals(Set.of(), names(reports));
        }
    }

    private static Set<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void noAttachRefusesAJvmWithoutTheAgentAndLeavesItAlone() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun run = CommandRun.of("dump", child.pidArg(), "--no-attach");
            assertEquals(3, run.exitCode(), run.toString());
            assertEquals("threadleak: the threadleak agent is not loaded in pid " + child.pid()
                    + " and --no-attach forbids loading it; drop --no-attach, or run 'threadleak attach " + child.pid() + "'",
                    run.err().strip());
            CommandRun ps = CommandRun.of("ps", child.pidArg());
            assertTrue(ps.out().lines().anyMatch(l -> l.trim().startsWith(child.pidArg()) && l.contains(" no ")), ps.toString());
        }
    }
}
