package dev.threadleak.agent.programs;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Registers a shutdown hook that runs until the agent's exit report exists (the file named by its
 * first argument), at most 10 s: the hook is alive, started by the JVM as it exits, while the
 * report is taken. Then main returns.
 */
public final class ShutdownHookProgram {

    private ShutdownHookProgram() {
    }

    public static void main(String[] args) {
        Path report = Path.of(args[0]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Files.exists(report) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }, "slow-hook"));
    }
}
