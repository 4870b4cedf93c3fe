package dev.threadleak.benchmarks;

import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Starts virtual threads that do nothing and waits for them to end: per thread, one trip through
 * the agent's advice on {@code VirtualThread.start} and {@code VirtualThread.afterDone}. JDK 21+
 * only; the runner leaves this out on older JDKs (see {@link VirtualThreads#available()}).
 *
 * <p>Why a batch: a lone start+join from the (platform) benchmark thread costs two cross-thread
 * wake-ups, a carrier's and the joiner's, about 15 us here, which would hide a cost of a few
 * hundred ns. Starting {@value #BATCH} threads before joining them keeps the carriers busy, so the
 * score is the per-thread cost of start, run and end, which is what the agent adds to.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class VirtualThreadStartJoin {

    static final int BATCH = 1000;

    private static final Runnable NOTHING = () -> { };

    private final Thread[] batch = new Thread[BATCH];

    /** {@code (Runnable)Thread}: {@code Thread.ofVirtual().unstarted(r)}, resolved once. */
    private MethodHandle unstartedVirtualThread;

    @Setup
    public void resolveFactory() {
        unstartedVirtualThread = VirtualThreads.unstartedFactory();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void startJoin() throws Throwable {
        for (int i = 0; i < BATCH; i++) {
            Thread thread = (Thread) unstartedVirtualThread.invokeExact(NOTHING);
            thread.start();
            batch[i] = thread;
        }
        for (Thread thread : batch) {
            thread.join();
        }
    }
}
