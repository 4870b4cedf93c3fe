package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Go's forgotten sender: a client hands a reply channel to a worker, gives up waiting after a
 * timeout and ends; the worker then parks for ever in {@code SynchronousQueue.put}, since nothing
 * that runs can reach the queue any more.
 */
public final class ForgottenReplyProgram {

    private ForgottenReplyProgram() {
    }

    public static void main(String[] args) throws Exception {
        ParkedThreads.startInAnEndedThread("client", ForgottenReplyProgram::askWithTimeout, "reply-sender", 1);
        System.out.println("parked");
    }

    private static void askWithTimeout() {
        SynchronousQueue<String> reply = new SynchronousQueue<>();
        ParkedThreads.daemon("reply-sender", () -> {
            try {
                Thread.sleep(200); // the slow computation
                reply.put("answer");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            if (reply.poll(20, TimeUnit.MILLISECONDS) == null) {
                System.out.println("client timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
