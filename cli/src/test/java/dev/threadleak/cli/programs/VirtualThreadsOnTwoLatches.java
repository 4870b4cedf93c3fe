package dev.threadleak.cli.programs;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts {@code args[0]} virtual threads (Java 21+) parked on one latch and {@code args[1]} on
 * another, neither ever opened, prints {@code ready} once every one of them is parked, then waits
 * for standard input to close.
 */
public final class VirtualThreadsOnTwoLatches {

    private VirtualThreadsOnTwoLatches() {
    }

    public static void main(String[] args) throws Exception {
        List<Thread> threads = new ArrayList<>();
        threads.addAll(parkedOn(new CountDownLatch(1), Integer.parseInt(args[0])));
        threads.addAll(parkedOn(new CountDownLatch(1), Integer.parseInt(args[1])));
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(1); // a park is no event to wait on: poll its state
            }
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our input or kills us
        }
        System.exit(0);
    }

    /** Through reflection: this source is compiled for Java 17, which has no virtual threads. */
    private static List<Thread> parkedOn(CountDownLatch never, int n) throws Exception {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            started.add((Thread) start.invoke(builder, (Runnable) () -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        return started;
    }
}
