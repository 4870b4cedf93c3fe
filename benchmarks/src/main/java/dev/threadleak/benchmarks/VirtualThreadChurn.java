package dev.threadleak.benchmarks;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The JVM that {@link ChurnPart} times: {@code args[0]} virtual threads started one after another
 * with at most {@code args[1]} of them alive at once (a permit taken before each start, given back
 * as each one's work ends), each yielding its carrier once, so that the ones in flight are really
 * alive together, and then ending. One churn of a tenth as many threads warms the JIT, then
 * {@code args[2]} churns are timed, from the first start to the last permit given back, and the
 * median is printed as {@code churn-ms N}.
 */
public final class VirtualThreadChurn {

    static final String MEDIAN = "churn-ms ";

    private VirtualThreadChurn() {
    }

    public static void main(String[] args) throws Throwable {
        int threads = Integer.parseInt(args[0]);
        int inFlight = Integer.parseInt(args[1]);
        int timed = Integer.parseInt(args[2]);
        MethodHandle unstarted = VirtualThreads.unstartedFactory();
        churn(unstarted, Math.max(threads / 10, inFlight), inFlight);
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < timed; i++) {
            long start = System.nanoTime();
            churn(unstarted, threads, inFlight);
            millis.add((System.nanoTime() - start) / 1e6);
        }
        System.out.println(MEDIAN + StartupTimer.median(millis));
    }

    private static void churn(MethodHandle unstarted, int threads, int inFlight) throws Throwable {
        Semaphore permits = new Semaphore(inFlight);
        Runnable work = () -> {
            Thread.yield();
            permits.release();
        };
        for (int i = 0; i < threads; i++) {
            permits.acquire();
            ((Thread) unstarted.invokeExact(work)).start();
        }
        permits.acquire(inFlight); // every thread's work is done
    }
}
