package dev.threadleak.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code CompletableFuture.supplyAsync} on a one-worker {@code ForkJoinPool}: per task, one trip
 * through the agent's advice on the task's constructor, the pool's {@code execute} and the task's
 * {@code run}, as {@code supplyAsync} without an executor takes on the common pool. An own pool,
 * not the common one: on JDK 17 and 21 with one or two cores the common pool is not used at all (a
 * thread per task is), and the row would measure thread starts. Batched behind a gate as
 * {@link ExecutorSubmitRun#batch} is, so that wake-ups do not hide a per-task cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class AsyncOnForkJoinPool {

    static final int BATCH = 1000;

    private static final Integer RESULT = 42;
    private static final Supplier<Integer> TRIVIAL = () -> RESULT;

    private final CompletableFuture<?>[] futures = new CompletableFuture<?>[BATCH];
    private ForkJoinPool pool;

    /** Made by the benchmark's own code after the agent was installed: tracked, as the application's pools are. */
    @Setup
    public void startPool() {
        pool = new ForkJoinPool(1);
    }

    @TearDown
    public void stopPool() throws InterruptedException {
        pool.shutdownNow();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the benchmark's pool did not terminate");
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int batch() {
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, pool);
        for (int i = 0; i < BATCH; i++) {
            futures[i] = CompletableFuture.supplyAsync(TRIVIAL, pool);
        }
        gate.countDown();
        int sum = 0;
        for (CompletableFuture<?> f : futures) {
            sum += (Integer) f.join();
        }
        return sum / BATCH;
    }
}
