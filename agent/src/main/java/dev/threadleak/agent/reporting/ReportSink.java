package dev.threadleak.agent.reporting;

import dev.threadleak.agent.AgentOptions;
import dev.threadleak.report.LeakReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the agent's reports go ({@code report=}): standard error, nowhere, or a file that is
 * replaced atomically (readers never see half a report) and readable by its owner only (mode
 * 0600: a report holds thread names and stacks of the application).
 */
public final class ReportSink {

    private final AgentOptions.Destination destination;
    private final Path file;
    private final boolean json;
    private final PrintStream stderr;

    public ReportSink(AgentOptions options, PrintStream stderr) {
        this.destination = options.destination();
        this.file = options.reportFile();
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
        String body = json ? report.toJson() + System.lineSeparator() : report.toText();
        switch (destination) {
            case STDERR -> {
                stderr.print(body);
                stderr.flush();
            }
            case FILE -> writeFile(body);
            default -> {
                // report=none
            }
        }
    }

    private void writeFile(String body) {
        try {
            Path dir = file.getParent();
            Path tmp = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempFile(dir, ".threadleak-", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".threadleak-", ".tmp");
            Files.writeString(tmp, body, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            stderr.println("threadleak: cannot write the report to " + file + ": " + e);
        }
    }
}
