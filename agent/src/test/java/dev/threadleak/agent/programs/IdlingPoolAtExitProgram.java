package dev.threadleak.agent.programs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Two pools never shut down as the JVM exits, each done with its task: one whose workers time out
 * once idle (HikariCP's test pool, its keep-alive 2 s), and one that keeps its worker for good.
 */
public final class IdlingPoolAtExitProgram {

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor idling = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        idling.allowCoreThreadTimeOut(true);
        idling.submit(() -> "done").get();
        ExecutorService keeping = Executors.newFixedThreadPool(1, r -> {
            Thread t = new Thread(r, "keeping-worker");
            t.setDaemon(true); // the JVM exits all the same
            return t;
        });
        keeping.submit(() -> "done").get();
        idling.getPoolSize(); // both still referenced here, as the JVM exits
        keeping.isShutdown();
        System.exit(0); // the idling pool's workers are not daemons: the JVM would wait out their keep-alive
    }
}
