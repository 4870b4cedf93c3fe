package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.SignalFile;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

/** Makes a pool and a ForkJoinPool (used, never shut down), then waits for a file before exiting. */
public final class PoolBeforeAgentProgram {

    private PoolBeforeAgentProgram() {
    }

    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> 1).get();
        pool.submit(() -> 2).get();
        ForkJoinPool forkJoin = new ForkJoinPool(1);
        forkJoin.submit(() -> 3).get();
        System.out.println("ready");
        SignalFile.await(Path.of(args[0])); // the test creates it after attaching
        System.exit(0);
    }
}
