package dev.threadleak.agent.programs;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A class whose static initializer makes a scheduler and schedules a periodic task on it, as
 * Log4j's configuration watcher is started when a class's static logger is first made (Shiro's
 * web tests, {@code monitorInterval="5"}); {@code main} uses the class and returns.
 */
public final class InitializerWatcherProgram {

    public static void main(String[] args) {
        System.out.println("watching: " + ConfigWatcher.POOL.isShutdown());
    }

    /** One for the JVM: its pool and its periodic look at the configuration. */
    static final class ConfigWatcher {
        static final ScheduledExecutorService POOL = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "config-watcher");
            t.setDaemon(true);
            return t;
        });

        static {
            POOL.scheduleWithFixedDelay(() -> { }, 5, 5, TimeUnit.SECONDS);
        }

        private ConfigWatcher() {
        }
    }
}
