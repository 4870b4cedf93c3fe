package dev.threadleak.samples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 5, the event tracker: sending each analytics event on a fire-and-forget thread of its
 * own loses the events still in flight when the program ends. The threads are daemons, so that
 * sending never holds up the exit: the JVM ends them mid-send, as Go ends its goroutines when
 * {@code main} returns. The fix is one sender thread fed by a bounded queue, and a shutdown that
 * drains the queue within a deadline.
 *
 * <p>A call takes {@value #SEND_MILLIS} ms: long enough that the leaky run's senders are still
 * sending when the JVM exits, however loaded the machine, so that what the agent reports does not
 * depend on timing (at 300 ms, a run on a busy machine could reach its exit after they had ended).
 */
final class Tracker implements Scenario {

    static final String SENDER = "tracker-sender";
    private static final int EVENTS = 5;
    private static final long SEND_MILLIS = 2_000; // one call to a slow analytics endpoint, whatever its size
    private static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "tracker";
    }

    @Override
    public String description() {
        return "a fire-and-forget daemon thread per analytics event; events still in flight are lost at exit (lesson 5)";
    }

    @Override
    public void runLeaky(PrintStream out) {
        for (int i = 1; i <= EVENTS; i++) {
            trackInBackground("page-view-" + i);
        }
        out.println("main: tracked " + EVENTS + " events on a thread each and ends; "
                + "events still being sent are lost");
    }

    @Override
    public void runFixed(PrintStream out) throws InterruptedException {
        BatchingTracker tracker = new BatchingTracker(100);
        for (int i = 1; i <= EVENTS; i++) {
            tracker.track("page-view-" + i);
        }
        boolean drained = tracker.shutdown(SHUTDOWN_DEADLINE);
        out.println("fixed: " + SENDER + " sent " + tracker.sent + " of " + EVENTS + " events in " + tracker.batches
                + (tracker.batches == 1 ? " batch" : " batches") + "; shutdown "
                + (drained ? "drained the queue" : "gave up at its deadline") + " and joined it");
    }

    /** The leak: a thread per event that nobody waits for, and that the exit ends mid-send. */
    private static void trackInBackground(String event) {
        Thread sender = new Thread(() -> sendQuietly(List.of(event)), "tracker-send-" + event);
        sender.setDaemon(true);
        sender.start();
    }

    private static void sendQuietly(List<String> events) {
        try {
            send(events);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(List<String> events) throws InterruptedException {
        Thread.sleep(SEND_MILLIS); // the HTTP call to the analytics endpoint
    }

    /** The fix: one owned sender thread that sends what has queued up in batches. */
    private static final class BatchingTracker {
        /** Compared by identity, so no event can be mistaken for it. */
        private static final String END_OF_EVENTS = new String("end of events");

        private final BlockingQueue<String> queued;
        private final Thread sender;
        private volatile boolean shutDown;
        private int sent; // the sender's, until shutdown() joined it
        private int batches; // the sender's, until shutdown() joined it

        BatchingTracker(int capacity) {
            queued = new ArrayBlockingQueue<>(capacity);
            sender = new Thread(this::sendUntilShutdown, SENDER);
            sender.start();
        }

        /** Queues an event; returns false, dropping it, when the queue is full or shut down. */
        boolean track(String event) {
            return !shutDown && queued.offer(event);
        }

        /** Stops taking events, then waits up to {@code deadline} for the queued ones to be sent. */
        boolean shutdown(Duration deadline) throws InterruptedException {
            shutDown = true;
            long deadlineNanos = System.nanoTime() + deadline.toNanos();
            if (queued.offer(END_OF_EVENTS, deadline.toNanos(), TimeUnit.NANOSECONDS)) {
                TimeUnit.NANOSECONDS.timedJoin(sender, deadlineNanos - System.nanoTime());
            }
            if (!sender.isAlive()) {
                return true;
            }
            sender.interrupt(); // past the deadline: the events not sent yet are given up
            sender.join();
            return false;
        }

        private void sendUntilShutdown() {
            List<String> batch = new ArrayList<>();
            try {
                boolean end = false;
                while (!end) {
                    batch.add(queued.take());
                    queued.drainTo(batch);
                    end = batch.removeIf(event -> event == END_OF_EVENTS);
                    sendBatch(batch);
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void sendBatch(List<String> batch) throws InterruptedException {
            if (!batch.isEmpty()) {
                send(batch);
                sent += batch.size();
                batches++;
            }
        }
    }
}
