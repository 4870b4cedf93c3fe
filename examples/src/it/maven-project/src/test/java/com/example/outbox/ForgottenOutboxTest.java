package com.example.outbox;

import org.junit.jupiter.api.Test;

/** Expected to fail: the test forgets to close its outbox, whose sender thread then waits forever. */
class ForgottenOutboxTest {

    @Test
    void sendsAndForgetsToClose() {
        Outbox outbox = Outbox.start();
        outbox.send("hello");
    }
}
