package dev.threadleak.agent.programs;

import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.Scope;
import dev.threadleak.api.ScopeCheck;
import dev.threadleak.api.Threadleak;
import dev.threadleak.api.Window;
import dev.threadleak.report.ScopeInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A library's JVM-wide pool, made anew in each of two scopes by {@code Executors.newSingleThreadExecutor()}
 * and held by a static field, as the JDK's wrapper around the pool: prints, per check, the field
 * the check found holding it and whether a heap proof ran, as {@code held=FIELD proof=true}. A
 * proof's dump collects the heap in full first: run with {@code -XX:+UseSerialGC}, whose old
 * collector a program this small runs for nothing else.
 */
public final class SharedPoolProgram {

    static volatile ExecutorService pool;

    private SharedPoolProgram() {
    }

    public static void main(String[] args) throws Exception {
        FindingFilter heldOut = f -> f.heldBy() != null ? "held by " + f.heldBy() : null;
        for (int i = 0; i < 2; i++) {
            Scope scope = Threadleak.agent().newScope(new ScopeInfo("scope", "shared-" + i), "the scope ended", t -> false);
            try (Window w = scope.openWindow()) {
                pool = Executors.newSingleThreadExecutor();
                pool.submit(() -> { }).get(); // a worker, alive and idle
            }
            long fullCollections = fullCollections();
            ScopeCheck check = scope.check(Duration.ofMillis(50), heldOut, true);
            String held = check.excluded().isEmpty() ? "none" : check.excluded().get(0).finding().heldBy();
            boolean proof = fullCollections() > fullCollections;
            System.out.println("held=" + held + " proof=" + proof + " leaks=" + check.leaks().size());
            pool.shutdown();
        }
    }

    private static long fullCollections() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().equals("MarkSweepCompact")) {
                count += gc.getCollectionCount();
            }
        }
        return count;
    }
}
