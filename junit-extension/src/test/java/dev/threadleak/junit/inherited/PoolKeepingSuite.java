package dev.threadleak.junit.inherited;

import dev.threadleak.junit.DetectThreadLeaks;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs {@link InheritedSuite}'s tests with a pool it keeps in its static field and never shuts down. */
@DetectThreadLeaks(grace = "100ms")
public class PoolKeepingSuite extends InheritedSuite {

    public static ExecutorService pool;

    @Override
    protected void usePool() {
        pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "suite-pool");
            t.setDaemon(true);
            return t;
        });
        pool.execute(() -> { });
    }
}
