package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.SignalFile;
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
        try {
            SignalFile.await(report); // written by another thread of this JVM, the agent's
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) {
        startBackgroundFlusher(Path.of(args[0]));
        System.out.println("main returns");
    }
}
