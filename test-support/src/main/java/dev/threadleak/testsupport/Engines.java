package dev.threadleak.testsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a library that keeps its engines by name in a static map, each made by the first
 * caller of its name with two pools, and hands out servers that refer to one of them (Vert.x as
 * servicecomb's {@code VertxUtils.vertxMap} keeps it: an event loop and an acceptor): code from
 * outside a test's own class path entry.
 */
public final class Engines {

    private static final Map<String, Engine> ENGINES = new ConcurrentHashMap<>();

    private Engines() {
    }

    /** The engine named {@code name}, made by its first caller and kept until {@link #endAll}. */
    public static Engine shared(String name) {
        return ENGINES.computeIfAbsent(name, n -> new Engine(n));
    }

    /** Shuts every engine's pools down and forgets them. */
    public static void endAll() throws InterruptedException {
        for (Engine engine : ENGINES.values()) {
            engine.io.shutdownNow();
            engine.acceptor.shutdownNow();
            engine.io.awaitTermination(5, TimeUnit.SECONDS);
            engine.acceptor.awaitTermination(5, TimeUnit.SECONDS);
        }
        ENGINES.clear();
    }

    /** Two pools, each with its worker once the engine is used. */
    public static final class Engine {
        final ExecutorService io;
        final ExecutorService acceptor;

        Engine(String name) {
            io = Executors.newSingleThreadExecutor(r -> new Thread(r, name + "-io"));
            acceptor = Executors.newSingleThreadExecutor(r -> new Thread(r, name + "-acceptor"));
            io.execute(() -> { });
        }

        /** A server on this engine: it refers to the acceptor, not to the engine. */
        public Server createServer() {
            acceptor.execute(() -> { });
            return new Server(acceptor);
        }
    }

    /** A handle whose {@code close()} would close its socket, not the engine's pools. */
    public static final class Server {
        private final ExecutorService acceptor;

        Server(ExecutorService acceptor) {
            this.acceptor = acceptor;
        }

        @Override
        public String toString() {
            return "server on " + acceptor;
        }
    }
}
