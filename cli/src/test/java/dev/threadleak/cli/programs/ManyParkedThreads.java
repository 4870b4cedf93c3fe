package dev.threadleak.cli.programs;

import java.lang.reflect.Method;
import java.util.concurrent.CountDownLatch;

/**
 * For measuring {@code dump} at scale: starts P platform threads and V virtual threads (Java 21+),
 * all parked on a latch that never opens, prints {@code ready} once all have started, then waits
 * for standard input to close. {@code java ... ManyParkedThreads 2000 100000}.
 */
public final class ManyParkedThreads {

    private ManyParkedThreads() {
    }

    public static void main(String[] args) throws Exception {
        int platform = Integer.parseInt(args[0]);
        int virtual = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(platform + virtual);
        Runnable park = () -> {
            started.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        startPlatform(platform, park);
        startVirtual(virtual, park);
        started.await();
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our input or kills us
        }
        System.exit(0);
    }

    private static void startPlatform(int n, Runnable park) {
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(park, "worker-" + i);
            t.setDaemon(true);
            t.start();
        }
    }

    /** Through reflection: this source is compiled for Java 17, which has no virtual threads. */
    private static void startVirtual(int n, Runnable park) throws Exception {
        if (n == 0) {
            return;
        }
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        for (int i = 0; i < n; i++) {
            start.invoke(builder, park);
        }
    }
}
