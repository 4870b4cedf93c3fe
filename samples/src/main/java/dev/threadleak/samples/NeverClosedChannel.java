package dev.threadleak.samples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Lesson 1, never start a thread without knowing when it will stop: an audit log starts its
 * writer in its constructor, the writer loops on {@code take()}, and the log has no way to stop
 * it. The fix gives the log an owner-called {@code close()} that sends an end marker and joins.
 */
final class NeverClosedChannel implements Scenario {

    static final String WRITER = "audit-log-writer";
    private static final List<String> EVENTS = List.of("alice logged in", "alice read /etc/hosts", "alice logged out");

    @Override
    public String name() {
        return "never-closed-channel";
    }

    @Override
    public String description() {
        return "an audit log starts a writer looping on take() in its constructor and has no close() (lesson 1)";
    }

    @Override
    public void runLeaky(PrintStream out) throws InterruptedException {
        UnclosableAuditLog log = new UnclosableAuditLog();
        EVENTS.forEach(log::write);
        out.println("main: logged " + EVENTS.size() + " events and is done with the log; nothing can stop "
                + WRITER + ", which waits in take() forever");
        ParkedThreads.await(WRITER);
    }

    @Override
    public void runFixed(PrintStream out) {
        List<String> written;
        try (AuditLog log = new AuditLog()) {
            EVENTS.forEach(log::write);
            written = log.written;
        }
        out.println("fixed: close() sent " + WRITER + " an end marker; it wrote " + written.size()
                + " events and main joined it");
    }

    /** The leak: a writer thread started in the constructor, and no method to stop it. */
    private static final class UnclosableAuditLog {
        private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();

        UnclosableAuditLog() {
            startWriter();
        }

        void write(String event) {
            pending.add(event);
        }

        private void startWriter() {
            Thread writer = new Thread(this::writeForever, WRITER);
            writer.start();
        }

        private void writeForever() {
            try {
                while (true) {
                    pending.take(); // written to the audit file
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The fix: the same writer, owned by the log, which close() stops after the queued events. */
    private static final class AuditLog implements AutoCloseable {
        /** Compared by identity, so no logged text can be mistaken for it. */
        private static final String END_OF_LOG = new String("end of log");

        private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
        private final List<String> written = new ArrayList<>(); // the writer's, until close() joined it
        private final Thread writer;

        AuditLog() {
            writer = startWriter();
        }

        void write(String event) {
            pending.add(event);
        }

        private Thread startWriter() {
            Thread thread = new Thread(this::writeUntilClosed, WRITER);
            thread.start();
            return thread;
        }

        private void writeUntilClosed() {
            try {
                for (String event = pending.take(); event != END_OF_LOG; event = pending.take()) {
                    written.add(event);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Lets the writer finish what is queued, then waits for it to end. */
        @Override
        public void close() {
            pending.add(END_OF_LOG);
            try {
                writer.join();
            } catch (InterruptedException e) {
                writer.interrupt(); // our owner is being stopped: stop the writer rather than wait
                Thread.currentThread().interrupt();
            }
        }
    }
}
