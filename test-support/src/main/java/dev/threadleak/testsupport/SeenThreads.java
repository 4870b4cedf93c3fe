package dev.threadleak.testsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for a library that remembers the threads it meets in a static map (a log cache by
 * thread, a metrics registry): it keeps threads other code made and runs, only incidentally.
 */
public final class SeenThreads {

    private static final Map<String, Thread> SEEN = new ConcurrentHashMap<>();

    private SeenThreads() {
    }

    /** Remembers every live thread named {@code name}. */
    public static void note(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                SEEN.put(name, t);
            }
        }
    }

    /** Forgets every thread, so that one test's are not the next one's. */
    public static void forgetAll() {
        SEEN.clear();
    }
}
