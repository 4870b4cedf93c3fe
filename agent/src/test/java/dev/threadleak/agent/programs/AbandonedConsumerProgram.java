package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Go's never-closed channel: an owner makes a queue, a consumer that takes until it is told to
 * stop, and a producer that puts three items and ends without the stop; then the owner ends.
 * The consumer parks for ever in {@code LinkedBlockingQueue.take}.
 */
public final class AbandonedConsumerProgram {

    private AbandonedConsumerProgram() {
    }

    public static void main(String[] args) throws Exception {
        ParkedThreads.startInAnEndedThread("owner", AbandonedConsumerProgram::pipeline, "consumer", 1);
        System.out.println("parked");
    }

    private static void pipeline() {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        ParkedThreads.daemon("consumer", () -> consume(queue));
        Thread producer = ParkedThreads.daemon("producer", () -> {
            for (int i = 0; i < 3; i++) {
                queue.add("item " + i);
            }
        });
        try {
            producer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void consume(BlockingQueue<String> queue) {
        try {
            while (!queue.take().equals("stop")) {
                // work on the item
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
