package dev.threadleak.cli;

import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.SiteCount;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** How many threads each creation site has at one moment: all live ones, or only the reported leaks. */
final class SiteTable {

    private final Map<CreationSite, Long> counts = new LinkedHashMap<>();
    private final String what;

    private SiteTable(String what) {
        this.what = what;
    }

    /** From the report's live-thread counts; null if the report has none (see {@link LeakReport#sites()}). */
    static SiteTable ofLiveThreads(LeakReport report) {
        if (report.sites() == null) {
            return null;
        }
        SiteTable table = new SiteTable("live threads");
        for (SiteCount site : report.sites()) {
            table.add(CreationSite.of(site.kind(), site.createdAt(), site.createdBy(), site.preExisting()), site.live());
        }
        return table;
    }

    /** From the report's leaks, each counted as many times as it stands for. */
    static SiteTable ofLeaks(LeakReport report) {
        SiteTable table = new SiteTable("leaks");
        for (Leak leak : report.leaks()) {
            table.add(CreationSite.of(leak.kind(), leak.createdAt(), leak.createdBy(), leak.preExisting()), leak.count());
        }
        return table;
    }

    private void add(CreationSite site, long n) {
        counts.merge(site, n, Long::sum);
    }

    /** What is counted: {@code live threads} or {@code leaks}. */
    String what() {
        return what;
    }

    long count(CreationSite site) {
        return counts.getOrDefault(site, 0L);
    }

    Set<CreationSite> sites() {
        return counts.keySet();
    }

    long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
