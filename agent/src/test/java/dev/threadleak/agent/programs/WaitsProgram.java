package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Exchanger;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Parks one daemon thread in each blocking operation the agent models (named after it), waits
 * until all are parked, prints "parked", then either exits (on-exit report) or, with "stay",
 * keeps a slow producer feeding one queue until the file in args[1] appears.
 */
public final class WaitsProgram {

    private static final List<Thread> STARTED = new ArrayList<>();

    private WaitsProgram() {
    }

    public static void main(String[] args) throws Exception {
        ArrayBlockingQueue<String> full = new ArrayBlockingQueue<>(1);
        full.add("x");
        park("abq-put", () -> full.put("y"));
        park("abq-take", () -> new ArrayBlockingQueue<String>(4).take());
        park("lbq-take", () -> new LinkedBlockingQueue<String>().take());
        park("lbq-poll-timed", () -> new LinkedBlockingQueue<String>().poll(1, TimeUnit.HOURS));
        park("lbd-take-first", () -> new LinkedBlockingDeque<String>().takeFirst());
        park("pbq-take", () -> new PriorityBlockingQueue<String>().take());
        park("delay-take", () -> new DelayQueue<Delayed>().take());
        park("sq-put", () -> new SynchronousQueue<String>().put("result"));
        park("sq-take", () -> new SynchronousQueue<String>().take());
        park("ltq-transfer", () -> new LinkedTransferQueue<String>().transfer("x"));
        park("exchange", () -> new Exchanger<String>().exchange("x"));
        park("future-get", () -> new FutureTask<>(() -> 1).get());
        park("cf-join", () -> new CompletableFuture<String>().join());
        park("cf-get", () -> new CompletableFuture<String>().get());
        ForkJoinPool pool = new ForkJoinPool(1);
        CountDownLatch never = new CountDownLatch(1);
        ForkJoinTask<?> stuck = pool.submit(() -> {
            never.await();
            return null;
        });
        park("fjt-join", stuck::join);
        Thread sleeper = park("sleeper", () -> Thread.sleep(3_600_000));
        park("thread-join", sleeper::join);
        ParkedThreads.awaitAll(STARTED, EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING));
        System.out.println("parked");
        System.exit(0);
    }

    interface Blocking {
        void run() throws Exception;
    }

    private static Thread park(String name, Blocking blocking) {
        Thread t = new Thread(() -> {
            try {
                blocking.run();
            } catch (Exception e) {
                // interrupted at exit
            }
        }, name);
        t.setDaemon(true);
        t.start();
        STARTED.add(t);
        return t;
    }
}
