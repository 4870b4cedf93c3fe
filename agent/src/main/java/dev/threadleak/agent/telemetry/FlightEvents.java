package dev.threadleak.agent.telemetry;

import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.FoldedStack;
import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import dev.threadleak.report.Stats;
import dev.threadleak.report.ThreadInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import jdk.jfr.FlightRecorder;

/**
 * Turns a report into {@link LeakEvent}s and a {@link ScanEvent}. The only class besides the
 * events that names {@code jdk.jfr}: {@link ReportEvents} loads it once a report is made, and
 * only where the JVM has the {@code jdk.jfr} module. Every event is built only after
 * {@code shouldCommit()} said a recording wants it.
 */
final class FlightEvents {

    private FlightEvents() {
    }

    /**
     * True while a recording has either event enabled. Asks JFR first whether it ever started: on
     * JDK 17 the first load of an event class sets up JFR's metadata (about 100 classes and 60 ms,
     * measured here) whether or not anything records; before JFR has started, no recording can want
     * them, and our event classes stay unloaded. Started later ({@code jcmd PID JFR.start}), JFR
     * registers them as they load.
     */
    static boolean wanted() {
        return FlightRecorder.isInitialized() && (new LeakEvent().isEnabled() || new ScanEvent().isEnabled());
    }

    static void commit(ReportTrigger trigger, LeakReport report, long reportNanos, long proofNanos) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        String scope = scope(report.scope());
        if (new LeakEvent().isEnabled()) {
            long takenAt = millis(report.takenAt());
            for (Leak leak : report.leaks()) {
                LeakEvent event = new LeakEvent();
                if (!event.shouldCommit()) {
                    break;
                }
                fill(event, leak, trigger.label(), scope, takenAt);
                event.commit();
            }
        }
        ScanEvent scan = new ScanEvent();
        if (scan.shouldCommit()) {
            fill(scan, report, trigger.label(), scope);
            scan.reportDuration = reportNanos;
            scan.proofDuration = proofNanos;
            scan.commit();
        }
    }

    private static void fill(LeakEvent event, Leak leak, String trigger, String scope, long takenAt) {
        event.trigger = trigger;
        event.scope = scope;
        event.kind = leak.kind().name();
        event.verdict = leak.verdict().name();
        event.count = leak.count();
        ThreadInfo thread = leak.thread();
        event.threadId = thread == null ? -1 : thread.id();
        event.threadName = thread == null ? null : thread.name();
        event.virtual = thread != null && thread.virtual();
        if (leak.executor() != null) {
            event.executor = leak.executor().type() + "@" + leak.executor().identity();
        } else if (leak.task() != null) {
            event.executor = leak.task().executor();
        }
        event.creationSite = creationSite(leak);
        event.creationStack = leak.createdAt().isEmpty() ? null
                : String.join("\n", FoldedStack.creationLines(leak.createdAt(), leak.creationStackCut()));
        if (leak.createdBy() != null) {
            event.createdBy = leak.createdBy().name();
            event.createdById = leak.createdBy().id();
        }
        event.age = leak.ageMillis();
        BlockedOn on = leak.blockedOn();
        event.blockedSince = Long.MIN_VALUE; // JFR prints "N/A" for it, where 0 would read as 1970
        if (on != null) {
            event.blockedOn = on.object() == null ? on.operation() : on.operation() + " on " + on.object();
            if (on.sinceMillis() != null && takenAt != 0) {
                event.blockedSince = takenAt - on.sinceMillis();
            }
        }
        event.why = on != null && on.why() != null ? on.why() : leak.reason();
    }

    private static void fill(ScanEvent scan, LeakReport report, String trigger, String scope) {
        scan.trigger = trigger;
        scan.scope = scope;
        scan.findings = report.leaks().size();
        for (Leak leak : report.leaks()) {
            int n = leak.count();
            switch (leak.kind()) {
                case THREAD -> scan.threads += n;
                case VIRTUAL_THREAD -> scan.virtualThreads += n;
                case TASK -> scan.tasks += n;
                case EXECUTOR -> scan.executors += n;
            }
            switch (leak.verdict()) {
                case LEAKED -> scan.leaked += n;
                case BLOCKED_FOREVER -> scan.blockedForever += n;
                case DEADLOCKED -> scan.deadlocked += n;
                case IGNORES_CANCELLATION -> scan.ignoresCancellation += n;
                case SUSPECT -> scan.suspect += n;
            }
        }
        Stats stats = report.stats();
        if (stats != null) {
            scan.liveThreads = stats.liveThreads();
            scan.liveVirtualThreads = stats.liveVirtualThreads();
            scan.threadsStarted = stats.threadsStarted();
            scan.droppedRecords = stats.droppedRecords();
        }
    }

    /**
     * The application's frame that asked for it, as the text report prints a frame; without a
     * creation stack, what is known instead.
     */
    static String creationSite(Leak leak) {
        List<Frame> stack = leak.createdAt();
        Frame site = Frame.applicationFrame(stack);
        if (site != null) {
            return site.toString();
        }
        if (!stack.isEmpty()) {
            return stack.get(0).toString();
        }
        if (leak.preExisting()) {
            return "(started before the agent: creation site unknown)";
        }
        return leak.createdBy() == null ? "(creation site unknown)"
                : "(creation stack not sampled) started by " + leak.createdBy();
    }

    private static String scope(ScopeInfo scope) {
        return scope == null ? null : scope.kind() + ": " + scope.name();
    }

    private static long millis(String instant) {
        try {
            return instant == null ? 0 : Instant.parse(instant).toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
