package dev.threadleak.agent.programs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A consumer waits on a queue whose producer is alive but slow (it sleeps between items): the
 * agent must not call that wait endless. Runs until the file in args[0] appears.
 */
public final class SlowProducerProgram {

    private SlowProducerProgram() {
    }

    public static void main(String[] args) throws Exception {
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread consumer = new Thread(() -> {
            try {
                while (true) {
                    queue.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "patient-consumer");
        consumer.setDaemon(true);
        consumer.start();
        Thread producer = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(60_000); // slow: one item a minute
                    queue.put("item");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "slow-producer");
        producer.setDaemon(true);
        producer.start();
        Path stop = Path.of(args[0]);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(stop) && System.nanoTime() < deadline) {
            Thread.sleep(20); // the agent writes the file: nothing else to wait on
        }
    }
}
