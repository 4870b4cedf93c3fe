package dev.threadleak.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text report: safe on a terminal whatever the application named things. */
class ReportTextTest {

    private static final String HOSTILE = "\u001b]0;owned\u0007evil\r\nTHREAD LEAKED: fake line\u202e";

    /** A report with {@code text} in every string that can come from the application. */
    private static LeakReport everywhere(String text) {
        Frame frame = new Frame("com.acme." + text, "run" + text, text + ".java", 7);
        ThreadRef ref = new ThreadRef(2, text);
        BlockedOn on = new BlockedOn("com.acme.Queue" + text + ".take", "com.acme.Queue@" + text, 10L, "why " + text,
                null, null, null, "detail " + text);
        Leak thread = Leak.builder(LeakKind.THREAD, Verdict.BLOCKED_FOREVER)
                .thread(new ThreadInfo(1, text, false, false, "WAITING" + text)).createdAt(List.of(frame, frame))
                .createdBy(ref).blockedOn(on).stack(List.of(frame)).reason("reason " + text).cycle(List.of(ref, ref))
                .build();
        Leak grouped = thread.grouped(3, List.of(ref, ref));
        Leak executor = Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(new ExecutorInfo("com.acme.Pool" + text, "pool@" + text, "running" + text, List.of(ref), 1, 1,
                        5L, List.of(frame)))
                .createdAt(List.of(frame)).build();
        Leak task = Leak.builder(LeakKind.TASK, Verdict.IGNORES_CANCELLATION)
                .task(new TaskInfo("com.acme.Task" + text, "task@" + text, "pool@" + text, "running" + text,
                        "lost " + text, ref, 5L, ref, List.of(frame)))
                .createdAt(List.of(frame)).build();
        Death death = new Death(new ThreadInfo(3, text, false, true, "TERMINATED"), List.of(frame), ref,
                "2026-01-01T00:00:00Z" + text, "com.acme.Boom" + text, "message " + text, List.of(frame));
        return new LeakReport(LeakReport.SCHEMA, new JvmInfo(1, "17" + text, "agent" + text), "2026" + text,
                new ScopeInfo("test", "test " + text), List.of(grouped, executor, task), List.of(death),
                new Stats(1, 1, 0, 0), List.of("note " + text));
    }

    @Test
    void applicationTextReachesNoTerminalRaw() {
        String text = everywhere(HOSTILE).toText();
        for (char c : text.toCharArray()) {
            assertTrue(c == '\n' || !TerminalText.isUnsafe(c), "raw U+" + Integer.toHexString(c) + " in:\n" + text);
        }
        assertFalse(text.lines().anyMatch(l -> l.startsWith("THREAD LEAKED: fake line")), text);
        assertEquals(everywhere("x").toText().lines().count(), text.lines().count(), "no line more than with a plain name");
        assertTrue(text.contains("\"\\u001b]0;owned\\u0007evil\\r\\nTHREAD LEAKED: fake line\\u202e\" #1"), text);
    }

    @Test
    void jsonKeepsTheRawText() throws Exception {
        LeakReport report = everywhere(HOSTILE);
        LeakReport read = ReportJson.read(report.toJson());
        assertEquals(HOSTILE, read.leaks().get(0).thread().name());
    }
}
