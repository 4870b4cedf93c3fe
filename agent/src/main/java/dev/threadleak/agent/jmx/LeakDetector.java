package dev.threadleak.agent.jmx;

import dev.threadleak.agent.memory.RecordBound;
import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.report.Durations;
import dev.threadleak.report.HostName;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakLines;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.Verdict;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.StandardMBean;
import javax.management.openmbean.TabularData;

/**
 * The {@link LeakDetectorMBean}. A StandardMBean so that JConsole shows what each attribute means
 * and names the operation's parameters. Consoles read every attribute at each refresh: the
 * counters share one live report, rebuilt at most once a second.
 */
final class LeakDetector extends StandardMBean implements LeakDetectorMBean {

    static final String OBJECT_NAME = "dev.threadleak:type=LeakDetector";

    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final JvmReports reports;
    private final ThreadRegistry registry;
    private final long defaultMinAgeMillis;
    private final SiteGauges sites;
    private LeakReport recent;
    private long recentAt;

    LeakDetector(JvmReports reports, ThreadRegistry registry, long defaultMinAgeMillis) {
        super(LeakDetectorMBean.class, false);
        this.reports = reports;
        this.registry = registry;
        this.defaultMinAgeMillis = defaultMinAgeMillis;
        this.sites = new SiteGauges(reports);
    }

    @Override
    public TabularData getSites() {
        return sites.read();
    }

    @Override
    public long getSitesDropped() {
        return sites.dropped();
    }

    @Override
    public long getLiveThreads() {
        return recent().stats().liveThreads();
    }

    @Override
    public long getLiveVirtualThreads() {
        return recent().stats().liveVirtualThreads();
    }

    @Override
    public long getSuspects() {
        return count(Verdict.SUSPECT);
    }

    @Override
    public long getBlockedForever() {
        return count(Verdict.BLOCKED_FOREVER);
    }

    @Override
    public long getDroppedRecords() {
        return registry.bound().droppedTotal();
    }

    @Override
    public long getDroppedThreads() {
        return registry.bound().dropped(RecordBound.Kind.THREADS);
    }

    @Override
    public long getDroppedVirtualThreads() {
        return registry.bound().dropped(RecordBound.Kind.VIRTUAL_THREADS);
    }

    @Override
    public long getDroppedExecutors() {
        return registry.bound().dropped(RecordBound.Kind.EXECUTORS);
    }

    @Override
    public long getDroppedTasks() {
        return registry.bound().dropped(RecordBound.Kind.TASKS);
    }

    @Override
    public long getDroppedQueues() {
        return registry.bound().dropped(RecordBound.Kind.QUEUES);
    }

    @Override
    public String report(String format, String minAge) {
        long minAgeMillis;
        if (minAge == null || minAge.isBlank()) {
            minAgeMillis = defaultMinAgeMillis;
        } else {
            try {
                minAgeMillis = Durations.parseMillis(minAge);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad minAge '" + minAge + "': expected " + e.getMessage()
                        + ", or empty for the agent's min-age");
            }
        }
        String f = format == null || format.isBlank() ? "text" : format.trim();
        if (!f.equals("text") && !f.equals("json") && !f.equals("jsonl")) {
            throw new IllegalArgumentException("bad format '" + format + "': expected text, json or jsonl");
        }
        LeakReport report = reports.live(minAgeMillis);
        return switch (f) {
            case "json" -> report.toJson();
            case "jsonl" -> LeakLines.write(report, HostName.local());
            default -> report.toText();
        };
    }

    private long count(Verdict verdict) {
        long n = 0;
        for (Leak leak : recent().leaks()) {
            if (leak.verdict() == verdict) {
                n += leak.count();
            }
        }
        return n;
    }

    private synchronized LeakReport recent() {
        long now = System.nanoTime();
        if (recent == null || now - recentAt > FRESH_NANOS) {
            recent = reports.live(defaultMinAgeMillis);
            recentAt = now;
        }
        return recent;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return "threadleak: who started which thread, where, and whether it ended";
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return switch (info.getName()) {
            case "LiveThreads" -> "Live platform threads the agent tracks, the JVM's own included";
            case "LiveVirtualThreads" -> "Live virtual threads the agent tracks";
            case "Suspects" -> "Threads older than the agent's min-age that wait, and whose waker may still come";
            case "BlockedForever" -> "Threads parked on a channel whose other side is gone";
            case "DroppedRecords" -> "Records of every kind not made because the record bound (max-records) was reached";
            case "DroppedThreads" -> "Platform thread starts not tracked because max-records was reached";
            case "DroppedVirtualThreads" -> "Virtual thread starts not tracked because max-records was reached";
            case "DroppedExecutors" -> "Executors not tracked because max-records was reached";
            case "DroppedTasks" -> "Submitted tasks not tracked because max-records was reached";
            case "Sites" -> "What lives, by creation site and kind, with the growth since the previous reading;"
                    + " the largest " + SiteGauges.MAX_ROWS + " rows";
            case "SitesDropped" -> "Rows of Sites left out of its last reading by its bound of " + SiteGauges.MAX_ROWS;
            case "DroppedQueues" -> "Queues whose waits are reported without the queue, because max-records was reached";
            default -> info.getDescription();
        };
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return "The live report: threads older than minAge that wait, with creation and current stacks";
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return sequence == 0 ? "format" : "minAge";
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return sequence == 0 ? "text, json or jsonl" : "a DURATION such as 10s or 500ms; empty for the agent's min-age";
    }
}
