package dev.threadleak.torture.programs;

import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Exchanger;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every method the agent weaves, from several threads at once, round after round: thread starts,
 * ends and uncaught deaths; virtual threads (JDK 21+); executors of every kind made, fed, rejecting
 * (each policy), cancelled, shut down and shut down now; a Timer; and every wait: each blocking
 * queue's condition, the transfer queues, Exchanger, FutureTask, ForkJoinTask,
 * CompletableFuture, Thread.join. Each round computes what it must come to; the program prints
 * {@code ok} with the totals, or what went wrong, and ends by itself. Args: threads, rounds.
 */
public final class WovenContention {

    private static final ConcurrentLinkedQueue<String> FAILURES = new ConcurrentLinkedQueue<>();
    private static final LongAdder CHECKS = new LongAdder();
    private static final AtomicLong UNCAUGHT = new AtomicLong();

    private WovenContention() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int seed = w;
            Thread worker = new Thread(() -> {
                for (int r = 0; r < rounds && FAILURES.isEmpty(); r++) {
                    try {
                        round(seed + r);
                    } catch (Throwable e) {
                        FAILURES.add("round " + r + " of worker " + seed + ": " + e);
                    }
                }
            }, "contender-" + w);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (!FAILURES.isEmpty()) {
            System.out.println("FAILED " + FAILURES.peek());
            System.exit(1);
        }
        System.out.println("ok checks=" + CHECKS.sum() + " uncaught=" + UNCAUGHT.get());
    }

    private static void round(int n) throws Exception {
        queues(n);
        handoffs();
        pools(n);
        scheduled();
        forkJoin();
        completable();
        timer();
        joinsAndDeaths();
        virtualThreads();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
        CHECKS.increment();
    }

    /** A producer and this thread through each kind of blocking queue: put/take, offer/poll with timeouts. */
    private static void queues(int n) throws Exception {
        List<BlockingQueue<Integer>> queues = List.of(new LinkedBlockingQueue<>(), new ArrayBlockingQueue<>(2),
                new LinkedBlockingDeque<>(2), new PriorityBlockingQueue<>(), new LinkedTransferQueue<>());
        for (BlockingQueue<Integer> q : queues) {
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 1; i <= 10; i++) {
                        q.put(i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "producer");
            producer.start();
            int sum = 0;
            for (int i = 0; i < 10; i++) {
                Integer v = q.poll(10, TimeUnit.SECONDS);
                check(v != null, "a value within 10 s from " + q.getClass().getSimpleName());
                sum += v;
            }
            producer.join();
            check(sum == 55, "sum through " + q.getClass().getSimpleName());
            check(q.poll(1, TimeUnit.MILLISECONDS) == null, "a timed poll on an empty queue times out");
        }
        DelayQueue<Delayed> delays = new DelayQueue<>();
        delays.put(new Delayed() {
            private final long at = System.nanoTime() + 1_000_000;

            @Override
            public long getDelay(TimeUnit unit) {
                return unit.convert(at - System.nanoTime(), TimeUnit.NANOSECONDS);
            }

            @Override
            public int compareTo(Delayed o) {
                return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
            }
        });
        check(delays.take() != null, "a delayed element comes");
    }

    /** SynchronousQueue (fair and not), a transfer, an Exchanger. */
    private static void handoffs() throws Exception {
        for (SynchronousQueue<String> q : List.of(new SynchronousQueue<String>(), new SynchronousQueue<String>(true))) {
            Thread giver = new Thread(() -> {
                try {
                    q.put("x");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "giver");
            giver.start();
            check("x".equals(q.take()), "handed over");
            giver.join();
        }
        LinkedTransferQueue<String> transfer = new LinkedTransferQueue<>();
        Thread taker = new Thread(() -> {
            try {
                transfer.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "taker");
        taker.start();
        transfer.transfer("y");
        taker.join();
        Exchanger<Integer> exchanger = new Exchanger<>();
        Thread other = new Thread(() -> {
            try {
                exchanger.exchange(2, 10, TimeUnit.SECONDS);
            } catch (Exception e) {
                FAILURES.add("exchange: " + e);
            }
        }, "exchanger");
        other.start();
        check(exchanger.exchange(1, 10, TimeUnit.SECONDS) == 2, "exchanged");
        other.join();
    }

    /** A small pool under each rejection policy, futures waited on and cancelled, shutdown and shutdownNow. */
    private static void pools(int n) throws Exception {
        List<java.util.concurrent.RejectedExecutionHandler> policies = List.of(new ThreadPoolExecutor.AbortPolicy(),
                new ThreadPoolExecutor.DiscardPolicy(), new ThreadPoolExecutor.DiscardOldestPolicy(),
                new ThreadPoolExecutor.CallerRunsPolicy());
        for (java.util.concurrent.RejectedExecutionHandler policy : policies) {
            CountDownLatch gate = new CountDownLatch(1);
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
                    policy);
            Future<Integer> first = pool.submit(() -> {
                gate.await();
                return 1;
            });
            pool.submit(() -> 2);
            try {
                pool.submit(() -> 3);
            } catch (RejectedExecutionException e) {
                check(policy instanceof ThreadPoolExecutor.AbortPolicy, "only abort throws");
            }
            gate.countDown();
            check(first.get(10, TimeUnit.SECONDS) == 1, "the first task's value");
            CountDownLatch hold = new CountDownLatch(1);
            ExecutorService unbounded = java.util.concurrent.Executors.newSingleThreadExecutor();
            Future<?> held = unbounded.submit(() -> {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            held.cancel(n % 2 == 0);
            check(held.isCancelled(), "cancelled");
            hold.countDown();
            unbounded.shutdown();
            check(unbounded.awaitTermination(10, TimeUnit.SECONDS), "the pool of the cancelled task ends");
            if (n % 3 == 0) {
                pool.shutdownNow();
            } else {
                pool.shutdown();
            }
            check(pool.awaitTermination(10, TimeUnit.SECONDS), "the pool ends");
        }
    }

    private static void scheduled() throws Exception {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        ScheduledFuture<Integer> once = scheduler.schedule(() -> 7, 1, TimeUnit.MILLISECONDS);
        CountDownLatch ticks = new CountDownLatch(2);
        ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(ticks::countDown, 0, 1, TimeUnit.MILLISECONDS);
        check(once.get(10, TimeUnit.SECONDS) == 7, "scheduled once");
        check(ticks.await(10, TimeUnit.SECONDS), "ticked twice");
        periodic.cancel(false);
        try {
            periodic.get();
            check(false, "a cancelled periodic task has no value");
        } catch (CancellationException expected) {
            CHECKS.increment();
        }
        scheduler.shutdown();
        check(scheduler.awaitTermination(10, TimeUnit.SECONDS), "the scheduler ends");
    }

    private static void forkJoin() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(2);
        long sum = pool.invoke(new Sum(1, 2_000));
        check(sum == 2_000L * 2_001 / 2, "fork/join sum");
        pool.shutdown();
        check(pool.awaitTermination(10, TimeUnit.SECONDS), "the fork/join pool ends");
    }

    private static void completable() throws Exception {
        ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> 20, pool);
        CompletableFuture<Integer> b = a.thenApplyAsync(v -> v + 1, pool);
        check(b.get(10, TimeUnit.SECONDS) == 21, "completable get");
        check(a.join() == 20, "completable join");
        CompletableFuture<Integer> never = new CompletableFuture<>();
        try {
            never.get(1, TimeUnit.MILLISECONDS);
            check(false, "timed get of an incomplete future times out");
        } catch (java.util.concurrent.TimeoutException expected) {
            CHECKS.increment();
        }
        pool.shutdown();
        check(pool.awaitTermination(10, TimeUnit.SECONDS), "the pool ends");
    }

    private static void timer() throws Exception {
        Timer timer = new Timer("contended-timer", true);
        CountDownLatch ran = new CountDownLatch(1);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                ran.countDown();
            }
        }, 1);
        check(ran.await(10, TimeUnit.SECONDS), "the timer ran");
        timer.cancel();
    }

    private static void joinsAndDeaths() throws Exception {
        Thread dying = new Thread(() -> {
            throw new IllegalStateException("expected: a thread of the application dies");
        }, "dying");
        dying.setUncaughtExceptionHandler((t, e) -> UNCAUGHT.incrementAndGet());
        dying.start();
        dying.join(10_000);
        check(!dying.isAlive(), "joined within 10 s");
    }

    private static void virtualThreads() throws Exception {
        ExecutorService virtual = Churn.virtualThreadPerTask();
        if (virtual == null) {
            return;
        }
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int v = i;
            results.add(virtual.submit(() -> {
                BlockingQueue<Integer> q = new LinkedBlockingQueue<>();
                q.put(v);
                return q.take();
            }));
        }
        int sum = 0;
        for (Future<Integer> f : results) {
            sum += f.get(10, TimeUnit.SECONDS);
        }
        check(sum == 190, "virtual threads' sum");
        Churn.close(virtual);
    }

    private static final class Sum extends RecursiveTask<Long> {
        private static final long serialVersionUID = 1L;
        private final int from;
        private final int to;

        Sum(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        protected Long compute() {
            if (to - from < 100) {
                long s = 0;
                for (int i = from; i <= to; i++) {
                    s += i;
                }
                return s;
            }
            int mid = (from + to) / 2;
            Sum left = new Sum(from, mid);
            left.fork();
            return new Sum(mid + 1, to).compute() + left.join();
        }
    }
}
