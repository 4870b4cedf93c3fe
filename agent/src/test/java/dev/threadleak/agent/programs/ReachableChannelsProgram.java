package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Parked threads that someone can still wake, none of which the heap proof may call blocked
 * forever: a consumer of a queue held in a static field; a consumer whose producer sleeps with
 * the queue in hand; a future waiter whose future a spinning thread holds; a consumer whose
 * thread object a static list holds (anyone could interrupt it). One control that is blocked
 * forever shows the proof ran.
 */
public final class ReachableChannelsProgram {

    static final BlockingQueue<String> WORK = new LinkedBlockingQueue<>();
    static final List<Thread> WORKERS = new ArrayList<>();

    private ReachableChannelsProgram() {
    }

    public static void main(String[] args) throws Exception {
        ParkedThreads.startInAnEndedThread("owner", ReachableChannelsProgram::start, "waits-", 5);
        System.out.println("parked");
    }

    private static void start() {
        ParkedThreads.daemon("waits-static-queue", () -> AbandonedConsumerProgram.consume(WORK));

        BlockingQueue<String> slow = new LinkedBlockingQueue<>();
        ParkedThreads.daemon("waits-sleeping-producer", () -> AbandonedConsumerProgram.consume(slow));
        ParkedThreads.daemon("sleeping-producer", () -> {
            try {
                while (true) {
                    Thread.sleep(60_000);
                    slow.put("item");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        CompletableFuture<String> held = new CompletableFuture<>();
        ParkedThreads.daemon("waits-held-future", held::join);
        ParkedThreads.daemon("spinning-holder", () -> {
            while (!held.isDone()) {
                Thread.onSpinWait();
            }
        });

        BlockingQueue<String> hidden = new LinkedBlockingQueue<>();
        WORKERS.add(ParkedThreads.daemon("waits-interruptible", () -> AbandonedConsumerProgram.consume(hidden)));

        BlockingQueue<String> lost = new LinkedBlockingQueue<>();
        ParkedThreads.daemon("waits-control", () -> AbandonedConsumerProgram.consume(lost));
    }
}
