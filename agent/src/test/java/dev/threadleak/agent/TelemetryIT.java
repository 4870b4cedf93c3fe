package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadleak.agent.programs.TelemetryProgram;
import dev.threadleak.report.LeakLines;
import dev.threadleak.report.ReportFormatException;
import dev.threadleak.report.ReportJson;
import dev.threadleak.testsupport.BuildOutput;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import dev.threadleak.testsupport.ChildRun;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings leave the JVM for a fleet's pipelines: as JFR events in a recording made with the
 * settings the build ships, as JSON lines, and as the MBean's per-site gauges.
 */
class TelemetryIT {

    private static final String SITE = TelemetryProgram.class.getName() + ".startAuditors(TelemetryProgram.java:";

    @TempDir
    Path dir;

    private static Path settings() {
        return BuildOutput.agentJar().resolveSibling("threadleak.jfc");
    }

    @Test
    void anIntervalReportIsARecordingsLeakAndScanEventsWithTheCreationSite() throws Exception {
        Path recording = dir.resolve("leaks.jfr");
        Path report = dir.resolve("report.json");
        ChildRun run = ChildJvm.onThisJdk()
                .jvmArg("-XX:StartFlightRecording:settings=" + settings() + ",filename=" + recording)
                .agent("interval=100ms,min-age=0s,format=json,report=" + report)
                .run(dir, TelemetryProgram.class, "report", report.toString(), "2");
        assertEquals(0, run.exitCode(), run.toString());

        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        List<RecordedEvent> leaks = events.stream()
                .filter(e -> e.getEventType().getName().equals("threadleak.Leak")
                        && e.getString("creationSite").startsWith(SITE))
                .toList();
        assertFalse(leaks.isEmpty(), "no threadleak.Leak of the auditors among " + names(events));
        // a report made once both were waiting: the program ran until one named both
        RecordedEvent leak = leaks.stream().filter(e -> e.getInt("count") == 2).findFirst()
                .orElseThrow(() -> new AssertionError("the two auditors are never one group: " + leaks));
        assertEquals("interval", leak.getString("trigger"));
        assertEquals("jvm: live", leak.getString("scope"));
        assertEquals("THREAD", leak.getString("kind"));
        assertEquals("SUSPECT", leak.getString("verdict"));
        assertTrue(leak.getString("threadName").startsWith(TelemetryProgram.THREAD_PREFIX), leak.toString());
        assertTrue(leak.getLong("threadId") > 0, leak.toString());
        assertFalse(leak.getBoolean("virtual"));
        assertTrue(leak.getString("creationStack").startsWith(SITE), leak.getString("creationStack"));
        assertTrue(leak.getString("creationStack").contains("\n" + TelemetryProgram.class.getName() + ".main("),
                leak.getString("creationStack"));
        assertEquals("main", leak.getString("createdBy"));
        assertTrue(leak.getString("blockedOn").startsWith("java.util.concurrent.LinkedBlockingQueue.take on "),
                leak.getString("blockedOn"));
        assertTrue(leak.getInstant("blockedSince").toEpochMilli() > 0, leak.toString());
        assertTrue(leak.getString("why").contains("may still come"), leak.getString("why"));
        assertNull(leak.getStackTrace(), "the reporting thread's stack says nothing; the settings leave it out");

        RecordedEvent scan = events.stream().filter(e -> e.getEventType().getName().equals("threadleak.Scan"))
                .filter(e -> e.getLong("threads") >= 2).reduce((a, b) -> b).orElseThrow(
                        () -> new AssertionError("no threadleak.Scan that counts the auditors: " + names(events)));
        assertEquals("interval", scan.getString("trigger"));
        assertTrue(scan.getLong("suspect") >= 2, scan.toString());
        assertTrue(scan.getLong("liveThreads") >= 3, "main and the auditors at least: " + scan);
        assertEquals(0, scan.getLong("droppedRecords"));
        assertTrue(scan.getDuration("reportDuration").toNanos() > 0, scan.toString());
        assertEquals(0, scan.getDuration("proofDuration").toNanos());
    }

    @Test
    void jsonLinesAreOneLeakALineEachParsingAlone() throws Exception {
        Path report = dir.resolve("leaks.jsonl");
        long pid;
        ChildRun run;
        try (ChildProcess child = ChildJvm.onThisJdk().agent("interval=100ms,min-age=0s,format=jsonl,report=" + report)
                .start(dir, TelemetryProgram.class, "report", report.toString(), "2")) {
            pid = child.pid();
            run = child.awaitExit(Duration.ofSeconds(30));
        }
        assertEquals(0, run.exitCode(), run.toString());

        List<String> lines = Files.readAllLines(report);
        assertFalse(lines.isEmpty());
        ObjectMapper json = new ObjectMapper();
        boolean auditors = false;
        for (String line : lines) {
            JsonNode leak = json.readTree(line);
            assertEquals(LeakLines.SCHEMA, leak.get("schema").asText());
            assertEquals(pid, leak.at("/jvm/pid").asLong(), line);
            assertFalse(leak.at("/jvm/host").asText().isEmpty(), line);
            assertEquals(System.getProperty("java.version"), leak.at("/jvm/javaVersion").asText());
            assertFalse(leak.get("takenAt").asText().isEmpty(), line);
            assertEquals("jvm", leak.at("/scope/kind").asText());
            assertTrue(leak.at("/leak/kind").isTextual(), line);
            auditors |= leak.at("/leak/thread/name").asText().startsWith(TelemetryProgram.THREAD_PREFIX)
                    && leak.at("/leak/createdAt/0/method").asText().equals("startAuditors");
            assertThrows(ReportFormatException.class, () -> ReportJson.read(line), "a line is no report");
        }
        assertTrue(auditors, "no line names an auditor and its creation site: " + lines);
    }

    @Test
    void theMBeanCountsLiveThreadsBySiteWithTheirGrowth() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent("")
                .run(dir, TelemetryProgram.class, "sites", "2", "3");
        assertEquals(0, run.exitCode(), run.toString());

        List<String> rows = run.stdout().lines().collect(Collectors.toList());
        assertTrue(rows.contains("1|" + siteOf(rows) + "|thread|2|2"), "first reading: " + rows);
        assertTrue(rows.contains("2|" + siteOf(rows) + "|thread|5|3"), "second reading: " + rows);
        assertTrue(rows.contains("dropped|0"), rows.toString());
    }

    @Test
    void aJvmWithoutJfrStillReports() throws Exception {
        Path report = dir.resolve("report.json");
        ChildRun run = ChildJvm.onThisJdk().jvmArg("--limit-modules=java.base,java.instrument,java.management")
                .agent("interval=100ms,min-age=0s,format=json,report=" + report)
                .run(dir, TelemetryProgram.class, "report", report.toString(), "1");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("", run.stderr().strip());
        assertTrue(Files.readString(report).contains(TelemetryProgram.THREAD_PREFIX));
    }

    @Test
    void theAgentJarCarriesTheSettingsTheBuildPutsBesideIt() throws Exception {
        try (JarFile jar = new JarFile(BuildOutput.agentJar().toFile());
             InputStream inJar = jar.getInputStream(jar.getEntry("dev/threadleak/agent/telemetry/threadleak.jfc"))) {
            assertArrayEquals(Files.readAllBytes(settings()), inJar.readAllBytes());
        }
    }

    /** The auditors' site as the MBean labels it: the program's frame that started them. */
    private static String siteOf(List<String> rows) {
        return rows.stream().map(r -> r.split("\\|")).filter(r -> r.length == 5 && r[1].startsWith(SITE))
                .map(r -> r[1]).findFirst().orElseThrow(() -> new AssertionError("no row of the auditors: " + rows));
    }

    private static String names(List<RecordedEvent> events) {
        return events.stream().map(e -> e.getEventType().getName()).distinct().collect(Collectors.joining(", "));
    }
}
