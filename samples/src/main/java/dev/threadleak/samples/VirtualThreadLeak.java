package dev.threadleak.samples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lesson 9, threads are cheap, so leaks are many: 10,000 virtual request handlers each wait for a
 * backend reply that nobody will ever complete. {@code Thread.getAllStackTraces()} does not list
 * them, and as virtual threads are daemons they do not even keep the JVM alive. The fix waits
 * for each reply with a timeout, and main joins every handler.
 */
final class VirtualThreadLeak implements Scenario {

    static final String HANDLERS = "request-handler-";
    private static final int REQUESTS = 10_000;
    private static final long REPLY_TIMEOUT_MILLIS = 100;

    @Override
    public String name() {
        return "virtual-thread-leak";
    }

    @Override
    public String description() {
        return "10,000 virtual threads wait for replies that nobody will send (lesson 9, needs JDK 21+)";
    }

    @Override
    public void runLeaky(PrintStream out) throws InterruptedException {
        Optional<ThreadFactory> virtualThreads = virtualThreads(out);
        if (virtualThreads.isEmpty()) {
            return;
        }
        CountDownLatch waiting = new CountDownLatch(REQUESTS);
        for (int i = 0; i < REQUESTS; i++) {
            startRequestHandler(virtualThreads.get(), new CompletableFuture<>(), waiting);
        }
        waiting.await(2, TimeUnit.SECONDS);
        out.println("main: " + REQUESTS + " virtual threads " + HANDLERS + "N wait in CompletableFuture.join() "
                + "for replies nobody will send; being daemons, they vanish unnoticed at exit");
    }

    @Override
    public void runFixed(PrintStream out) throws InterruptedException {
        Optional<ThreadFactory> virtualThreads = virtualThreads(out);
        if (virtualThreads.isEmpty()) {
            return;
        }
        List<Thread> handlers = new ArrayList<>(REQUESTS);
        for (int i = 0; i < REQUESTS; i++) {
            handlers.add(startTimedRequestHandler(virtualThreads.get(), new CompletableFuture<>()));
        }
        for (Thread handler : handlers) {
            handler.join();
        }
        out.println("fixed: each of " + REQUESTS + " handlers gave up on its reply after " + REPLY_TIMEOUT_MILLIS
                + " ms, and main joined them all");
    }

    private static Optional<ThreadFactory> virtualThreads(PrintStream out) {
        Optional<ThreadFactory> factory = VirtualThreads.factory(HANDLERS);
        if (factory.isEmpty()) {
            out.println("virtual-thread-leak needs JDK 21+ for virtual threads; this is JDK "
                    + Runtime.version().feature() + ", so there is nothing to run");
        }
        return factory;
    }

    /** The leak: a handler that waits for its reply with no timeout. */
    private static void startRequestHandler(ThreadFactory virtualThreads, CompletableFuture<String> reply,
                                            CountDownLatch waiting) {
        Thread handler = virtualThreads.newThread(() -> {
            waiting.countDown();
            reply.join();
        });
        handler.start();
    }

    /** The fix: a handler that answers "gateway timeout" when the reply is late. */
    private static Thread startTimedRequestHandler(ThreadFactory virtualThreads, CompletableFuture<String> reply) {
        Thread handler = virtualThreads.newThread(() -> awaitReply(reply));
        handler.start();
        return handler;
    }

    private static void awaitReply(CompletableFuture<String> reply) {
        try {
            reply.get(REPLY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // answered with an error: the backend failed or was too slow
        }
    }
}
