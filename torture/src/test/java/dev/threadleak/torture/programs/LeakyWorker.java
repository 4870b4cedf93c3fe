package dev.threadleak.torture.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.concurrent.SynchronousQueue;

/** Leaves one thread parked on a queue nobody takes from, and returns: the on-exit report names it. */
public final class LeakyWorker {

    private LeakyWorker() {
    }

    public static void main(String[] args) throws Exception {
        SynchronousQueue<String> queue = new SynchronousQueue<>();
        Thread worker = ParkedThreads.daemon("leaky-worker", () -> {
            try {
                queue.put("never taken");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ParkedThreads.await(worker, Thread.State.WAITING); // its state only: needs no permission under a SecurityManager
    }
}
