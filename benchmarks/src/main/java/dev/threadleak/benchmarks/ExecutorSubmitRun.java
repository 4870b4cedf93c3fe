package dev.threadleak.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * Submits trivial tasks to a one-thread {@code ThreadPoolExecutor}: per task, one trip through the
 * agent's advice on {@code execute}, {@code beforeExecute} and {@code afterExecute}.
 *
 * <p>{@link #batch} is the per-task cost, and the one to judge the agent by. A lone submit+get
 * ({@link #submitGet}) costs two cross-thread wake-ups, the worker's and the caller's: 5-6 us on
 * a quiet 2-CPU machine, three times that under load, which would hide a per-task cost of a few
 * hundred ns. So the batch first blocks the worker behind a gate, queues {@value #BATCH} tasks,
 * then opens the gate and waits for the last: the worker runs them back to back without
 * parking, and the two wake-ups are shared by the whole batch. Submitting while the worker is
 * also running would not do: the worker would empty the queue and park between tasks as often
 * as the submitter is slower than it, which is exactly what the agent changes.
 * {@link #submitGet} stays because it is what code does and because both its threads park per
 * task, so it also pays for the agent's wait records; it is the noisier of the two.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ExecutorSubmitRun {

    static final int BATCH = 1000;

    private static final Integer RESULT = 42;
    private static final Callable<Integer> TRIVIAL = () -> RESULT;

    private ThreadPoolExecutor pool;

    /**
     * A pool made here, after the agent was installed, by the benchmark's own code: the agent
     * tracks it and its tasks (an executor made by JDK code would be ignored as the JVM's own).
     */
    @Setup
    public void startPool() {
        pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        pool.prestartCoreThread();
    }

    @TearDown
    public void stopPool() throws InterruptedException {
        pool.shutdownNow();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the benchmark's pool did not terminate");
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS) // wake-ups, not ns of work, make up its score
    public Integer submitGet() throws InterruptedException, ExecutionException {
        return pool.submit(TRIVIAL).get();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Integer batch() throws InterruptedException, ExecutionException {
        CountDownLatch gate = new CountDownLatch(1);
        pool.submit(() -> {
            gate.await();
            return null;
        });
        Future<Integer> last = null;
        for (int i = 0; i < BATCH; i++) {
            last = pool.submit(TRIVIAL);
        }
        gate.countDown();
        // One worker runs the tasks in order: when the last is done, all are.
        return last.get();
    }
}
