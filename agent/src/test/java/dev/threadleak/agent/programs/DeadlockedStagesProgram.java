package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Two pipeline stages that feed each other, ping-pong, until stage-b drops a message: each then
 * waits in {@code take} for the other. Each holds both queues, so neither is alone with its
 * channel: that is a wait-for cycle, DEADLOCKED, and only the heap shows it.
 */
public final class DeadlockedStagesProgram {

    private DeadlockedStagesProgram() {
    }

    public static void main(String[] args) throws Exception {
        ParkedThreads.startInAnEndedThread("owner", DeadlockedStagesProgram::start, "stage-", 2);
        System.out.println("parked");
    }

    private static void start() {
        BlockingQueue<String> toA = new LinkedBlockingQueue<>();
        BlockingQueue<String> toB = new LinkedBlockingQueue<>();
        ParkedThreads.daemon("stage-a", () -> relay(toA, toB, false));
        ParkedThreads.daemon("stage-b", () -> relay(toB, toA, true));
        toA.add("ping");
    }

    private static void relay(BlockingQueue<String> in, BlockingQueue<String> out, boolean dropsTheThird) {
        try {
            for (int n = 1; ; n++) {
                String message = in.take();
                if (!(dropsTheThird && n == 3)) {
                    out.put(message);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
