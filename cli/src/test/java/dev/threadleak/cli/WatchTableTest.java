package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.report.Frame;
import dev.threadleak.report.JvmInfo;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import dev.threadleak.report.SiteCount;
import dev.threadleak.report.ThreadRef;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchTableTest {

    private static final List<Frame> LEAKY = List.of(new Frame("com.acme.Leaky", "spawn", "Leaky.java", 7));
    private static final List<Frame> POOL = List.of(new Frame("com.acme.Pool", "grow", "Pool.java", 3));

    private static SiteTable moment(long leaky, long pool) {
        LeakReport report = LeakReport.of(new JvmInfo(1, "25", JvmInfo.AGENT), new ScopeInfo("jvm", "live"), List.of(),
                null, null, null).withSites(List.of(new SiteCount(LeakKind.VIRTUAL_THREAD, LEAKY, null, false, leaky),
                new SiteCount(LeakKind.THREAD, POOL, null, false, pool)));
        return SiteTable.ofLiveThreads(report);
    }

    private static List<String> print(WatchTable table, SiteTable now) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text, true), now);
        return text.toString().lines().toList();
    }

    @Test
    void growthSinceThePreviousRefreshAndTheSitesThatOnlyGrew() {
        WatchTable table = new WatchTable();
        List<String> first = print(table, moment(10, 4));
        assertTrue(first.get(0).matches("\\s+LIVE\\s+\\+/-\\s+GROWING\\s+KIND\\s+CREATED AT"), first.toString());
        assertTrue(first.get(1).matches("\\s+10\\s+virtual thread\\s+com\\.acme\\.Leaky\\.spawn\\(Leaky\\.java:7\\)"),
                "no growth before a second refresh: " + first);
        assertEquals("  14 live of the application's (the JVM's own threads and threadleak's are not counted)",
                first.get(3));

        print(table, moment(20, 6));
        List<String> third = print(table, moment(35, 5));
        assertTrue(third.get(1).matches("\\s+35\\s+\\+15\\s+yes\\s+virtual thread\\s+com\\.acme\\.Leaky.*"), third.toString());
        assertTrue(third.get(2).matches("\\s+5\\s+-1\\s+thread\\s+com\\.acme\\.Pool.*"),
                "a site that shrank once is not growing: " + third);
        assertEquals("  40 live of the application's, +14 since the previous refresh", third.get(3));
    }

    @Test
    void aSiteThatEmptiedShowsOnceAtZero() {
        WatchTable table = new WatchTable();
        print(table, moment(3, 4));
        List<String> lines = print(table, moment(0, 4));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+0\\s+-3\\s+virtual thread.*")), lines.toString());
    }

    @Test
    void namesTheApplicationChoseReachTheTerminalEscaped() {
        LeakReport report = LeakReport.of(new JvmInfo(1, "25", JvmInfo.AGENT), new ScopeInfo("jvm", "live"), List.of(),
                null, null, null).withSites(List.of(new SiteCount(LeakKind.VIRTUAL_THREAD, List.of(),
                new ThreadRef(7, "\u001b]0;owned\u0007\r\nfake"), false, 3)));
        List<String> lines = print(new WatchTable(), SiteTable.ofLiveThreads(report));
        assertTrue(lines.get(1).endsWith("started by \"\\u001b]0;owned\\u0007\\r\\nfake\" #7"), lines.toString());
        assertEquals(3, lines.size(), lines.toString());
    }
}
