package com.example.relay;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/** Hands messages to a consumer on a thread of its own, until stopped. */
public final class Relay implements AutoCloseable {

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final Thread worker;

    private Relay(Consumer<String> consumer) {
        worker = new Thread(() -> {
            try {
                while (true) {
                    consumer.accept(messages.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopped
            }
        }, "relay-worker");
    }

    public static Relay start(Consumer<String> consumer) {
        Relay relay = new Relay(consumer);
        relay.worker.start();
        return relay;
    }

    public void send(String message) {
        messages.add(message);
    }

    @Override
    public void close() throws InterruptedException {
        worker.interrupt();
        worker.join();
    }
}
