package dev.threadleak.testsupport;

import dev.threadleak.io.Deadline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * For test programs: a file that another process (the test, or the agent writing its report)
 * creates to say "go on". A file is the one event two JVMs share without a socket, and nothing
 * announces it, so this polls for it.
 */
public final class SignalFile {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Duration STEP = Duration.ofMillis(20);

    private SignalFile() {
    }

    /** Waits until {@code file} exists, 20 s at most; true if it does. */
    public static boolean await(Path file) throws InterruptedException {
        return Deadline.after(LIMIT).pollUntil(() -> Files.exists(file), Boolean::booleanValue,
                (seen, deadline) -> deadline.sleep(STEP));
    }
}
