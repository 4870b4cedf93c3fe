package dev.threadleak.samples;

import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 2, the forgotten sender: a search hands its result over an unbuffered queue, but the
 * caller stopped waiting first, so the searcher blocks in {@code put} forever. The fix is a
 * buffer of one and {@code offer}: the result is left there, read or not, and the searcher ends.
 */
final class ForgottenSender implements Scenario {

    private static final String QUERY = "golang";
    static final String SEARCHER = "searcher-" + QUERY;
    private static final long SEARCH_MILLIS = 300;
    private static final long PATIENCE_MILLIS = 100;

    @Override
    public String name() {
        return "forgotten-sender";
    }

    @Override
    public String description() {
        return "a search puts its result on a SynchronousQueue after the caller gave up waiting (lesson 2)";
    }

    @Override
    public void runLeaky(PrintStream out) throws InterruptedException {
        // Unbuffered: put() waits for a taker, and the only taker gives up after PATIENCE_MILLIS.
        BlockingQueue<String> results = new SynchronousQueue<>();
        startSearch(QUERY, results::put);
        awaitResult(results, out);
        out.println("main: moves on; " + SEARCHER + " will block in SynchronousQueue.put forever");
        ParkedThreads.await(SEARCHER);
    }

    @Override
    public void runFixed(PrintStream out) throws InterruptedException {
        // A buffer of one: the searcher can always leave its result and end, whether read or not.
        BlockingQueue<String> results = new ArrayBlockingQueue<>(1);
        Thread searcher = startSearch(QUERY, results::offer);
        awaitResult(results, out);
        searcher.join();
        out.println("fixed: " + SEARCHER + " left its result in a buffer of one and ended; main joined it");
    }

    /** Runs the search on its own thread; it hands its result to {@code delivery} when done. */
    private static Thread startSearch(String query, Delivery delivery) {
        Thread searcher = new Thread(() -> search(query, delivery), "searcher-" + query);
        searcher.start();
        return searcher;
    }

    private static void search(String query, Delivery delivery) {
        try {
            Thread.sleep(SEARCH_MILLIS); // the slow backend call
            delivery.deliver("results for " + query);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitResult(BlockingQueue<String> results, PrintStream out) throws InterruptedException {
        String result = results.poll(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
        out.println(result != null ? "main: got " + result
                : "main: no result within " + PATIENCE_MILLIS + " ms, gives up on the search");
    }

    /** How the searcher hands over its result: the one line that differs between leak and fix. */
    @FunctionalInterface
    private interface Delivery {
        void deliver(String result) throws InterruptedException;
    }
}
