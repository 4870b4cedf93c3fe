package dev.threadleak.agent.programs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Starts N daemon consumers parked on a queue, waits until all have started, and, if given a
 * file, until the agent has written a report there (polled, 20 s at most); then exits.
 */
public final class ParkedConsumersProgram {

    private ParkedConsumersProgram() {
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(20); // the agent writes the file: there is nothing else to wait on
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int count = Integer.parseInt(args[0]);
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
        CountDownLatch started = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            Thread consumer = new Thread(() -> {
                started.countDown();
                try {
                    queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "consumer-" + i);
            consumer.setDaemon(true);
            consumer.start();
        }
        started.await();
        if (args.length > 1) {
            awaitFile(Path.of(args[1]));
        }
        System.out.println("done");
    }
}
