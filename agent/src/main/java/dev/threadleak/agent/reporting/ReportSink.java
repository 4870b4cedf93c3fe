package dev.threadleak.agent.reporting;

import dev.threadleak.agent.AgentOptions;
import dev.threadleak.io.Access;
import dev.threadleak.io.Deadline;
import dev.threadleak.io.OutputFile;
import dev.threadleak.report.HostName;
import dev.threadleak.report.LeakLines;
import dev.threadleak.report.LeakReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the agent's reports go ({@code report=}), as text, JSON or JSON lines ({@code format=}):
 * standard error, nowhere, or a path written
 * through {@link OutputFile}: a regular file is replaced atomically (readers never see half a
 * report) and readable by its owner only (mode 0600: a report holds thread names and stacks of
 * the application); a device, a FIFO or a link such as {@code /dev/stderr} is written in place and
 * never replaced; a directory is refused.
 *
 * <p>A FIFO is opened and written on a thread of ours, {@code threadleak-report-writer}, for at
 * most {@value #FIFO_WAIT_SECONDS} s: opening a FIFO waits until something reads it, and one that
 * nothing reads must not hold the JVM's exit (the on-exit report) or the reporter forever. After
 * that the report is given up with one line; the thread, a daemon stuck in the kernel's
 * {@code open}, ends when a reader comes (writing nothing: that report was given up) or with the
 * JVM, and while it waits no other is started.
 */
final class ReportSink {

    static final long FIFO_WAIT_SECONDS = 5;
    static final String FIFO_WRITER = "threadleak-report-writer";
    /** The file type bits of {@code unix:mode}, and those of a FIFO. */
    private static final int TYPE_BITS = 0170000;
    private static final int FIFO = 0010000;

    private final AgentOptions.Destination destination;
    private final Path file;
    private final AgentOptions.Format format;
    private final boolean json;
    private final PrintStream stderr;
    private volatile Thread pendingFifoWrite;

    ReportSink(AgentOptions options, PrintStream stderr) {
        this.destination = options.destination();
        this.file = options.reportFile();
        this.format = options.format();
        this.json = options.json();
        this.stderr = stderr;
    }

    /** True when reports are written somewhere a person or a tool will read. */
    public boolean enabled() {
        return destination != AgentOptions.Destination.NONE;
    }

    /** A file always gets the newest report; stderr only one that has something to say. */
    public boolean writesEmptyReports() {
        return destination == AgentOptions.Destination.FILE;
    }

    public void write(LeakReport report) {
        String body = switch (format) {
            case JSON -> report.toJson() + System.lineSeparator();
            case JSONL -> LeakLines.write(report, HostName.local());
            default -> report.toText();
        };
        switch (destination) {
            case STDERR -> writeStderr(body);
            case FILE -> writeFile(body);
            default -> {
                // report=none
            }
        }
    }

    /**
     * The last resort, when the report could not be built: {@code text} where a text report
     * goes, and on stderr when the reports are JSON (text in a JSON file would break its reader).
     */
    void writeLastResort(String text) {
        if (destination == AgentOptions.Destination.FILE && !json) {
            writeFile(text);
        } else {
            writeStderr(text);
        }
    }

    private void writeStderr(String body) {
        stderr.print(body);
        stderr.flush();
    }

    private void writeFile(String body) {
        if (isFifo(file)) {
            writeFifo(body);
            return;
        }
        try {
            OutputFile.write(file, body);
        } catch (IOException e) {
            stderr.println("threadleak: cannot write the report to " + e.getMessage()); // it starts with the path
        } catch (RuntimeException e) {
            stderr.println("threadleak: cannot write the report to " + file + ": " + e);
        }
    }

    private void writeFifo(String body) {
        if (pendingFifoWrite != null && pendingFifoWrite.isAlive()) {
            stderr.println("threadleak: cannot write the report to " + file + ": nothing has read the FIFO since an"
                    + " earlier report was given up; this one is given up too");
            return;
        }
        AtomicBoolean givenUp = new AtomicBoolean();
        String[] failure = {null};
        Thread writer = new Thread(() -> {
            try {
                OutputFile.write(file, Access.OWNER_ONLY, out -> {
                    if (!givenUp.get()) {
                        out.write(body.getBytes(StandardCharsets.UTF_8));
                    }
                });
            } catch (IOException | RuntimeException e) {
                failure[0] = e instanceof IOException ? e.getMessage() : file + ": " + e;
            }
        }, FIFO_WRITER);
        writer.setDaemon(true);
        pendingFifoWrite = writer;
        writer.start();
        boolean done;
        try {
            done = Deadline.after(Duration.ofSeconds(FIFO_WAIT_SECONDS)).join(writer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (!done && writer.isAlive()) {
            givenUp.set(true);
            stderr.println("threadleak: cannot write the report to " + file + ": it is a FIFO that nothing read"
                    + " within " + FIFO_WAIT_SECONDS + " s; the report is given up (start its reader first)");
        } else if (failure[0] != null) {
            stderr.println("threadleak: cannot write the report to " + failure[0]);
        }
    }

    /** A FIFO at the end of the path (links followed); false where the file system cannot say. */
    private static boolean isFifo(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            return mode instanceof Integer m && (m & TYPE_BITS) == FIFO;
        } catch (IOException | RuntimeException e) {
            return false; // nothing there yet, or no unix view: a new file, written as always
        }
    }
}
