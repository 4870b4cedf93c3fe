package dev.threadleak.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON lines: one leak a line, each line alone saying which JVM, when, which scope; a line is not a report. */
class LeakLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static LeakReport report(String... names) {
        List<Leak> leaks = new java.util.ArrayList<>();
        for (String name : names) {
            leaks.add(Leak.builder(LeakKind.THREAD, Verdict.SUSPECT)
                    .thread(new ThreadInfo(7, name, false, true, "WAITING"))
                    .createdAt(List.of(new Frame("java.lang.Thread", "start", "Thread.java", 1),
                            new Frame("com.acme.Search", "process", "Search.java", 42)))
                    .createdBy(new ThreadRef(1, "main"))
                    .blockedOn(BlockedOn.of("java.util.concurrent.SynchronousQueue.put", "q@1"))
                    .reason("line one\nline two")
                    .build());
        }
        return new LeakReport(LeakReport.SCHEMA, new JvmInfo(42, "25.0.3", JvmInfo.AGENT), "2026-01-01T00:00:00Z",
                new ScopeInfo("jvm", "live"), leaks, null, new Stats(3, 2, 0, 0), List.of("a note"));
    }

    @Test
    void everyLeakIsOneLineThatSaysWhichJvmWhenAndWhichScope() throws Exception {
        LeakReport report = report("a-1", "b-2");
        List<String> lines = LeakLines.write(report, "host-9").lines().toList();

        assertEquals(2, lines.size(), "a newline inside a reason must not break a line");
        for (int i = 0; i < 2; i++) {
            JsonNode line = JSON.readTree(lines.get(i));
            assertEquals(LeakLines.SCHEMA, line.get("schema").asText());
            assertEquals(42, line.at("/jvm/pid").asLong());
            assertEquals("host-9", line.at("/jvm/host").asText());
            assertEquals("25.0.3", line.at("/jvm/javaVersion").asText());
            assertEquals("2026-01-01T00:00:00Z", line.get("takenAt").asText());
            assertEquals("live", line.at("/scope/name").asText());
            assertEquals(JSON.readTree(report.toJson()).at("/leaks/" + i), line.get("leak"),
                    "a line's leak is the report's, field for field");
        }
        assertNull(JSON.readTree(lines.get(0)).get("notes"), "notes and stats are the report's, not a leak's");
    }

    @Test
    void aLineSaysTheAgentWasAttachedWhenItWasAndNothingOtherwise() throws Exception {
        LeakReport report = report("a-1");
        LeakReport attached = new LeakReport(report.schema(), report.jvm().withAgentAttached(), report.takenAt(),
                report.scope(), report.leaks(), null, report.stats(), report.notes());

        assertTrue(JSON.readTree(LeakLines.write(attached, "h").strip()).at("/jvm/attached").asBoolean());
        assertTrue(JSON.readTree(LeakLines.write(report, "h").strip()).at("/jvm/attached").isMissingNode());
    }

    @Test
    void aReportWithoutLeaksIsNoLinesAndALineIsNoReport() {
        assertEquals("", LeakLines.write(report(), "h"));
        String line = LeakLines.write(report("a"), "h").strip();
        assertThrows(ReportFormatException.class, () -> ReportJson.read(line));
    }

    @Test
    void theApplicationFrameIsTheFirstOutsideTheJdkAndTheFrameworks() {
        Frame app = new Frame("com.acme.Search", "process", "Search.java", 42);
        assertEquals(app, Frame.applicationFrame(List.of(new Frame("java.lang.Thread", "start", null, 1),
                new Frame("org.junit.platform.Launcher", "run", null, 1), app)));
        assertNull(Frame.applicationFrame(List.of(new Frame("java.lang.Thread", "start", null, 1))));
        assertFalse(HostName.local().isEmpty());
    }
}
