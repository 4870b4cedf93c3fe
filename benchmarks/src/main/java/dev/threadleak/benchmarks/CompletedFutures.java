package dev.threadleak.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Waits on futures that are already complete: {@code FutureTask.get} and
 * {@code CompletableFuture.join} return at once, without reaching {@code awaitDone} or
 * {@code waitingGet}, the methods the agent advises. A read of a field, under a nanosecond: any
 * advice on the fast path would show here many times over.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class CompletedFutures {

    private FutureTask<Integer> futureTask;
    private CompletableFuture<Integer> completableFuture;

    @Setup
    public void complete() {
        futureTask = new FutureTask<>(() -> 42);
        futureTask.run();
        completableFuture = CompletableFuture.completedFuture(42);
    }

    @Benchmark
    public Integer futureTaskGet() throws InterruptedException, ExecutionException {
        return futureTask.get();
    }

    @Benchmark
    public Integer completableFutureJoin() {
        return completableFuture.join();
    }
}
