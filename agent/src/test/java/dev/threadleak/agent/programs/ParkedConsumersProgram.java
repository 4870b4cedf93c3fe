package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.SignalFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Starts N daemon consumers parked on a queue, waits until all have started, and, if given a
 * file, until the agent has written a report there (polled, 20 s at most), with {@code fresh} one
 * written after the consumers started; then exits.
 */
public final class ParkedConsumersProgram {

    private ParkedConsumersProgram() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
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
        if (args.length > 2 && args[2].equals("fresh")) {
            // An interval report may have been taken before the consumers started: drop what is there,
            // then the next one, which may have been built before the drop; the one after was built later.
            for (int i = 0; i < 2; i++) {
                Files.deleteIfExists(Path.of(args[1]));
                SignalFile.await(Path.of(args[1]));
            }
        } else if (args.length > 1) {
            System.out.println("ready"); // the consumers are parked: one attached now finds them there
            SignalFile.await(Path.of(args[1])); // the agent, or the test, writes it
        }
        System.out.println("done");
    }
}
