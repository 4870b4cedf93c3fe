package dev.threadleak.junit;

import dev.threadleak.report.LeakReport;
import java.util.ArrayList;
import java.util.List;

/** Adds notes to a report without touching the rest of it. */
final class ReportNotes {

    private ReportNotes() {
    }

    static LeakReport add(LeakReport report, List<String> extra) {
        if (extra.isEmpty()) {
            return report;
        }
        List<String> notes = new ArrayList<>();
        if (report.notes() != null) {
            notes.addAll(report.notes());
        }
        notes.addAll(extra);
        return new LeakReport(report.schema(), report.jvm(), report.takenAt(), report.scope(), report.leaks(),
                report.deaths(), report.stats(), notes);
    }
}
