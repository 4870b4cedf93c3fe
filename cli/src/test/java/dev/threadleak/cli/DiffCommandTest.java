package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadleak.report.Frame;
import dev.threadleak.report.JvmInfo;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import dev.threadleak.report.SiteCount;
import dev.threadleak.report.Stats;
import dev.threadleak.report.ThreadInfo;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {

    private static final List<Frame> SEARCH = List.of(new Frame("com.acme.Search", "process", "Search.java", 42));
    private static final List<Frame> POOL = List.of(
            new Frame("java.util.concurrent.ThreadPoolExecutor", "addWorker", "ThreadPoolExecutor.java", 945),
            new Frame("java.util.concurrent.ThreadPoolExecutor", "execute", "ThreadPoolExecutor.java", 1364),
            new Frame("com.acme.Indexer", "start", "Indexer.java", 17),
            new Frame("com.acme.Main", "main", "Main.java", 5));
    private static final List<Frame> STEADY = List.of(new Frame("com.acme.Cache", "<init>", "Cache.java", 9));

    @TempDir
    Path dir;

    private static LeakReport dump(long search, long pool, long steady) {
        List<SiteCount> sites = new ArrayList<>();
        if (search > 0) {
            sites.add(new SiteCount(LeakKind.VIRTUAL_THREAD, SEARCH, null, false, search));
        }
        sites.add(new SiteCount(LeakKind.THREAD, POOL, null, false, pool));
        sites.add(new SiteCount(LeakKind.THREAD, STEADY, null, false, steady));
        return LeakReport.of(new JvmInfo(42, "25", JvmInfo.AGENT), new ScopeInfo("jvm", "live"), List.of(), null,
                new Stats(10, pool + steady, search, 0), null).withSites(sites);
    }

    private static Leak leak(LeakKind kind, List<Frame> site, long id) {
        return Leak.builder(kind, Verdict.LEAKED).thread(new ThreadInfo(id, "t" + id, kind == LeakKind.VIRTUAL_THREAD,
                true, "WAITING")).createdAt(site).createdBy(new ThreadRef(1, "main")).build();
    }

    private Path write(String name, LeakReport report) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, report.toJson());
        return file;
    }

    @Test
    void listsTheSitesThatAppearedOrGrewAndNotTheSteadyOnes() throws Exception {
        Path older = write("old.json", dump(0, 4, 2));
        Path newer = write("new.json", dump(1_000, 9, 2));
        CommandRun run = CommandRun.of("diff", older.toString(), newer.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("", run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("threadleak diff: live threads by creation site, "), run.toString());
        assertTrue(lines.get(1).matches("\\s+OLD\\s+NEW\\s+CHANGE\\s+KIND\\s+CREATED AT"), run.toString());
        assertTrue(lines.get(2).matches("\\s+-\\s+1000\\s+new\\s+virtual thread\\s+com\\.acme\\.Search\\.process\\(Search\\.java:42\\)"),
                run.toString());
        assertTrue(lines.get(3).matches("\\s+4\\s+9\\s+\\+5\\s+thread\\s+com\\.acme\\.Indexer\\.start\\(Indexer\\.java:17\\)"
                + " via java\\.util\\.concurrent\\.ThreadPoolExecutor\\.addWorker"), run.toString());
        assertFalse(run.out().contains("Cache"), "a steady site is not listed: " + run);
        assertTrue(run.out().contains("2 sites grew or appeared; live threads: 6 -> 1011"), run.toString());
    }

    @Test
    void reportsWithoutSiteCountsAreComparedByTheirLeaks() throws Exception {
        List<Leak> before = List.of(leak(LeakKind.THREAD, SEARCH, 10));
        List<Leak> after = List.of(leak(LeakKind.THREAD, SEARCH, 10), leak(LeakKind.THREAD, SEARCH, 11),
                leak(LeakKind.THREAD, STEADY, 12));
        Path older = write("old.json", LeakReport.of(new JvmInfo(1, "17", JvmInfo.AGENT), new ScopeInfo("jvm", "at exit"),
                before, null, null, null));
        Path newer = write("new.json", LeakReport.of(new JvmInfo(1, "17", JvmInfo.AGENT), new ScopeInfo("jvm", "at exit"),
                after, null, null, null));
        CommandRun run = CommandRun.of("diff", older.toString(), newer.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("threadleak diff: leaks by creation site"), run.toString());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s+1\\s+2\\s+\\+1\\s+thread\\s+com\\.acme\\.Search.*")), run.toString());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s+-\\s+1\\s+new\\s+thread\\s+com\\.acme\\.Cache.*")), run.toString());
    }

    @Test
    void nothingGrewIsSaidInOneLine() throws Exception {
        Path older = write("old.json", dump(10, 4, 2));
        Path newer = write("new.json", dump(10, 3, 2));
        CommandRun run = CommandRun.of("diff", older.toString(), newer.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("no creation site grew or appeared (16 -> 15 live threads)"), run.toString());
    }

    @Test
    void aFileThatIsNotJsonIsAUsageErrorInOneLine() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "this is not json\n{");
        Path good = write("good.json", dump(1, 1, 1));
        CommandRun run = CommandRun.of("diff", bad.toString(), good.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.errLines(), run.toString());
        assertTrue(run.err().startsWith("threadleak diff: " + bad + ": not JSON: "), run.toString());
        assertTrue(run.err().contains("; give a threadleak JSON report (schema 'threadleak/1'), e.g. from 'threadleak dump"
                + " PID --format json -o FILE'"), run.toString());
        assertEquals("", run.out());
    }

    @Test
    void jsonThatIsNotAReportIsAUsageErrorInOneLine() throws Exception {
        Path other = dir.resolve("package.json");
        Files.writeString(other, "{\"name\": \"left-pad\", \"version\": \"1.3.0\"}");
        Path good = write("good.json", dump(1, 1, 1));
        CommandRun run = CommandRun.of("diff", good.toString(), other.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.errLines(), run.toString());
        assertTrue(run.err().contains(other + ": not a threadleak report: schema is missing, expected 'threadleak/1'"),
                run.toString());
    }

    @Test
    void aMissingFileIsAUsageErrorInOneLine() throws Exception {
        Path good = write("good.json", dump(1, 1, 1));
        CommandRun run = CommandRun.of("diff", dir.resolve("nope.json").toString(), good.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.errLines(), run.toString());
        assertTrue(run.err().contains("nope.json: no such file"), run.toString());
    }

    @Test
    void binaryTruncatedAndTooBigFilesAreOneLineEachAndExit2() throws Exception {
        Path good = write("good.json", dump(1, 1, 1));
        Path binary = dir.resolve("core.gz");
        Files.write(binary, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
        Path truncated = dir.resolve("cut.json");
        Files.writeString(truncated, Files.readString(good).substring(0, 200));
        for (Path bad : List.of(binary, truncated)) {
            CommandRun run = CommandRun.of("diff", good.toString(), bad.toString());
            assertEquals(2, run.exitCode(), run.toString());
            assertEquals(1, run.errLines(), run.toString());
            assertTrue(run.err().startsWith("threadleak diff: " + bad + ": "), run.toString());
        }
        assertTrue(CommandRun.of("diff", good.toString(), binary.toString()).err()
                .contains(": not JSON text: binary, or not UTF-8 at byte "), "names the problem");

        CommandRun big = CommandRun.of("diff", good.toString(), good.toString(), "--max-report-size", "1k");
        assertEquals(2, big.exitCode(), big.toString());
        assertEquals("threadleak diff: " + good + ": " + Files.size(good) / 1024 + "." + (Files.size(good) % 1024 * 10 / 1024)
                + " KB, more than the 1.0 KB a report may have; --max-report-size raises the limit", big.err().strip());
    }

    @Test
    void jsonListsTheSitesThatGrewForCi() throws Exception {
        Path older = write("old.json", dump(0, 4, 2));
        Path newer = write("new.json", dump(1_000, 9, 2));
        CommandRun run = CommandRun.of("diff", older.toString(), newer.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode diff = new ObjectMapper().readTree(run.out());
        assertEquals("threadleak-diff/1", diff.get("schema").asText());
        assertEquals("live threads", diff.get("counted").asText());
        assertEquals(older.toString(), diff.get("before").get("file").asText());
        assertEquals(6, diff.get("before").get("total").asLong());
        assertEquals(1011, diff.get("after").get("total").asLong());
        JsonNode sites = diff.get("sites");
        assertEquals(2, sites.size(), run.out());
        assertEquals("VIRTUAL_THREAD", sites.get(0).get("kind").asText());
        assertEquals("com.acme.Search", sites.get(0).get("createdAt").get(0).get("className").asText());
        assertEquals(0, sites.get(0).get("before").asLong());
        assertEquals(1000, sites.get(0).get("after").asLong());
        assertEquals(4, sites.get(1).get("before").asLong());
        assertEquals(9, sites.get(1).get("after").asLong());
    }
}
