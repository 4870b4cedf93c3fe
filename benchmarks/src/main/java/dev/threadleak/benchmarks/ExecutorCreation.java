package dev.threadleak.benchmarks;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A pool made and shut down without ever starting a worker: what the agent pays to record an
 * executor (Chronicle Threads' event loops each make one; one of its tests made 10,000). Not a row
 * of the cost table: run it alone, with the agent and without, e.g. {@code java -cp
 * benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ExecutorCreation -jvmArgsAppend
 * -javaagent:agent/target/threadleak-agent.jar}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ExecutorCreation {

    @Benchmark
    public boolean createAndShutDown() {
        ThreadPoolExecutor made = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        made.shutdownNow();
        return made.isShutdown();
    }
}
