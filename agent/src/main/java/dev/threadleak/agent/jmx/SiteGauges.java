package dev.threadleak.agent.jmx;

import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.report.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * The MBean's {@code Sites}: what lives, by creation site and kind, as open data a JMX exporter
 * turns into labelled series: one row per ({@code site}, {@code kind}) with its {@code count} and
 * its {@code growth} since the previous reading. The dashboard form of {@code threadleak watch}.
 *
 * <p>{@code site} is the first frame of the application in the creation stack
 * ({@code com.acme.Search.process(Search.java:42)}); {@code kind} one of {@code thread},
 * {@code virtual-thread}, {@code executor}, {@code queued-task}, {@code running-task}. Bounded:
 * the {@value #MAX_ROWS} largest rows (a time series each, twice: count and growth, for a
 * monitoring system that pays by the series); how many rows were left out is
 * {@link #dropped()}. A reading within {@value #FRESH_MILLIS} ms of the last one shares it, so
 * that a console reading every attribute counts once; growth is since the reading before, by
 * whichever client made it.
 */
final class SiteGauges {

    static final int MAX_ROWS = 100;
    /** Resolving a task's creation stack costs microseconds: beyond these, tasks count as one site. */
    static final int MAX_TASK_STACKS = 10_000;
    static final long FRESH_MILLIS = 1_000;
    static final String NO_STACK = "(no creation stack)";

    private static final String[] COLUMNS = {"site", "kind", "count", "growth"};
    static final CompositeType ROW = rowType();
    static final TabularType TABLE = tableType();

    private final JvmReports reports;
    private final int maxRows;
    private final LongSupplier nanoClock;
    private Map<Row, Long> previous = Map.of();
    private TabularData recent;
    private long recentAt;
    private long dropped;

    SiteGauges(JvmReports reports) {
        this(reports, MAX_ROWS, System::nanoTime);
    }

    SiteGauges(JvmReports reports, int maxRows, LongSupplier nanoClock) {
        this.reports = reports;
        this.maxRows = maxRows;
        this.nanoClock = nanoClock;
    }

    synchronized TabularData read() {
        long now = nanoClock.getAsLong();
        if (recent == null || now - recentAt > TimeUnit.MILLISECONDS.toNanos(FRESH_MILLIS)) {
            recent = count();
            recentAt = now;
        }
        return recent;
    }

    /** Rows left out of the last reading by the bound. */
    synchronized long dropped() {
        return dropped;
    }

    private TabularData count() {
        Map<Row, Long> counts = new HashMap<>();
        reports.tally((kind, stack) -> counts.merge(new Row(site(stack), kind), 1L, Long::sum), MAX_TASK_STACKS);
        List<Map.Entry<Row, Long>> rows = new ArrayList<>(counts.entrySet());
        rows.sort(Map.Entry.<Row, Long>comparingByValue().reversed());
        dropped = Math.max(0, rows.size() - maxRows);
        TabularDataSupport table = new TabularDataSupport(TABLE);
        Map<Row, Long> kept = new HashMap<>();
        for (Map.Entry<Row, Long> e : rows.subList(0, Math.min(rows.size(), maxRows))) {
            Row row = e.getKey();
            long count = e.getValue();
            kept.put(row, count);
            table.put(composite(row, count, count - previous.getOrDefault(row, 0L)));
        }
        previous = kept;
        return table;
    }

    /** The application's frame; the top frame when there is none; {@value #NO_STACK} without a stack. */
    static String site(List<Frame> stack) {
        Frame frame = Frame.applicationFrame(stack);
        if (frame == null && !stack.isEmpty()) {
            frame = stack.get(0);
        }
        return frame == null ? NO_STACK : frame.toString();
    }

    private static CompositeDataSupport composite(Row row, long count, long growth) {
        try {
            return new CompositeDataSupport(ROW, COLUMNS, new Object[] {row.site(), row.kind(), count, growth});
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompositeType rowType() {
        try {
            return new CompositeType("dev.threadleak.Site", "What lives at one creation site, of one kind", COLUMNS,
                    new String[] {
                        "The first frame of the application in the creation stack",
                        "thread, virtual-thread, executor, queued-task or running-task",
                        "How many live now",
                        "How many more than at the previous reading (negative: fewer)"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.LONG, SimpleType.LONG});
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TabularType tableType() {
        try {
            return new TabularType("dev.threadleak.Sites", "What lives, by creation site and kind", ROW,
                    new String[] {"site", "kind"});
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Row(String site, String kind) {
    }
}
