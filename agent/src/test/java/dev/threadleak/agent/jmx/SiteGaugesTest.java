package dev.threadleak.agent.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.threadleak.agent.AgentOptions.CreationStacks;
import dev.threadleak.agent.executors.ExecutorFindings;
import dev.threadleak.agent.executors.ExecutorRegistry;
import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.RecordedThreads;
import dev.threadleak.agent.threads.ThreadRegistry;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-site gauges: counts by site and kind, growth between readings, and a bound that says what it left out. */
class SiteGaugesTest {

    private final ThreadRegistry threads = new ThreadRegistry(new CreationSites(CreationStacks.ALL, 16), true, 100);
    private final JvmReports reports = new JvmReports(threads,
            new ExecutorFindings(new ExecutorRegistry(threads, 100), 16), null, List.of(), 16, List.of());
    private final RecordedThreads recorded = new RecordedThreads(threads);
    private final CountDownLatch never = new CountDownLatch(1);
    private final AtomicLong clock = new AtomicLong();

    @AfterEach
    void stop() throws InterruptedException {
        recorded.close();
    }

    @Test
    void aSiteCountsItsLiveThreadsAndTheirGrowthSinceThePreviousReading() throws Exception {
        SiteGauges gauges = new SiteGauges(reports, 10, clock::get);
        startAtSiteA(2);
        TabularData first = gauges.read();
        assertEquals(2L, row(first, "siteA").get("count"));
        assertEquals(2L, row(first, "siteA").get("growth"), "new since no reading at all");

        startAtSiteA(3);
        assertSame(first, gauges.read(), "a reading within a second shares the last");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
        TabularData second = gauges.read();
        assertEquals(5L, row(second, "siteA").get("count"));
        assertEquals(3L, row(second, "siteA").get("growth"));
        assertEquals("thread", row(second, "siteA").get("kind"));
    }

    @Test
    void theBoundKeepsTheLargestRowsAndCountsTheRest() throws Exception {
        SiteGauges gauges = new SiteGauges(reports, 1, clock::get);
        startAtSiteA(2);
        startAtSiteB(1);

        TabularData table = gauges.read();
        assertEquals(1, table.size());
        assertEquals(2L, row(table, "siteA").get("count"));
        assertNull(find(table, "siteB"));
        assertEquals(1, gauges.dropped());
    }

    private void startAtSiteA(int n) {
        for (int i = 0; i < n; i++) {
            recorded.start("a", never::await);
        }
    }

    private void startAtSiteB(int n) {
        for (int i = 0; i < n; i++) {
            recorded.start("b", never::await);
        }
    }

    private static CompositeData row(TabularData table, String method) {
        CompositeData row = find(table, method);
        if (row == null) {
            throw new AssertionError("no row of " + method + " in " + table);
        }
        return row;
    }

    private static CompositeData find(TabularData table, String method) {
        String site = SiteGaugesTest.class.getName() + ".startAt" + Character.toUpperCase(method.charAt(0))
                + method.substring(1) + "(";
        for (Object value : table.values()) {
            CompositeData row = (CompositeData) value;
            if (((String) row.get("site")).startsWith(site)) {
                return row;
            }
        }
        return null;
    }
}
