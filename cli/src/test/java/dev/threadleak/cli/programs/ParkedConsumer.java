package dev.threadleak.cli.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

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
            ParkedThreads.await(consumer, Thread.State.WAITING);
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our input or kills us
        }
        System.exit(0);
    }
}
