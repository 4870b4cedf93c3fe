package dev.threadleak.agent.programs;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/** Uses threads, a pool, the common pool and a queue pipeline correctly: everything it starts ends or is the JVM's. */
public final class CleanProgram {

    private CleanProgram() {
    }

    public static void main(String[] args) throws Exception {
        Thread worker = new Thread(() -> { }, "short-lived");
        worker.start();
        worker.join();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> 42).get();
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pool did not terminate");
        }
        System.out.println(IntStream.range(0, 10_000).parallel().sum());
        System.out.println(CompletableFuture.supplyAsync(() -> "async").get());
        pipeline();
    }

    /** Producer, bounded queue, consumer, and a poison pill that ends the consumer: nothing is left waiting. */
    private static void pipeline() throws InterruptedException {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(2);
        SynchronousQueue<String> done = new SynchronousQueue<>();
        Thread consumer = new Thread(() -> {
            try {
                for (String item = queue.take(); !item.equals("EOF"); item = queue.take()) {
                    Thread.onSpinWait();
                }
                done.put("consumed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pipeline-consumer");
        consumer.start();
        for (int i = 0; i < 100; i++) {
            queue.put("item-" + i);
        }
        queue.put("EOF");
        System.out.println(done.take());
        consumer.join();
    }
}
