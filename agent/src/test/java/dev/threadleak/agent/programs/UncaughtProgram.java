package dev.threadleak.agent.programs;

/** A thread that dies of an uncaught exception. */
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
    }
}
