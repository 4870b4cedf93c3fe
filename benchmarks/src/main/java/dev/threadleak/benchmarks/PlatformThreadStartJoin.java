package dev.threadleak.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Starts a platform thread that does nothing and waits for it to end: one full trip through the
 * agent's advice on {@code Thread.start} and {@code Thread.exit}. Iteration and fork counts come
 * from {@link AgentCost}; the annotations only say what one operation is.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlatformThreadStartJoin {

    private static final Runnable NOTHING = () -> { };

    @Benchmark
    public void startJoin() throws InterruptedException {
        Thread thread = new Thread(NOTHING);
        thread.start();
        thread.join();
    }
}
