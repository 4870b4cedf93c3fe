package dev.threadleak.agent.telemetry;

import dev.threadleak.report.LeakReport;

/**
 * Where reports become JFR events ({@code threadleak.Leak}, {@code threadleak.Scan}): called once
 * for every report the agent makes for someone (interval, on-exit, exit-watch, a scope's end, the
 * CLI's dump), never for the MBean's counters or {@code watch}'s tallies.
 *
 * <p>Costs nothing without a recording that enables the events: each report asks the events
 * whether a recording wants them before anything is built. Nothing of {@code jdk.jfr} loads before
 * the first report (not at {@code premain}: start-up is the application's), and nothing at all on
 * a JVM without the {@code jdk.jfr} module (a jlink image may leave it out): this class names no
 * JFR type, and {@link FlightEvents} is reached only when the module is there. Nothing escapes: an
 * event class that cannot load turns the events off for good, and the report goes on.
 */
public final class ReportEvents {

    private static volatile boolean available = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private ReportEvents() {
    }

    /** True while a recording wants the events: the agent then makes reports even when it writes none. */
    public static boolean wanted() {
        if (!available) {
            return false;
        }
        try {
            return FlightEvents.wanted();
        } catch (LinkageError e) {
            available = false; // a JVM whose JFR cannot load our events: never ask again
        } catch (Throwable e) {
            // this time only (out of memory): the report goes on without
        }
        return false;
    }

    /**
     * {@code report} was made by {@code trigger} in {@code reportNanos}, of which {@code proofNanos}
     * went to the heap proof (0 when none ran).
     */
    public static void reported(ReportTrigger trigger, LeakReport report, long reportNanos, long proofNanos) {
        if (!available) {
            return;
        }
        try {
            FlightEvents.commit(trigger, report, reportNanos, proofNanos);
        } catch (LinkageError e) {
            available = false;
        } catch (Throwable e) {
            // this report's events are lost; the report itself is not
        }
    }
}
