package dev.threadleak.cli.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * One wait nothing can end and one that a live thread can: a "replier" parked in
 * {@code SynchronousQueue.put} on a queue only its own stack holds, and a "consumer" parked in
 * {@code LinkedBlockingQueue.take} whose "producer" is alive and sleeping between items. Prints
 * {@code ready} once both are parked, then reads standard input until it closes (so main is
 * RUNNABLE, and holds none of them: they are started from a method that has returned).
 */
public final class ForgottenReplyAndSlowProducer {

    private ForgottenReplyAndSlowProducer() {
    }

    public static void main(String[] args) throws Exception {
        startAndAwaitParked();
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our input or kills us
        }
        System.exit(0);
    }

    private static void startAndAwaitParked() throws InterruptedException {
        Thread replier = daemon("replier", () -> new SynchronousQueue<String>().put("a reply nobody asks for"));
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread consumer = daemon("consumer", () -> {
            while (true) {
                queue.take();
            }
        });
        Thread producer = daemon("producer", () -> {
            while (true) {
                Thread.sleep(TimeUnit.MINUTES.toMillis(10)); // slow: one item in ten minutes
                queue.put("item");
            }
        });
        ParkedThreads.await(replier, Thread.State.WAITING);
        ParkedThreads.await(consumer, Thread.State.WAITING);
        ParkedThreads.await(producer, Thread.State.TIMED_WAITING);
    }

    private interface Body {
        void run() throws InterruptedException;
    }

    private static Thread daemon(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
