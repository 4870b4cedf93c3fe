package dev.threadleak.cli.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A server between requests: five idle workers of a pool that is not {@code java.util.concurrent}'s
 * (as Tomcat's connector pool is a fork of its {@code ThreadPoolExecutor}), a housekeeper thread a
 * class's static initializer started, and, unless {@code --clean}, a consumer parked on a queue
 * nobody feeds. Prints {@code ready} once all seven wait, then waits for standard input to close.
 */
public final class ServerAtRest {

    private ServerAtRest() {
    }

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor();
        for (int i = 1; i <= 5; i++) {
            pool.addWorker("http-exec-" + i);
        }
        Housekeeping.start();
        if (args.length == 0 || !args[0].equals("--clean")) {
            BlockingQueue<String> orders = new LinkedBlockingQueue<>();
            ParkedThreads.waiting("consumer", () -> System.out.println(orders.take()));
        }
        ParkedThreads.awaitNamed("http-exec-", 5);
        ParkedThreads.awaitNamed("housekeeper", 1);
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our input or kills us
        }
        System.exit(0);
    }

    /** A pool of the shape of java.util.concurrent's, by another name, as servers fork it. */
    static final class ThreadPoolExecutor {
        private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

        void addWorker(String name) {
            Thread worker = new Thread(this::runWorker, name);
            worker.setDaemon(true);
            worker.start();
        }

        private void runWorker() {
            try {
                for (Runnable task = getTask(); task != null; task = getTask()) {
                    task.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private Runnable getTask() throws InterruptedException {
            return queue.take();
        }
    }

    /** Started once, by the class's initializer: it lives as long as the class. */
    static final class Housekeeping {
        static final BlockingQueue<Runnable> CHORES = new LinkedBlockingQueue<>();

        static {
            Thread housekeeper = new Thread(() -> {
                try {
                    CHORES.take().run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "housekeeper");
            housekeeper.setDaemon(true);
            housekeeper.start();
        }

        static void start() {
            // the initializer did it
        }
    }
}
