package dev.threadleak.cli.programs;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The program of issue 6: a consumer thread parked on {@code queue.take()} that nobody will feed.
 * With {@code --clean} there is no consumer. Prints {@code ready} once the consumer is parked,
 * then waits for standard input to close (reading, so main is RUNNABLE: not a waiting thread).
 */
public final class ParkedConsumer {

    private ParkedConsumer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("--clean")) {
            BlockingQueue<String> queue = new LinkedBlockingQueue<>();
            Thread consumer = new Thread(() -> {
                try {
                    System.out.println("consumed " + queue.take());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "consumer");
            consumer.start();
            awaitParked(consumer);
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our input or kills us
        }
        System.exit(0);
    }

    /** The consumer's state is the one thing that says it is parked: poll it, 20 s at most. */
    private static void awaitParked(Thread consumer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (consumer.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumer did not park: " + consumer.getState());
            }
            Thread.onSpinWait();
        }
    }
}
