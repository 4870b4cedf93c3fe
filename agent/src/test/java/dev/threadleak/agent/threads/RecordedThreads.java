package dev.threadleak.agent.threads;

import dev.threadleak.agent.bootstrap.ThreadListener;
import dev.threadleak.io.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Real threads whose start and end a {@link ThreadListener} hears as the woven {@code Thread.start}
 * and {@code Thread.exit} tell it: on the starting thread before the new one runs, and as the
 * thread's last words. For unit tests of the registries in this JVM, without the agent.
 * {@link #close} interrupts the threads still alive and waits for their end.
 */
public final class RecordedThreads implements AutoCloseable {

    /** What a thread runs; an interruption ends it quietly. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final ThreadListener listener;
    private final List<Thread> started = new ArrayList<>();

    public RecordedThreads(ThreadListener listener) {
        this.listener = listener;
    }

    /** Starts a daemon thread that runs {@code body}. */
    public Thread start(String name, Body body) {
        return start(name, true, body);
    }

    public Thread start(String name, boolean daemon, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                // closed
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                listener.ended(Thread.currentThread());
            }
        }, name);
        t.setDaemon(daemon);
        synchronized (started) {
            started.add(t);
        }
        listener.starting(t);
        t.start();
        return t;
    }

    /** Waits until {@code t} is parked ({@code WAITING}) and {@code parked} holds; fails after 10 s. */
    public static void awaitParked(Thread t, Predicate<Thread> parked) throws InterruptedException {
        awaitState(t, Thread.State.WAITING, parked);
    }

    /** Waits until {@code t} is in {@code state} and {@code condition} holds; fails after 10 s. */
    public static void awaitState(Thread t, Thread.State state, Predicate<Thread> condition)
            throws InterruptedException {
        boolean done = Deadline.after(PATIENCE).pollUntil(() -> t.getState() == state && condition.test(t), d -> d,
                (last, d) -> d.sleep(Duration.ofMillis(1))); // a thread's state has no event to wait on
        if (!done) {
            throw new AssertionError(t.getName() + " is " + t.getState() + ", not as expected " + state);
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<Thread> all;
        synchronized (started) {
            all = new ArrayList<>(started);
        }
        for (Thread t : all) {
            t.interrupt();
        }
        Deadline deadline = Deadline.after(PATIENCE);
        for (Thread t : all) {
            if (!deadline.join(t)) {
                throw new AssertionError(t.getName() + " did not end when interrupted");
            }
        }
    }
}
