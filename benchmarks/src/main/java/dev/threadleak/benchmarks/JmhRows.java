package dev.threadleak.benchmarks;

import dev.threadleak.benchmarks.RunSettings.Part;
import java.util.List;

/**
 * Which JMH benchmark fills which row of the {@link CostTable}, and which {@code --only} part it
 * belongs to. A benchmark is a {@code @Benchmark} method, or for a benchmark of several threads
 * its {@code @Group}: that is the name JMH runs and reports it under.
 */
final class JmhRows {

    /** One benchmark: {@code type.method} as JMH names it, shown in the table as {@code row}. */
    record JmhRow(Part part, Class<?> type, String method, String row) {

        String benchmark() {
            return type.getName() + "." + method;
        }
    }

    static final List<JmhRow> ALL = List.of(
            new JmhRow(Part.PLATFORM, PlatformThreadStartJoin.class, "startJoin", CostTable.PLATFORM),
            new JmhRow(Part.VIRTUAL, VirtualThreadStartJoin.class, "startJoin", CostTable.VIRTUAL),
            new JmhRow(Part.EXECUTOR, ExecutorSubmitRun.class, "batch", CostTable.EXECUTOR_BATCH),
            new JmhRow(Part.EXECUTOR, ExecutorSubmitRun.class, "submitGet", CostTable.EXECUTOR_SUBMIT_GET),
            new JmhRow(Part.QUEUE, UncontendedQueues.class, "arrayOfferPoll", CostTable.ARRAY_OFFER_POLL),
            new JmhRow(Part.QUEUE, UncontendedQueues.class, "arrayPutTake", CostTable.ARRAY_PUT_TAKE),
            new JmhRow(Part.QUEUE, UncontendedQueues.class, "linkedOfferPoll", CostTable.LINKED_OFFER_POLL),
            new JmhRow(Part.QUEUE, UncontendedQueues.class, "linkedPutTake", CostTable.LINKED_PUT_TAKE),
            new JmhRow(Part.QUEUE, CompletedFutures.class, "futureTaskGet", CostTable.FUTURE_TASK_GET),
            new JmhRow(Part.QUEUE, CompletedFutures.class, "completableFutureJoin", CostTable.COMPLETABLE_FUTURE_JOIN),
            new JmhRow(Part.QUEUE, QueueHandoff.class, "handoff", CostTable.QUEUE_HANDOFF));

    private JmhRows() {
    }

    static List<JmhRow> of(Part part) {
        return ALL.stream().filter(row -> row.part() == part).toList();
    }
}
