package com.example.relay.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.relay.Relay;
import dev.threadleak.junit.DetectThreadLeaks;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@DetectThreadLeaks(grace = "500ms")
class RelayTest {

    @Test
    void runsAsANamedModuleAndStopsItsRelay() throws Exception {
        assertEquals("com.example.relay.test", getClass().getModule().getName(), "these tests run on the module path");
        CountDownLatch delivered = new CountDownLatch(1);
        try (Relay relay = Relay.start(message -> delivered.countDown())) {
            relay.send("hello");
            assertTrue(delivered.await(10, TimeUnit.SECONDS));
        }
    }

    /** Expected to fail: the relay is never closed, and its worker waits for a message forever. */
    @Test
    void forgetsToStop() {
        Relay.start(message -> { }).send("hello");
    }
}
