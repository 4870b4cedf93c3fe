package dev.threadleak.agent.programs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/** Uses threads, a pool and the common pool correctly: everything it starts ends or is the JVM's. */
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
    }
}
