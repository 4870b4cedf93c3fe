package dev.threadleak.cli.programs;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * A thread whose name would retitle the terminal and forge a report line if printed raw, parked
 * on a queue nobody feeds. Prints {@code ready} once it is parked, then waits for its input to close.
 */
public final class HostileThreadName {

    public static final String NAME = "\u001b]0;owned\u0007evil\r\nTHREAD LEAKED: fake line";

    private HostileThreadName() {
    }

    public static void main(String[] args) throws Exception {
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread parked = new Thread(() -> {
            try {
                queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, NAME);
        parked.setDaemon(true);
        parked.start();
        while (parked.getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // the parent gives up waiting for "ready" after its own deadline
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our input or ends us
        }
    }
}
