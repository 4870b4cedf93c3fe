package dev.threadleak.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading report files: whatever the file is, one line that names it and what is wrong, or the report. */
class ReportJsonTest {

    private static final List<Frame> STACK = List.of(new Frame("java.lang.Object", "wait", "Object.java", -2),
            new Frame("com.acme.Worker", "run", "Worker.java", 12));

    @TempDir
    Path dir;

    private final List<CompletableFuture<Void>> writers = new ArrayList<>();

    private static LeakReport report(int leaks) {
        List<Leak> list = new ArrayList<>();
        for (int i = 0; i < leaks; i++) {
            list.add(new Leak(LeakKind.THREAD, Verdict.SUSPECT, 1, new ThreadInfo(i, "worker-" + i, false, true, "WAITING"),
                    List.of(), new ThreadRef(1000 + i, "creator-" + i), 0, null, STACK, false, null, null, null, null));
        }
        return new LeakReport(LeakReport.SCHEMA, new JvmInfo(1, "17", JvmInfo.AGENT), "2026-01-01T00:00:00Z",
                new ScopeInfo("jvm", "live"), list, null, null, null);
    }

    private Path file(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    private Path file(String name, String content) throws Exception {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static ReportFormatException refused(Path file) {
        return assertThrows(ReportFormatException.class, () -> ReportJson.read(file));
    }

    @Test
    void aReportIsReadBackAndItsRepeatedFramesAreShared() throws Exception {
        LeakReport written = report(3);
        LeakReport read = ReportJson.read(file("r.json", written.toJson()));
        assertEquals(written, read);
        assertSame(read.leaks().get(0).stack().get(1), read.leaks().get(2).stack().get(1),
                "200,000 stacks parked at one place must not cost 200,000 copies of its frames");
    }

    @Test
    void aCutCreationStackIsSaidInAFieldOfItsOwnThatReportsFromBeforeItLack() throws Exception {
        LeakReport whole = report(1);
        Leak leak = whole.leaks().get(0);
        LeakReport cut = whole.withLeaks(List.of(new Leak(leak.kind(), leak.verdict(), 1, leak.thread(),
                leak.createdAt(), leak.createdBy(), leak.ageMillis(), null, leak.stack(), false, null, null, null, null,
                null, true)), List.of());

        assertTrue(cut.toJson().contains("\"createdAtCut\" : true"), cut.toJson());
        assertTrue(ReportJson.read(cut.toJson()).leaks().get(0).creationStackCut());
        assertFalse(whole.toJson().contains("createdAtCut"), "added, never written as false: " + whole.toJson());
        assertFalse(ReportJson.read(whole.toJson()).leaks().get(0).creationStackCut(), "a report from before it: whole");
    }

    @Test
    void aPoolsCoreSizeAndHowLongTheWorkersAboveItLiveAreWrittenAndReadBack() throws Exception {
        ExecutorInfo pool = new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@1", "running",
                List.of(new ThreadRef(21, "a"), new ThreadRef(22, "b")), 0, 0, null, null, 0, null, null, 1, 1000L);
        LeakReport written = report(0).withLeaks(List.of(Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(pool).build()), List.of());

        assertTrue(written.toJson().contains("\"coreSize\" : 1"), written.toJson());
        assertTrue(written.toJson().contains("\"workersAboveCoreEndAfterMillis\" : 1000"), written.toJson());
        assertEquals(pool, ReportJson.read(written.toJson()).leaks().get(0).executor());
        assertFalse(report(1).toJson().contains("coreSize"), "absent where not said");
    }

    /** How one found collected ended is a fact of the report, not only words in its why: a class's end retells it. */
    @Test
    void howAnExecutorFoundCollectedEndedIsWrittenReadBackAndSaidInOneSentence() throws Exception {
        ExecutorInfo byFinalizer = new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@1", "collected",
                List.of(), null, null, null, null, null, null, null, null, null, null, 3100L, "a finalizer");
        ExecutorInfo timer = new ExecutorInfo("java.util.Timer", "timer@2", "collected", List.of(), null, null, null,
                null, null, null, null, null, null, null, 207L, null);
        LeakReport written = report(0).withLeaks(List.of(Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(byFinalizer).build()), List.of());

        assertTrue(written.toJson().contains("\"collectedShutDownBy\" : \"a finalizer\""), written.toJson());
        assertEquals(byFinalizer, ReportJson.read(written.toJson()).leaks().get(0).executor());
        assertEquals("only a finalizer stopped it, 3.1 s ago, once the collector found it unreachable; the code never did",
                byFinalizer.collectedClause());
        assertEquals("found collected 207 ms ago, unreachable with no worker left; the code never cancelled it",
                timer.collectedClause());
        List<ThreadRef> oneWorker = List.of(new ThreadRef(16, "leaky-timer"));
        assertEquals("found collected 207 ms ago, and its worker still runs; the code never cancelled it",
                new ExecutorInfo("java.util.Timer", "timer@4", "collected", oneWorker, null, null, null, null, null,
                        null, null, null, null, null, 207L, null).collectedClause(), "a periodic task keeps its thread");
        assertEquals("only a finalizer shut it down, 3.1 s ago, once the collector found it unreachable, and its worker "
                + "still runs; the code never did", new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@5",
                "collected", oneWorker, null, null, null, null, null, null, null, null, null, null, 3100L, "a finalizer")
                .collectedClause(), "its worker stuck in a task");
        assertEquals(null, new ExecutorInfo("java.util.Timer", "timer@3", "running", List.of(), null, null, null, null,
                null, null, null, null, null, null, null, "a finalizer").collectedShutDownBy(), "said only of one collected");
        assertFalse(report(1).toJson().contains("collectedAgoMillis"), "absent where not said");
    }

    @Test
    void theChainFromTheScopesThreadIsWrittenAndReadBackWithAThreadThatEndedNamedByIdAlone() throws Exception {
        LeakReport plain = report(1);
        List<ThreadRef> chain = List.of(new ThreadRef(1, "main"), new ThreadRef(14, null), new ThreadRef(15, "acceptor"));
        Frame at = new Frame("com.acme.ServerTest", "starts", "ServerTest.java", 171);
        LeakReport chained = plain.withLeaks(List.of(plain.leaks().get(0).withStartedFrom(chain, at)), List.of());

        assertEquals(chain, ReportJson.read(chained.toJson()).leaks().get(0).startedFrom());
        assertEquals(at, ReportJson.read(chained.toJson()).leaks().get(0).startedFromAt());
        LeakReport kept = plain.withLeaks(List.of(plain.leaks().get(0).withKeptThrough("com.acme.Manager.REGIONS")),
                List.of());
        assertEquals("com.acme.Manager.REGIONS", ReportJson.read(kept.toJson()).leaks().get(0).keptThrough());
        List<String> via = List.of("com.acme.Manager$Region", "com.acme.Worker");
        Leak chained2 = plain.leaks().get(0).withKeptThrough("com.acme.Manager.REGIONS", via);
        assertEquals(via, ReportJson.read(plain.withLeaks(List.of(chained2), List.of()).toJson()).leaks().get(0).keptVia());
        assertEquals("kept by static field com.acme.Manager.REGIONS, along Manager$Region -> Worker, by way of a "
                + "collection, array or map on that path", ReportText.keptThrough(chained2));
        assertFalse(kept.toJson().contains("keptVia"), "absent where no chain was named");
        assertEquals("kept by the per-class test instance com.acme.FuturesTest.this, along FuturesTest, by way of a "
                + "collection, array or map on that path",
                ReportText.keptThrough(plain.leaks().get(0).withKeptThrough("com.acme.FuturesTest.this",
                        List.of("com.acme.FuturesTest"))), "no static field: airlift's trial read \"static field ...this\"");
        assertTrue(ReportText.keptThrough(plain.leaks().get(0).withKeptThrough("A.B", List.of("a.X", "...", "b.Y")))
                .contains(", along X -> ... -> Y, "), "a chain cut in its middle says so");
        assertEquals("kept by a shutdown hook the code registered (java.lang.ApplicationShutdownHooks.hooks), along "
                + "JdkJexServer$$Lambda -> JdkJexServer, which refers to it: it lives until the JVM exits, or the hook "
                + "is removed", ReportText.keptThrough(plain.leaks().get(0).withKeptThrough(ReportText.SHUTDOWN_HOOKS,
                        List.of("io.avaje.jex.core.JdkJexServer$$Lambda+0x000000005a174a80",
                                "io.avaje.jex.core.JdkJexServer"))), "whose hook, without a hidden class's address");
        assertTrue(ReportText.keptThrough(plain.leaks().get(0).withKeptThrough("A.B", List.of(
                "com.acme.Pool$$Lambda$41/0x0000000800c0b200", "com.acme.Pool$Hidden/0x0000000800c0c000")))
                .contains(", along Pool$$Lambda -> Pool$Hidden, "), "JDK 17's names too");
        assertFalse(plain.toJson().contains("keptThrough"), "absent where no dump found a keeper");
        assertFalse(plain.toJson().contains("startedFrom"), "absent where the scope's own thread made it");
        assertEquals("started from the test's thread: \"main\" #1 -> #14 (ended) -> \"acceptor\" #15",
                ReportText.startedFrom(chained.leaks().get(0), "test"));
        assertEquals("started from a thread that ran the class or its tests: \"main\" #1 -> #14 (ended) -> \"acceptor\" #15",
                ReportText.startedFrom(chained.leaks().get(0), "class"), "a class has no thread of its own");
        assertEquals("\"main\" #1 started #14 (ended) in the call at com.acme.ServerTest.starts(ServerTest.java:171)",
                ReportText.startedFromAt(chained.leaks().get(0)));
        assertFalse(plain.toJson().contains("startedFromAt"), "absent where there is no chain");
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        Path big = file("big.json", report(50).toJson());
        ReportFormatException e = assertThrows(ReportFormatException.class, () -> ReportJson.read(big, 1024));
        assertEquals(ReportFormatException.Problem.TOO_BIG, e.problem());
        assertEquals(big + ": " + ReportJson.bytes(Files.size(big)) + ", more than the 1.0 KB a report may have",
                e.getMessage());
        assertEquals(2048L * 1024 * 1024, ReportJson.MAX_BYTES);
    }

    /** A FIFO (as {@code diff <(...) <(...)} gives) that {@code report} is written into, by another thread. */
    private Path fifo(String name, LeakReport report) throws Exception {
        Path fifo = dir.resolve(name);
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "a system with mkfifo");
        byte[] json = report.toJson().getBytes(StandardCharsets.UTF_8);
        writers.add(CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(json);
            } catch (Exception e) {
                // the reader stopped reading: a test of the limit
            }
        }));
        return fifo;
    }

    @AfterEach
    void writersEnd() throws Exception {
        for (CompletableFuture<Void> writer : writers) {
            writer.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStreamIsReadAndCutWhereItPassesTheLimit() throws Exception {
        assertEquals(report(50), ReportJson.read(fifo("fifo", report(50))));
        Path fifo = fifo("over", report(50));
        ReportFormatException e = assertThrows(ReportFormatException.class, () -> ReportJson.read(fifo, 1024));
        assertEquals(ReportFormatException.Problem.TOO_BIG, e.problem());
        assertEquals(fifo + ": more than the 1.0 KB a report may have", e.getMessage());
    }

    @Test
    void binaryOrNotUtf8IsSaidSo() throws Exception {
        Path png = file("image.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0});
        assertEquals("not JSON text: binary, or not UTF-8 at byte 8", message(png));
        Path latin1 = file("latin1.json", "{\"schema\":\"threadleak/1\",\"notes\":[\"caf\u00e9\"]}"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(message(latin1).matches("not JSON text: binary, or not UTF-8 at byte \\d+"), message(latin1));
        assertEquals("not JSON text: binary, or not UTF-8 at byte 0", message(file("zeros.json", new byte[] {0, 0, 0, '{'})),
                "not taken for UTF-32");
    }

    @Test
    void aTruncatedReportIsSaidSo() throws Exception {
        String json = report(2).toJson();
        Path cut = file("cut.json", json.substring(0, json.length() / 2));
        assertEquals("truncated: the JSON ends before the report does", message(cut));
        Path cutInAName = file("cut-name.json", json.substring(0, json.indexOf("\"leaks\"") + 4));
        assertEquals("truncated: the JSON ends before the report does", message(cutInAName));
    }

    @Test
    void otherJsonIsNotAReport() throws Exception {
        assertEquals("not a threadleak report: schema is missing, expected 'threadleak/1'",
                message(file("package.json", "{\"name\": \"left-pad\", \"version\": \"1.3.0\"}")));
        assertEquals("not a threadleak report: expected a JSON object", message(file("array.json", "[1, 2]")));
        assertEquals("not a threadleak report: schema is 'threadleak/2', expected 'threadleak/1'",
                message(file("v2.json", "{\"schema\": \"threadleak/2\", \"leaks\": []}")));
        assertEquals("empty: no JSON in it", message(file("empty.json", "")));
        String one = report(1).toJson();
        assertEquals("more than one JSON value in it, where a report is one", message(file("two.json", one + one)));
        assertEquals("not JSON: Unrecognized token 'hello': was expecting (JSON String, Number, Array, Object or token"
                + " 'null', 'true' or 'false')", message(file("hello.txt", "hello world")));
    }

    @Test
    void aDamagedReportSaysWhere() throws Exception {
        String damaged = "{\"schema\": \"threadleak/1\", \"leaks\": [{\"kind\": \"THREAD\", \"verdict\": \"MAYBE\"}]}";
        String message = message(file("damaged.json", damaged));
        assertEquals("malformed threadleak report at leaks[0].verdict: ", message.substring(0, message.indexOf(": ") + 2),
                message);
    }

    @Test
    void aCheckPassesOurReportAsItIsAndRefusesWhatAReadRefuses() throws Exception {
        String json = report(3).toJson();
        ReportJson.check(json); // passes, and binds nothing
        String cut = json.substring(0, json.length() / 2);
        assertEquals("truncated: the JSON ends before the report does", checked(cut));
        assertEquals("truncated: the JSON ends before the report does", checked(json.substring(0, json.indexOf("\"leaks\"") + 4)));
        assertEquals("more than one JSON value in it, where a report is one", checked(json + json));
        assertEquals("not a threadleak report: expected a JSON object", checked("[1, 2]"));
        assertEquals("not a threadleak report: schema is 'threadleak/2', expected 'threadleak/1'",
                checked("{\"schema\": \"threadleak/2\", \"leaks\": []}"));
        assertEquals("not a threadleak report: its first field is not the schema, expected 'threadleak/1'",
                checked("{\"name\": \"left-pad\"}"));
        assertEquals("empty: no JSON in it", checked(""));
        assertTrue(checked("{\"schema\": \"threadleak/1\", \"leaks\": [}").startsWith("not JSON: "));
    }

    private static String checked(String json) {
        ReportFormatException e = assertThrows(ReportFormatException.class, () -> ReportJson.check(json));
        assertEquals(ReportFormatException.Problem.NOT_A_REPORT, e.problem());
        return e.getMessage();
    }

    @Test
    void theSchemaMayComeAnywhereInAHandWrittenReport() throws Exception {
        assertEquals(List.of(), ReportJson.read(file("late.json", "{\"leaks\": [], \"schema\": \"threadleak/1\"}")).leaks());
    }

    @Test
    void noFileAndADirectoryAreUnreadable() {
        ReportFormatException none = refused(dir.resolve("nope.json"));
        assertEquals(ReportFormatException.Problem.UNREADABLE, none.problem());
        assertEquals(dir.resolve("nope.json") + ": no such file", none.getMessage());
        assertEquals(dir + ": is a directory", refused(dir).getMessage());
    }

    private String message(Path file) {
        String message = refused(file).getMessage();
        assertEquals(file + ": ", message.substring(0, file.toString().length() + 2), message);
        return message.substring(file.toString().length() + 2);
    }
}
