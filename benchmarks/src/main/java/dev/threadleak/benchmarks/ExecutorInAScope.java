package dev.threadleak.benchmarks;

import dev.threadleak.api.AgentUnavailableException;
import dev.threadleak.api.Scope;
import dev.threadleak.api.Threadleak;
import dev.threadleak.api.Window;
import dev.threadleak.report.ScopeInfo;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link ExecutorSubmitRun}'s batch while a scope's window is open, as in a JUnit test with the
 * extension: there a task gets a record (its submitter, a stack for the first of its kind).
 * {@link #batch} opens a scope per batch, so every task of it is recorded; {@link #flood} keeps one
 * scope for the whole fork, where a kind's tasks past its first 10,000 get none (a test that hands
 * a pool millions of events). Without the agent there is no scope to open: the same batch, the
 * baseline.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExecutorInAScope {

    /** The pool and its batch, and a scope for the fork: null without the agent. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Pool {
        final ExecutorSubmitRun batches = new ExecutorSubmitRun();
        Scope scope;

        @Setup
        public void start() {
            batches.startPool();
            scope = newScope();
        }

        @TearDown
        public void stop() throws InterruptedException {
            batches.stopPool();
        }
    }

    /** A scope made before each batch: its tasks are the first of their kind. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class FreshScope {
        Scope scope;

        @Setup(Level.Invocation) // a batch is a thousand tasks: the setup's own timing is noise beside it
        public void openScope() {
            scope = newScope();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ExecutorSubmitRun.BATCH)
    public Integer batch(Pool pool, FreshScope fresh) throws InterruptedException, ExecutionException {
        return inWindow(fresh.scope, pool.batches);
    }

    @Benchmark
    @OperationsPerInvocation(ExecutorSubmitRun.BATCH)
    public Integer flood(Pool pool) throws InterruptedException, ExecutionException {
        return inWindow(pool.scope, pool.batches);
    }

    private static Integer inWindow(Scope scope, ExecutorSubmitRun pool) throws InterruptedException, ExecutionException {
        if (scope == null) {
            return pool.batch();
        }
        try (Window window = scope.openWindow()) {
            return pool.batch();
        }
    }

    private static Scope newScope() {
        try {
            return Threadleak.agent().newScope(new ScopeInfo("scope", "benchmark"), "the benchmark", t -> false);
        } catch (AgentUnavailableException e) {
            return null; // the baseline: no agent
        }
    }
}
