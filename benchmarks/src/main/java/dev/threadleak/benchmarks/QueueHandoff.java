package dev.threadleak.benchmarks;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A producer and a consumer thread hand elements over through an {@code ArrayBlockingQueue} of
 * one slot: most operations find the queue full or empty and park, so this is the slow path the
 * agent does record, one wait begun and ended per park. The score is JMH's average over both
 * threads' operations, about the time of one handoff.
 *
 * <p>Timed {@code offer}/{@code poll}, not {@code put}/{@code take}: at the end of an iteration
 * JMH stops one thread first, and the other, left waiting for a partner that no longer comes,
 * would hang in an untimed wait (jvm-notes.md). A timed-out operation returns false or null and
 * the loop goes on until JMH stops it too.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Group)
public class QueueHandoff {

    /** Long beside a handoff (microseconds), short beside an iteration (a second). */
    private static final long TIMEOUT_MILLIS = 10;

    private Integer element = 42; // not final: JMH advises against constants the JIT could fold
    private BlockingQueue<Integer> queue;

    @Setup
    public void makeQueue() {
        queue = new ArrayBlockingQueue<>(1);
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public boolean producer() throws InterruptedException {
        return queue.offer(element, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public Integer consumer() throws InterruptedException {
        return queue.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }
}
