package com.example.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Sends messages on a thread of its own; {@link #close()} stops it once the queue is drained. */
public final class Outbox implements AutoCloseable {

    private static final String END = new String("end");

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final List<String> sent = new ArrayList<>();
    private final Thread sender = new Thread(this::sendUntilClosed, "outbox-sender");

    private Outbox() {
    }

    public static Outbox start() {
        Outbox outbox = new Outbox();
        outbox.sender.setDaemon(true);
        outbox.sender.start();
        return outbox;
    }

    public void send(String message) {
        queue.add(message);
    }

    /** What was sent so far; all of it once closed. */
    public synchronized List<String> sent() {
        return List.copyOf(sent);
    }

    private void sendUntilClosed() {
        try {
            for (String message = queue.take(); message != END; message = queue.take()) {
                synchronized (this) {
                    sent.add(message);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        queue.add(END);
        sender.join();
    }
}
