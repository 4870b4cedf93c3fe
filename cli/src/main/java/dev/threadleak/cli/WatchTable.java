package dev.threadleak.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code watch} draws at each refresh: live threads by creation site, the change since the
 * previous refresh, and whether the site has only grown since the watch began (GROWING): that is
 * what a leak looks like from a dashboard. Sites that grew most come first.
 */
final class WatchTable {

    /** More rows than fit a terminal hide the header; the growing sites sort first anyway. */
    static final int ROWS = 30;

    private final Map<CreationSite, Long> first = new HashMap<>();
    private final Set<CreationSite> shrank = new HashSet<>();
    private SiteTable previous;

    /** Prints the table for {@code now} and remembers it as the previous refresh. */
    void print(PrintWriter out, SiteTable now) {
        SiteTable before = previous;
        Set<CreationSite> sites = new LinkedHashSet<>(now.sites());
        if (before != null) {
            sites.addAll(before.sites()); // a site that emptied shows once, at 0
        }
        for (CreationSite site : sites) {
            first.putIfAbsent(site, before == null ? now.count(site) : 0L);
            if (before != null && now.count(site) < before.count(site)) {
                shrank.add(site);
            }
        }
        List<CreationSite> order = new ArrayList<>(sites);
        order.sort(Comparator.comparingLong((CreationSite s) -> before == null ? 0 : now.count(s) - before.count(s))
                .thenComparingLong(now::count).reversed());
        TextTable table = new TextTable(">LIVE", ">+/-", "GROWING", "KIND", "CREATED AT");
        for (CreationSite site : order.subList(0, Math.min(ROWS, order.size()))) {
            long live = now.count(site);
            boolean growing = !shrank.contains(site) && live > first.get(site);
            table.row(live, before == null ? "" : signed(live - before.count(site)), growing ? "yes" : "",
                    site.kindName(), site.where());
        }
        if (table.isEmpty()) {
            out.println("  no live threads of the application's (the JVM's own and threadleak's are not shown)");
        } else {
            table.print(out, "  ");
        }
        if (order.size() > ROWS) {
            out.println("  ... and " + (order.size() - ROWS) + " more sites");
        }
        // a report's header counts every tracked thread; said once why this is fewer (ZooKeeper's CLI trial:
        // "13 live" here, "tracked: 19 live threads" in its dump)
        out.println("  " + now.total() + " live of the application's" + (before == null
                ? " (the JVM's own threads and threadleak's are not counted)"
                : ", " + signed(now.total() - before.total()) + " since the previous refresh"));
        previous = now;
    }

    private static String signed(long n) {
        return n > 0 ? "+" + n : Long.toString(n);
    }
}
