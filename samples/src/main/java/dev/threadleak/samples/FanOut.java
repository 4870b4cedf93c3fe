package dev.threadleak.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 6, errgroup: fan three calls out on a pool; the first failure cancels the others. The
 * cancelling is done right ({@code cancel(true)}, {@code shutdownNow()}), but one sibling is a
 * loop that never looks at its interrupt flag, so it runs on after the caller returned. The fix
 * is in the sibling: it checks for interruption and stops.
 */
final class FanOut implements Scenario {

    static final String WORKERS = "fan-out-worker";
    private static final long GRACE_MILLIS = 300;

    @Override
    public String name() {
        return "fan-out";
    }

    @Override
    public String description() {
        return "the first failure cancels the sibling calls, but one ignores interruption and runs on (lesson 6)";
    }

    @Override
    public void runLeaky(PrintStream out) throws InterruptedException {
        boolean stopped = fanOut(FanOut::checksumIgnoringInterrupts, out);
        out.println("main: returns; the pool " + (stopped ? "terminated" : "did not terminate: the checksum "
                + "call ignores interruption and keeps a " + WORKERS + " busy forever"));
    }

    @Override
    public void runFixed(PrintStream out) throws InterruptedException {
        boolean stopped = fanOut(FanOut::checksumUntilInterrupted, out);
        out.println("fixed: every call honours interruption; the pool "
                + (stopped ? "terminated" : "did NOT terminate"));
    }

    /** Runs the calls, cancels the rest at the first failure, and says whether the pool then terminated. */
    private static boolean fanOut(Callable<String> checksum, PrintStream out) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(3, new NamedThreads(WORKERS));
        CompletionService<String> calls = new ExecutorCompletionService<>(pool);
        List<Future<String>> futures = submitCalls(calls, List.of(FanOut::failingLookup, FanOut::slowLookup, checksum));
        Optional<Throwable> failure = firstFailure(calls, futures.size());
        futures.forEach(future -> future.cancel(true));
        pool.shutdownNow();
        out.println("main: " + failure.map(e -> "first failure: " + e.getMessage()).orElse("all calls succeeded")
                + "; cancelled the other calls and shut the pool down");
        return pool.awaitTermination(GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Where the pool's threads are started: the leaked one runs {@code checksum}. */
    private static List<Future<String>> submitCalls(CompletionService<String> calls, List<Callable<String>> tasks) {
        List<Future<String>> futures = new ArrayList<>();
        for (Callable<String> task : tasks) {
            futures.add(calls.submit(task));
        }
        return futures;
    }

    private static Optional<Throwable> firstFailure(CompletionService<String> calls, int count)
            throws InterruptedException {
        for (int i = 0; i < count; i++) {
            try {
                calls.take().get();
            } catch (ExecutionException e) {
                return Optional.of(e.getCause());
            }
        }
        return Optional.empty();
    }

    private static String failingLookup() throws IOException, InterruptedException {
        Thread.sleep(50);
        throw new IOException("replica-a refused the connection");
    }

    private static String slowLookup() throws InterruptedException {
        Thread.sleep(5_000); // interruptible: cancel(true) ends it
        return "replica-b";
    }

    /** Never checks its interrupt flag, so cancel(true) and shutdownNow() cannot stop it. */
    private static String checksumIgnoringInterrupts() {
        long checksum = 17;
        while (checksum != 0) { // never 0: the odd multiplier keeps it odd
            checksum = checksum * 31 + 2;
        }
        return Long.toString(checksum);
    }

    private static String checksumUntilInterrupted() {
        long checksum = 17;
        while (!Thread.currentThread().isInterrupted()) {
            checksum = checksum * 31 + 2;
        }
        return Long.toString(checksum);
    }
}
