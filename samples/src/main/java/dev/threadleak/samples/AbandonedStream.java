package dev.threadleak.samples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;

/**
 * Lesson 3, leave concurrency to the caller: {@code listDirectory} returns a queue that a thread
 * of its own fills; the caller reads a few entries and stops, and the lister blocks in
 * {@code put} on the full queue forever. The fix walks the listing on the caller's thread and
 * calls back per entry; the caller stops it by returning {@code false}, and no thread is started.
 */
final class AbandonedStream implements Scenario {

    static final String LISTER = "directory-lister";
    private static final int ENTRIES = 1_000;
    private static final int BUFFER = 16;
    private static final int WANTED = 5;

    @Override
    public String name() {
        return "abandoned-stream";
    }

    @Override
    public String description() {
        return "an API returns a queue fed by its own thread; the caller stops reading early (lesson 3)";
    }

    @Override
    public void runLeaky(PrintStream out) throws InterruptedException {
        BlockingQueue<String> entries = listDirectory("/var/log");
        List<String> first = new ArrayList<>();
        while (first.size() < WANTED) {
            first.add(entries.take());
        }
        out.println("main: read " + first + " and stopped; " + LISTER
                + " blocks in put() on its full queue forever");
        ParkedThreads.await(LISTER);
    }

    @Override
    public void runFixed(PrintStream out) {
        List<String> first = new ArrayList<>();
        forEachEntry("/var/log", entry -> first.add(entry) && first.size() < WANTED);
        out.println("fixed: read " + first + "; the listing ran on main's thread and stopped when told");
    }

    /** The leaky API: the queue is filled by a thread that the caller can neither see nor stop. */
    private static BlockingQueue<String> listDirectory(String directory) {
        BlockingQueue<String> entries = new ArrayBlockingQueue<>(BUFFER);
        Thread lister = new Thread(() -> putAll(directory, entries), LISTER);
        lister.start();
        return entries;
    }

    private static void putAll(String directory, BlockingQueue<String> entries) {
        try {
            for (int i = 1; i <= ENTRIES; i++) {
                entries.put(entryName(directory, i));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The fixed API: calls {@code visitor} with each entry until it returns {@code false}. */
    private static void forEachEntry(String directory, Predicate<String> visitor) {
        for (int i = 1; i <= ENTRIES; i++) {
            if (!visitor.test(entryName(directory, i))) {
                return;
            }
        }
    }

    /** Stands in for reading the directory: the listing is made up, the threads are real. */
    private static String entryName(String directory, int index) {
        return String.format("%s/app-%04d.log", directory, index);
    }
}
