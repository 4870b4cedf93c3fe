package dev.threadleak.agent.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.threadleak.agent.AgentOptions.CreationStacks;
import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.RecordedThreads;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.SiteCount;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The site counts of a dump come from the listing its report was built from, not from a second look. */
class LiveSitesTest {

    private final ThreadRegistry threads = new ThreadRegistry(new CreationSites(CreationStacks.ALL, 16), true, 100);
    private final RecordedThreads recorded = new RecordedThreads(threads);
    private final CountDownLatch never = new CountDownLatch(1);
    private final LiveSites sites = new LiveSites(threads, List.of());

    @AfterEach
    void stop() throws InterruptedException {
        recorded.close();
    }

    @Test
    void aListingIsCountedAsItWasTakenAndAsTheRegistryWouldBe() {
        startAtOneSite(3);
        List<Map.Entry<Thread, ThreadRecord>> listing = threads.liveThreads();
        assertEquals(sites.count(), sites.count(listing), "the same threads, counted the same");

        startAtOneSite(2);
        List<SiteCount> ofListing = sites.count(listing);
        assertEquals(1, ofListing.size(), ofListing.toString());
        assertEquals(LeakKind.THREAD, ofListing.get(0).kind());
        assertEquals(3, ofListing.get(0).live(), "the threads of the listing, none started after it");
        assertEquals(5, sites.count().stream().mapToLong(SiteCount::live).sum(), "the registry holds them all");
    }

    private void startAtOneSite(int n) {
        for (int i = 0; i < n; i++) {
            recorded.start("worker", never::await);
        }
    }
}
