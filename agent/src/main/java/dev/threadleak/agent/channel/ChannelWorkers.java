package dev.threadleak.agent.channel;

import java.util.ArrayDeque;

/**
 * The threads that answer the channel's requests: at most {@value #MAX_THREADS}, named
 * {@code threadleak-channel-1}, {@code -2}..., daemons, started only when a request comes and no
 * worker is free, ended after {@value #IDLE_MILLIS} ms without work or when the JVM exits
 * ({@link #stop}). A request waits in a queue of at most {@value #MAX_QUEUED} behind the ones
 * being answered; beyond that {@link #offer} refuses it, and the channel answers {@code busy}.
 * So a report of 100,000 threads, or a heap dump, delays nobody for long, and load meets a clear
 * answer, never silence.
 *
 * <p>A private monitor and an {@link ArrayDeque}, not a {@code java.util.concurrent} queue or
 * executor: those are woven, and the agent's own threads have no business in its records.
 */
final class ChannelWorkers {

    static final int MAX_THREADS = 4;
    static final int MAX_QUEUED = 16;
    static final long IDLE_MILLIS = 60_000;
    static final String NAME = "threadleak-channel-";

    private final Object lock = new Object();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private int threads;
    private int idle;
    private int nextNumber = 1;
    private boolean stopped;

    /** Takes {@code job} to run on a worker; false if all are busy and the queue is full, or they stopped. */
    boolean offer(Runnable job) {
        synchronized (lock) {
            if (stopped || queue.size() >= MAX_QUEUED) {
                return false;
            }
            queue.addLast(job);
            if (idle > queue.size() - 1) {
                lock.notify();
            } else if (threads < MAX_THREADS) {
                start();
            }
            return true;
        }
    }

    /** Requests being answered or waiting for a worker: for the busy line. */
    int load() {
        synchronized (lock) {
            return threads - idle + queue.size();
        }
    }

    /** Ends every worker once it has finished what it is doing; queued requests are dropped (their clients see the channel close). */
    void stop() {
        synchronized (lock) {
            stopped = true;
            queue.clear();
            lock.notifyAll();
        }
    }

    private void start() {
        Thread worker = new Thread(this::work, NAME + nextNumber++);
        worker.setDaemon(true);
        threads++;
        try {
            worker.start();
        } catch (Throwable e) {
            threads--; // no thread could be made: the queued job waits for a worker that frees up
        }
    }

    private void work() {
        while (true) {
            Runnable job = next();
            if (job == null) {
                return;
            }
            try {
                job.run();
            } catch (Throwable e) {
                // a job answers its own failures; nothing may end a worker but stop or idleness
            }
        }
    }

    /** The next job, or null when this worker is to end: stopped, or idle too long. */
    private Runnable next() {
        synchronized (lock) {
            long end = System.nanoTime() + IDLE_MILLIS * 1_000_000;
            while (queue.isEmpty() && !stopped) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    threads--;
                    return null;
                }
                idle++;
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    // only stop ends a worker; an interrupt from elsewhere is not ours to obey
                } finally {
                    idle--;
                }
            }
            if (stopped) {
                threads--;
                return null;
            }
            return queue.pollFirst();
        }
    }
}
