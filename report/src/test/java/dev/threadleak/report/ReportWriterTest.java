package dev.threadleak.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streaming writer against what Jackson's mapper makes of the same records: every field of
 * every record, present and absent, must come out the same, byte for byte, so that a report
 * reads the same whichever wrote it.
 */
class ReportWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final List<Frame> STACK = List.of(new Frame("java.lang.Object", "wait", "Object.java", -2),
            new Frame("com.acme.Worker", "run", null, 12));
    private static final ThreadRef CREATOR = new ThreadRef(7, "main \"quoted\" \u00e9\n");

    @Test
    void everyFieldAsTheMapperWritesIt() throws Exception {
        Leak thread = new Leak(LeakKind.THREAD, Verdict.BLOCKED_FOREVER, 3, new ThreadInfo(12, null, false, true, "WAITING"),
                STACK, CREATOR, 1500, new BlockedOn("CountDownLatch.await", "latch@1", 1200L, "nobody counts down", 50L,
                        2, 10, "detail", new ThreadRef(9, "owner"), Boolean.TRUE),
                STACK, true, "alive 1.5 s", List.of(new ThreadRef(12, "a"), new ThreadRef(13, "b")), null, null,
                List.of(new ThreadRef(14, "c"))).withElsewhere(1);
        Leak cut = Leak.builder(LeakKind.THREAD, Verdict.LEAKED).createdAt(STACK).createdAtCut(true).stack(STACK)
                .stackCut(true).build();
        Leak sparse = new Leak(LeakKind.VIRTUAL_THREAD, Verdict.SUSPECT, 1, null, null, null, 0, null, null, false, null,
                null, null, null);
        Leak executor = Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(new ExecutorInfo("ThreadPoolExecutor", "pool@2", "RUNNING", List.of(CREATOR), 4, 1, 30L, STACK, 2))
                .task(new TaskInfo("FutureTask", "task@3", "pool@2", "QUEUED", "never runs", CREATOR, 5L, CREATOR, STACK,
                        "cancel(false)", true, 3, null, "com.acme.Job$$Lambda/0x000001f001003200"))
                .build();
        Leak emptyParts = Leak.builder(LeakKind.TASK, Verdict.LEAKED)
                .executor(new ExecutorInfo(null, null, null, null, null, null, null, null))
                .task(new TaskInfo(null, null, null, null, null, null, null, null, null))
                .build();
        Death death = new Death(new ThreadInfo(20, "dead", true, false, "TERMINATED"), STACK, CREATOR,
                "2026-01-01T00:00:01Z", "java.lang.IllegalStateException", null, STACK, "handler", true);
        Map<String, Long> dropped = new LinkedHashMap<>();
        dropped.put("tasks", 49_000L);
        dropped.put("threads", 12L);
        LeakReport full = new LeakReport(LeakReport.SCHEMA, new JvmInfo(1, "host", "25", JvmInfo.AGENT, true), "2026-01-01T00:00:00Z",
                new ScopeInfo("test", null), List.of(thread, cut, sparse, executor, emptyParts), List.of(death),
                new Stats(100, 10, 5, 49_012, dropped), List.of("a note"),
                List.of(new SiteCount(LeakKind.THREAD, STACK, CREATOR, true, 3), new SiteCount(null, null, null, false, 0)),
                new Baseline("base.json", 3, 5, 2, List.of(new Baseline.Site(LeakKind.THREAD, STACK, 0, 2))));

        assertEquals(MAPPER.writeValueAsString(full), ReportJson.write(full));
    }

    @Test
    void aReportWithoutItsOptionalPartsAsTheMapperWritesIt() throws Exception {
        LeakReport bare = new LeakReport(LeakReport.SCHEMA, null, null, null, List.of(), List.of(),
                new Stats(0, 0, 0, 0), null, List.of(), null);
        LeakReport nothing = new LeakReport(LeakReport.SCHEMA, new JvmInfo(2, null, null), "t", new ScopeInfo(null, null),
                null, null, null, null);

        assertEquals(MAPPER.writeValueAsString(bare), ReportJson.write(bare));
        assertEquals(MAPPER.writeValueAsString(nothing), ReportJson.write(nothing));
    }
}
