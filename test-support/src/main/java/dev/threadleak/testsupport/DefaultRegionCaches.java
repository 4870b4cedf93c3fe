package dev.threadleak.testsupport;

/** Keeps the JVM's one {@link RegionCaches}, made on first use, as Ebean's {@code DB} keeps its default database. */
public final class DefaultRegionCaches {

    private static RegionCaches instance;

    private DefaultRegionCaches() {
    }

    /** The JVM's one, made on first use. */
    public static synchronized RegionCaches get() {
        if (instance == null) {
            instance = new RegionCaches();
        }
        return instance;
    }

    /** For the tests that use it: ends the JVM's one. */
    public static synchronized void shutdown() {
        if (instance != null) {
            instance.shutdown();
            instance = null;
        }
    }
}
