package dev.threadleak.report;

/**
 * Counters of what the agent tracks, so a reader can tell "nothing leaked" from "nothing seen".
 * {@code droppedRecords} counts threads not tracked because the record bound was reached.
 */
public record Stats(long threadsStarted, long liveThreads, long liveVirtualThreads, long droppedRecords) {
}
