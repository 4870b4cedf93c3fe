package dev.threadleak.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SiteCountJsonTest {

    private static final List<Frame> SITE = List.of(new Frame("com.acme.Search", "process", "Search.java", 42));

    private static LeakReport report() {
        return LeakReport.of(new JvmInfo(42, "25", JvmInfo.AGENT), new ScopeInfo("jvm", "live"), List.of(), null,
                new Stats(3, 2, 1, 0), null);
    }

    @Test
    void sitesRoundTripThroughJson() throws Exception {
        LeakReport report = report().withSites(List.of(
                new SiteCount(LeakKind.VIRTUAL_THREAD, SITE, null, false, 100_000),
                new SiteCount(LeakKind.VIRTUAL_THREAD, List.of(), new ThreadRef(1, "main"), false, 3),
                new SiteCount(LeakKind.THREAD, List.of(), null, true, 7)));
        String json = report.toJson();
        assertTrue(json.contains("\"sites\""), json);
        assertEquals(report, ReportJson.read(json));
    }

    @Test
    void aReportWithoutSitesSaysNothingAboutThem() throws Exception {
        LeakReport report = report();
        assertNull(report.sites());
        assertFalse(report.toJson().contains("\"sites\""));
        assertNull(ReportJson.read(report.toJson()).sites());
    }

    @Test
    void emptySitesMeanCountedAndNoneFound() throws Exception {
        LeakReport report = report().withSites(List.of());
        assertEquals(List.of(), ReportJson.read(report.toJson()).sites());
    }
}
