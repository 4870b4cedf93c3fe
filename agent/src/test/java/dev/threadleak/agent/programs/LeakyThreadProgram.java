package dev.threadleak.agent.programs;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Starts a thread in a helper method that waits on a queue forever, then exits the JVM. */
public final class LeakyThreadProgram {

    private LeakyThreadProgram() {
    }

    static void startConsumer(BlockingQueue<String> queue) {
        Thread consumer = new Thread(() -> {
            try {
                queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "orphan-consumer");
        consumer.start();
    }

    public static void main(String[] args) {
        startConsumer(new LinkedBlockingQueue<>());
        System.out.println("program output");
        System.exit(0);
    }
}
