package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.SignalFile;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Says {@code ready}, waits for the file {@code args[0]} (the test attaches the agent meanwhile),
 * then leaks one thread, started after the attach, and exits: nothing it leaks predates the agent.
 */
public final class LateLeakProgram {

    private LateLeakProgram() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("ready");
        SignalFile.await(Path.of(args[0]));
        LeakyThreadProgram.startConsumer(new LinkedBlockingQueue<>());
        System.exit(0);
    }
}
