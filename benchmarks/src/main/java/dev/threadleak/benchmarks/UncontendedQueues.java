package dev.threadleak.benchmarks;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One thread puts an element into a blocking queue and takes it out again: the queue always has
 * room and is never empty when taken from, so nothing parks. The agent advises only the
 * condition waits a thread reaches once it must park, never {@code put}, {@code take},
 * {@code offer} or {@code poll} themselves, so these should cost what they cost without it
 * (jvm-notes.md: advice on every put/take made them 5-10x slower).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class UncontendedQueues {

    /** Room to spare: a put never waits for a take. */
    private static final int CAPACITY = 16;

    private Integer element = 42; // not final: JMH advises against constants the JIT could fold
    private BlockingQueue<Integer> array;
    private BlockingQueue<Integer> linked;

    /** Made after the agent was installed, so its constructor advice has mapped their conditions. */
    @Setup
    public void makeQueues() {
        array = new ArrayBlockingQueue<>(CAPACITY);
        linked = new LinkedBlockingQueue<>(CAPACITY);
    }

    @Benchmark
    public Integer arrayOfferPoll() {
        array.offer(element);
        return array.poll();
    }

    @Benchmark
    public Integer arrayPutTake() throws InterruptedException {
        array.put(element);
        return array.take();
    }

    @Benchmark
    public Integer linkedOfferPoll() {
        linked.offer(element);
        return linked.poll();
    }

    @Benchmark
    public Integer linkedPutTake() throws InterruptedException {
        linked.put(element);
        return linked.take();
    }
}
