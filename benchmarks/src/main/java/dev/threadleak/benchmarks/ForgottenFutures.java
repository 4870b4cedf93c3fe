package dev.threadleak.benchmarks;

import java.lang.invoke.MethodHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The JVM {@link ProofTimer} proves: {@code args[0]} virtual threads, each joining a
 * {@code CompletableFuture} that only it can see (all blocked forever, none held by anything
 * else). Prints {@link #READY} once all have started and parked, then reads standard input until
 * it closes.
 */
public final class ForgottenFutures {

    static final String READY = "ready";

    private ForgottenFutures() {
    }

    public static void main(String[] args) throws Throwable {
        int threads = Integer.parseInt(args[0]);
        MethodHandle unstarted = VirtualThreads.unstartedFactory();
        CountDownLatch started = new CountDownLatch(threads);
        Thread last = null;
        for (int i = 0; i < threads; i++) {
            last = (Thread) unstarted.invokeExact((Runnable) () -> {
                CompletableFuture<String> nobodyCompletes = new CompletableFuture<>();
                started.countDown();
                nobodyCompletes.join();
            });
            last.start();
        }
        started.await();
        while (last != null && last.getState() != Thread.State.WAITING) {
            Thread.sleep(1); // a park is no event to wait on; the last one started parks last
        }
        last = null;
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the timer closes our input
        }
    }
}
