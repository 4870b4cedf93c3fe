package dev.threadleak.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Owns a few servers, each on a thread of its own named after it (Go's errgroup, for servers):
 * the first failure stops all of them, and {@link #close()} stops them and joins their threads.
 * Servers are started and the group closed by its owner's thread; failures arrive from any.
 */
final class ServerGroup implements AutoCloseable {

    private final List<LineServer> servers = new CopyOnWriteArrayList<>(); // read by failing servers
    private final List<Thread> threads = new ArrayList<>();
    private final CompletableFuture<Exception> firstFailure = new CompletableFuture<>();

    void start(LineServer server) {
        Thread thread = new Thread(() -> serve(server), server.name());
        servers.add(server);
        threads.add(thread);
        thread.start();
        if (firstFailure.isDone()) {
            server.stop(); // a sibling failed while this one was being added
        }
    }

    /** The first server failure, or empty if none failed within {@code timeout}. */
    Optional<Exception> awaitFailure(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(firstFailure.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("firstFailure is only ever completed normally", e);
        }
    }

    /** Stops every server and waits for their threads to end. */
    @Override
    public void close() {
        stopAll();
        boolean interrupted = false;
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // finish joining: the servers are stopped, so their threads end soon
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(LineServer server) {
        try {
            server.serve();
        } catch (Exception e) {
            firstFailure.complete(e);
            stopAll();
        }
    }

    private void stopAll() {
        servers.forEach(LineServer::stop);
    }
}
