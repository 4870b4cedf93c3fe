package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Two threads loop on {@code poll(timeout)} until a flag says stop: "poll-dead" on a queue that
 * nothing but its own stack holds (nothing will ever come, but it is never parked for long),
 * "poll-shared" on a queue in a static field. A control thread is blocked forever, so the proof
 * runs.
 */
public final class TimedPollProgram {

    static final BlockingQueue<String> SHARED = new LinkedBlockingQueue<>();
    static volatile boolean stop;

    private TimedPollProgram() {
    }

    public static void main(String[] args) throws Exception {
        ParkedThreads.startInAnEndedThread("owner", TimedPollProgram::start, "poll-control", 1);
        System.out.println("polling");
    }

    private static void start() {
        BlockingQueue<String> dead = new LinkedBlockingQueue<>();
        ParkedThreads.daemon("poll-dead", () -> poll(dead));
        ParkedThreads.daemon("poll-shared", () -> poll(SHARED));
        ParkedThreads.daemon("poll-control", () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void poll(BlockingQueue<String> queue) {
        try {
            while (!stop) {
                queue.poll(1, TimeUnit.HOURS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
