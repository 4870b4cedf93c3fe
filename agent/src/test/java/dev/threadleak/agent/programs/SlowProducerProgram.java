package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.SignalFile;
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
        SignalFile.await(Path.of(args[0])); // the agent writes it
    }
}
