package com.example.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Clean tests: what they start, they stop. */
class OutboxTest {

    /** A library's JVM-wide timer, made the first time the class is used: the JVM's, not a test's. */
    static final class SharedClock {
        static final Timer TIMER = new Timer("shared-clock", true);
    }

    @Test
    void sendsEverythingBeforeItCloses() throws Exception {
        try (Outbox outbox = Outbox.start()) {
            outbox.send("hello");
            outbox.send("world");
            outbox.close();
            assertEquals(List.of("hello", "world"), outbox.sent());
        }
    }

    @Test
    void usesTheCommonPoolAndASharedTimer() {
        assertEquals("x", CompletableFuture.supplyAsync(() -> "x").join());
        assertEquals(0, SharedClock.TIMER.purge()); // first use: its thread starts, and stays

    }
}
