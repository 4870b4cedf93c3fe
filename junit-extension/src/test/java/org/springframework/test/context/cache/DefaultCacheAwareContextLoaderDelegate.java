package org.springframework.test.context.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Spring's test context cache, where the real one keeps what it shares: a static
 * field of this class, keeping each context (and the pools its beans made) in a map, for whichever
 * test class asks for that context next. Not Spring's code: the shape the extension must recognise.
 */
public final class DefaultCacheAwareContextLoaderDelegate {

    static final Map<String, Context> defaultContextCache = new ConcurrentHashMap<>();

    private DefaultCacheAwareContextLoaderDelegate() {
    }

    /** The context for {@code key}, made by the first caller: a data source's pool with its worker. */
    public static void loadContext(String key) {
        defaultContextCache.computeIfAbsent(key, Context::new);
    }

    /**
     * The context for {@code key}, with a web server's await thread beside its pool: Tomcat's
     * "container-0", asleep 5 s at a time until the server stops.
     */
    public static void loadWebContext(String key) {
        defaultContextCache.computeIfAbsent(key, k -> {
            Context context = new Context(k);
            context.await = new Thread(Context::awaitStop, "container-" + k);
            context.await.start();
            return context;
        });
    }

    /** What Spring does when the JVM exits: closes every cached context. */
    public static void closeAll() throws InterruptedException {
        for (Context context : defaultContextCache.values()) {
            context.pool.shutdownNow();
            context.pool.awaitTermination(10, TimeUnit.SECONDS);
            if (context.await != null) {
                context.await.interrupt();
                context.await.join(10_000);
            }
        }
        defaultContextCache.clear();
    }

    static final class Context {
        final ExecutorService pool;
        Thread await;

        Context(String key) {
            pool = Executors.newFixedThreadPool(1, r -> new Thread(r, "context-" + key + "-pool"));
            pool.submit(() -> key);
        }

        /** As StandardServer.await: a sleep of seconds, again and again, until interrupted. */
        private static void awaitStop() {
            try {
                while (true) {
                    Thread.sleep(5_000);
                }
            } catch (InterruptedException e) {
                // the server stops
            }
        }
    }
}
