package dev.threadleak.agent.programs;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * main returns while a non-daemon thread runs on: the JVM cannot exit. The thread ends by itself
 * once the agent's exit-watch report has appeared in the file given as argument (or after 20 s),
 * so the JVM then exits without being killed.
 */
public final class NonDaemonLingerProgram {

    private NonDaemonLingerProgram() {
    }

    static void startBackgroundFlusher(Path report) {
        Thread flusher = new Thread(() -> waitFor(report), "background-flusher");
        flusher.start();
    }

    private static void waitFor(Path report) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(report) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20); // polling a file written by another thread of the JVM: nothing to wait on
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public static void main(String[] args) {
        startBackgroundFlusher(Path.of(args[0]));
        System.out.println("main returns");
    }
}
