package dev.threadleak.agent.programs;

/**
 * A thread that dies of an uncaught exception, then one that dies of an exception {@code main}
 * made before it started (a closed sender's, thrown by its flush thread).
 */
public final class UncaughtProgram {

    private UncaughtProgram() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> { }); // keep the child's stderr quiet
        Thread server = new Thread(() -> {
            throw new IllegalStateException("port already in use");
        }, "debug-server");
        server.start();
        server.join();
        IllegalStateException closed = new IllegalStateException("sender closed");
        Thread flusher = new Thread(() -> {
            throw closed;
        }, "flush-thread");
        flusher.start();
        flusher.join();
    }
}
