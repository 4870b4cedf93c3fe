package dev.threadleak.torture.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.concurrent.SynchronousQueue;

/** Leaves one thread parked on a queue nobody takes from, and returns: the on-exit report names it. */
public final class LeakyWorker {

    private LeakyWorker() {
    }

    public static void main(String[] args) throws Exception {
        start();
    }

    /**
     * Starts the daemon thread {@code leaky-worker}, parked for good on a queue nobody takes
     * from, and returns once it waits. Looks at its state only, which needs no permission under
     * a SecurityManager.
     */
    static void start() throws InterruptedException {
        SynchronousQueue<String> queue = new SynchronousQueue<>();
        Thread worker = ParkedThreads.daemon("leaky-worker", () -> {
            try {
                queue.put("never taken");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ParkedThreads.await(worker, Thread.State.WAITING);
    }
}
