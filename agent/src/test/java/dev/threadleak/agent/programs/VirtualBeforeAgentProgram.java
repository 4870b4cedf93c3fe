package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.SignalFile;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts {@code args[0]} virtual threads (JDK 21+) that wait on a latch nobody counts down, says
 * {@code ready} once every one of them is parked, then waits for the file {@code args[1]} and exits.
 */
public final class VirtualBeforeAgentProgram {

    private VirtualBeforeAgentProgram() {
    }

    public static void main(String[] args) throws Throwable {
        int count = Integer.parseInt(args[0]);
        CountDownLatch never = new CountDownLatch(1);
        for (Thread t : VirtualLeakProgram.spawnWaiters(count, never)) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(1); // a park is no event to wait on: poll its state
            }
        }
        System.out.println("ready");
        SignalFile.await(Path.of(args[1])); // the test creates it after attaching
        System.exit(0);
    }
}
