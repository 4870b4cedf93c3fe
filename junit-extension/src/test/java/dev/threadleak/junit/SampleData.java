package dev.threadleak.junit;

import dev.threadleak.testsupport.DefaultRegionCaches;
import dev.threadleak.testsupport.RegionCaches;

/**
 * A helper of the tests, from their own class path entry but no test class, as Ebean's
 * {@code ResetBasicData}: it keeps the library's database for the JVM in a static field, and its
 * reset uses a cache region, whose first use schedules the region's trim on the database's pool.
 */
final class SampleData {

    static RegionCaches server;

    private SampleData() {
    }

    /** Makes the database where it is not yet made, as an earlier test class would have. */
    static synchronized RegionCaches server() {
        if (server == null) {
            server = DefaultRegionCaches.get();
        }
        return server;
    }

    static void reset() {
        server().use("customers");
    }

    /** For the tests that use it: ends the library's database. */
    static synchronized void shutdown() {
        server = null;
        DefaultRegionCaches.shutdown();
    }
}
