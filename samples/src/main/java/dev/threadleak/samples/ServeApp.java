package dev.threadleak.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Lesson 4, serveApp and serveDebug: two servers each on a thread of their own. The debug server
 * is misconfigured onto the app server's port, dies with an uncaught exception that only a stack
 * trace on stderr records, and the app server runs on. The fix hands both to a {@link ServerGroup}
 * that the caller owns: the first server to fail stops them all, and the caller hears why.
 */
final class ServeApp implements Scenario {

    static final String APP_SERVER = "app-server";
    static final String DEBUG_SERVER = "debug-server";
    /** How long the fixed program serves before it shuts down by itself; a real one waits for a signal. */
    private static final Duration SERVING_TIME = Duration.ofSeconds(1);

    @Override
    public String name() {
        return "serve-app";
    }

    @Override
    public String description() {
        return "the debug server dies with an uncaught exception and nobody notices; the app server runs on (lesson 4)";
    }

    @Override
    public void runLeaky(PrintStream out) throws IOException, InterruptedException {
        LineServer app = new LineServer(APP_SERVER, 0);
        int port = app.bind();
        startServer(app);
        out.println(askApp(port));
        Thread debug = startServer(new LineServer(DEBUG_SERVER, port)); // the same port: its bind fails
        debug.join(); // demo pacing only, so that the death is printed before main ends; the program never checks
        out.println("main: " + DEBUG_SERVER + " died (stack trace above) and nobody was told; "
                + APP_SERVER + " serves on with no one to stop it");
    }

    @Override
    public void runFixed(PrintStream out) throws IOException, InterruptedException {
        Optional<Exception> failure;
        try (ServerGroup servers = new ServerGroup()) {
            LineServer app = new LineServer(APP_SERVER, 0);
            int port = app.bind();
            servers.start(app);
            out.println(askApp(port));
            servers.start(new LineServer(DEBUG_SERVER, port)); // the same port: its bind fails
            failure = servers.awaitFailure(SERVING_TIME);
        }
        out.println("fixed: " + failure.map(e -> "a server failed (" + e + "), so the group stopped both")
                .orElse("no server failed; main stopped both") + " and main joined their threads");
    }

    private static String askApp(int port) throws IOException {
        return "main: " + APP_SERVER + " on 127.0.0.1:" + port + " answered '" + LineServer.ask(port, "GET /") + "'";
    }

    /** The leak: a server on a thread nobody owns; a failure kills only that thread. */
    private static Thread startServer(LineServer server) {
        Thread thread = new Thread(() -> serveOrDie(server), server.name());
        thread.start();
        return thread;
    }

    private static void serveOrDie(LineServer server) {
        try {
            server.serve();
        } catch (IOException e) {
            throw new UncheckedIOException(server.name() + " failed", e);
        }
    }
}
