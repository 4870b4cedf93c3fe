package dev.threadleak.junit;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A worker whose thread starts when it is first given work, as Commons VFS's file cache starts
 * its release thread on the first file its manager resolves: the thread's creation stack is this
 * class's and its caller's, not that of the library that keeps the worker.
 */
final class OnDemandWorker {

    private final LinkedBlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
    private Thread thread;

    synchronized void give(Runnable job) {
        if (thread == null) {
            thread = new Thread(this::work, "on-demand-worker");
            thread.setDaemon(true);
            thread.start();
        }
        jobs.add(job);
    }

    private void work() {
        try {
            while (true) {
                jobs.take().run();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    synchronized void close() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
