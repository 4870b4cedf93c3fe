package dev.threadleak.agent.telemetry;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code threadleak.Scan}: one per report, with or without leaks, so that a recording tells "no
 * leaks" from "no report": its findings counted by kind and by verdict (members of groups
 * counted), what the agent tracked, what the record bound dropped, and how long the report and
 * any heap proof took. No stack trace: it would be the reporting thread's.
 */
@Name("threadleak.Scan")
@Label("Leak Scan")
@Category("threadleak")
@Description("One threadleak report: its findings by kind and verdict, what the agent tracks, and what it cost")
@StackTrace(false)
final class ScanEvent extends Event {

    @Label("Trigger")
    @Description("What made the report: interval, on-exit, exit-watch, scope or dump")
    String trigger;

    @Label("Scope")
    String scope;

    @Label("Findings")
    @Description("Findings in the report, groups counted once")
    int findings;

    @Label("Threads")
    long threads;

    @Label("Virtual Threads")
    long virtualThreads;

    @Label("Tasks")
    long tasks;

    @Label("Executors")
    long executors;

    @Label("Leaked")
    long leaked;

    @Label("Blocked Forever")
    long blockedForever;

    @Label("Deadlocked")
    long deadlocked;

    @Label("Ignores Cancellation")
    long ignoresCancellation;

    @Label("Suspect")
    long suspect;

    @Label("Live Threads Tracked")
    @Description("Live platform threads the agent tracks, the JVM's own included")
    long liveThreads;

    @Label("Live Virtual Threads Tracked")
    long liveVirtualThreads;

    @Label("Threads Started")
    long threadsStarted;

    @Label("Dropped Records")
    @Description("Records not made because the record bound (max-records) was reached, since the start")
    long droppedRecords;

    @Label("Report Duration")
    @Timespan(Timespan.NANOSECONDS)
    long reportDuration;

    @Label("Proof Duration")
    @Description("How long the heap proof took; 0 when none ran")
    @Timespan(Timespan.NANOSECONDS)
    long proofDuration;
}
