package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each new benchmark's body called once, directly, as JMH's generated code would (no JMH run):
 * it must return the work's result, never hang, and leave no thread behind.
 */
@Timeout(30)
class BenchmarkBodiesTest {

    @Test
    void executorRunsTheBatchAndTheRoundTripThenStops() throws Exception {
        ExecutorSubmitRun benchmark = new ExecutorSubmitRun();
        benchmark.startPool();
        try {
            assertEquals(42, benchmark.batch());
            assertEquals(42, benchmark.batch()); // the next gate closes again
            assertEquals(42, benchmark.submitGet());
        } finally {
            benchmark.stopPool(); // throws if the pool's worker does not end
        }
    }

    @Test
    void asyncBatchRunsEveryTaskThenItsPoolStops() throws Exception {
        AsyncOnForkJoinPool benchmark = new AsyncOnForkJoinPool();
        benchmark.startPool();
        try {
            assertEquals(42, benchmark.batch());
            assertEquals(42, benchmark.batch());
        } finally {
            benchmark.stopPool(); // throws if the pool's worker does not end
        }
    }

    @Test
    void uncontendedQueuesGiveBackWhatWasPut() throws Exception {
        UncontendedQueues benchmark = new UncontendedQueues();
        benchmark.makeQueues();
        for (int i = 0; i < 100; i++) { // more than the capacity: each op leaves the queue empty
            assertEquals(42, benchmark.arrayOfferPoll());
            assertEquals(42, benchmark.arrayPutTake());
            assertEquals(42, benchmark.linkedOfferPoll());
            assertEquals(42, benchmark.linkedPutTake());
        }
    }

    @Test
    void completedFuturesReturnTheirValue() throws Exception {
        CompletedFutures benchmark = new CompletedFutures();
        benchmark.complete();
        assertEquals(42, benchmark.futureTaskGet());
        assertEquals(42, benchmark.completableFutureJoin());
    }

    @Test
    void handoffTimesOutInsteadOfHangingWhenItsPartnerIsGone() throws Exception {
        QueueHandoff benchmark = new QueueHandoff();
        benchmark.makeQueue();
        assertTrue(benchmark.producer());
        assertEquals(42, benchmark.consumer());
        assertNull(benchmark.consumer()); // no producer: a timed poll returns
        assertTrue(benchmark.producer());
        assertEquals(false, benchmark.producer()); // one slot, no consumer: a timed offer returns
    }
}
