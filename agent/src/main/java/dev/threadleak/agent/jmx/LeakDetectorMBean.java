package dev.threadleak.agent.jmx;

import javax.management.openmbean.TabularData;

/**
 * The agent as JConsole, VisualVM and JMX exporters see it, under {@code dev.threadleak:type=LeakDetector}.
 * Attributes are read-only counters; {@link #report} returns the live report the CLI's
 * {@code dump} shows.
 */
public interface LeakDetectorMBean {

    /** Live platform threads the agent tracks (the JVM's own included). */
    long getLiveThreads();

    /** Live virtual threads the agent tracks. */
    long getLiveVirtualThreads();

    /** Threads older than the agent's {@code min-age} that wait, and whose waker may still come. */
    long getSuspects();

    /** Threads parked on a channel whose other side is gone. */
    long getBlockedForever();

    /** Records of every kind not made because the record bound ({@code max-records}) was reached. */
    long getDroppedRecords();

    /** Platform thread starts not tracked because the record bound was reached. */
    long getDroppedThreads();

    /** Virtual thread starts not tracked because the record bound was reached. */
    long getDroppedVirtualThreads();

    /** Executors not tracked because the record bound was reached. */
    long getDroppedExecutors();

    /** Submitted tasks not tracked because the record bound was reached. */
    long getDroppedTasks();

    /** Queues whose waits are reported without the queue, because the record bound was reached. */
    long getDroppedQueues();

    /**
     * What lives, by creation site and kind: rows of {@code site} (the application's frame that
     * created it), {@code kind} ({@code thread}, {@code virtual-thread}, {@code executor},
     * {@code queued-task}, {@code running-task}), {@code count} and {@code growth} since the
     * previous reading; the largest 100 rows.
     */
    TabularData getSites();

    /** Rows of {@link #getSites()} left out of its last reading by its bound of 100. */
    long getSitesDropped();

    /**
     * The live report: {@code format} is {@code text}, {@code json} or {@code jsonl}; {@code minAge} a DURATION
     * ({@code 10s}, {@code 500ms}, {@code 0}), empty for the agent's {@code min-age}.
     */
    String report(String format, String minAge);
}
