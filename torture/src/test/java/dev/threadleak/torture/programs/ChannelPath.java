package dev.threadleak.torture.programs;

import dev.threadleak.io.Deadline;
import java.time.Duration;

/**
 * Under the agent: waits until the agent has opened its channel, prints {@code channel PATH},
 * then {@code ready}, and idles until its input closes. Raw clients of the test connect there.
 */
public final class ChannelPath {

    private ChannelPath() {
    }

    public static void main(String[] args) throws Exception {
        print();
        UntilInputCloses.ready();
        UntilInputCloses.await();
    }

    /** Waits until the agent's channel is open, and prints {@code channel PATH}. */
    static void print() throws InterruptedException {
        String path = Deadline.after(Duration.ofSeconds(20)).pollUntil(() -> System.getProperty("threadleak.channel"),
                p -> p != null, (p, d) -> d.sleep(Duration.ofMillis(20)));
        System.out.println("channel " + path);
    }
}
