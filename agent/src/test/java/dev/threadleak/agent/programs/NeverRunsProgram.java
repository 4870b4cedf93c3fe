package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Threads waiting on futures that can never complete: one whose task a DiscardPolicy dropped, one
 * whose task shutdownNow() returned, and one that joins the first waiter. Exits when all are parked.
 */
public final class NeverRunsProgram {

    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private NeverRunsProgram() {
    }

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor busy = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
                new ThreadPoolExecutor.DiscardPolicy());
        busy.execute(NeverRunsProgram::awaitNever);
        busy.execute(() -> { });
        Future<?> discarded = busy.submit(() -> "report");
        Thread waiter = waitOn(discarded, "discarded-waiter");
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.execute(NeverRunsProgram::awaitNever);
        Future<?> dropped = stopped.submit(() -> "never");
        stopped.shutdownNow();
        Thread dropWaiter = waitOn(dropped, "dropped-waiter");
        Thread joiner = new Thread(() -> {
            try {
                waiter.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "joiner");
        joiner.setDaemon(true);
        joiner.start();
        ParkedThreads.awaitAll(List.of(waiter, dropWaiter, joiner));
        System.exit(0);
    }

    private static Thread waitOn(Future<?> future, String name) {
        Thread t = new Thread(() -> {
            try {
                future.get();
            } catch (Exception e) {
                // interrupted at exit
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitNever() {
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
