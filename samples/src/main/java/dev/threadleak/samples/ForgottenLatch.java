package dev.threadleak.samples;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * A latch nobody counts down (the unclosed channel of lesson 1, with a latch): a watcher waits
 * until the configuration is loaded, but loading fails, and its error path returns before the
 * {@code countDown()} that the happy path reaches. The watcher waits in
 * {@code CountDownLatch.await} forever, and, a non-daemon thread, keeps the JVM alive. The fix
 * counts down in {@code finally}, and the watcher looks at what it was woken to.
 */
final class ForgottenLatch implements Scenario {

    static final String WATCHER = "config-watcher";

    @Override
    public String name() {
        return "forgotten-latch";
    }

    @Override
    public String description() {
        return "a watcher awaits a CountDownLatch that loading forgets to count down when it fails";
    }

    @Override
    public void runLeaky(PrintStream out) throws InterruptedException {
        Config config = new Config();
        startWatcher(config, out);
        try {
            config.load(true);
            config.loaded.countDown(); // only on success: the failure returns first
        } catch (IllegalStateException e) {
            out.println("main: loading failed (" + e.getMessage() + "), moves on without counting down");
        }
        out.println("main: " + WATCHER + " will wait in CountDownLatch.await forever");
        ParkedThreads.await(WATCHER);
    }

    @Override
    public void runFixed(PrintStream out) throws InterruptedException {
        Config config = new Config();
        Thread watcher = startWatcher(config, out);
        try {
            config.load(true);
        } catch (IllegalStateException e) {
            out.println("main: loading failed (" + e.getMessage() + ")");
        } finally {
            config.loaded.countDown(); // whatever happened, the watcher is told
        }
        watcher.join();
        out.println("fixed: the latch was counted down in finally; " + WATCHER + " saw the failure and ended");
    }

    private static Thread startWatcher(Config config, PrintStream out) {
        Thread watcher = new Thread(() -> {
            try {
                config.loaded.await();
                out.println(WATCHER + ": " + (config.ok ? "applying the configuration" : "nothing to apply, ends"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, WATCHER);
        watcher.start();
        return watcher;
    }

    /** What the watcher waits for: a loaded configuration, and the latch that says loading is over. */
    private static final class Config {
        final CountDownLatch loaded = new CountDownLatch(1);
        volatile boolean ok;

        void load(boolean fail) {
            if (fail) {
                throw new IllegalStateException("config.yaml not found");
            }
            ok = true;
        }
    }
}
