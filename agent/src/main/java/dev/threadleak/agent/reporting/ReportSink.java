package dev.threadleak.agent.reporting;

import dev.threadleak.agent.AgentOptions;
import dev.threadleak.io.OutputFile;
import dev.threadleak.report.LeakReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Where the agent's reports go ({@code report=}): standard error, nowhere, or a path written
 * through {@link OutputFile}: a regular file is replaced atomically (readers never see half a
 * report) and readable by its owner only (mode 0600: a report holds thread names and stacks of
 * the application); a device, a FIFO or a link such as {@code /dev/stderr} is written in place and
 * never replaced; a directory is refused.
 */
final class ReportSink {

    private final AgentOptions.Destination destination;
    private final Path file;
    private final boolean json;
    private final PrintStream stderr;

    ReportSink(AgentOptions options, PrintStream stderr) {
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
            OutputFile.write(file, body);
        } catch (IOException e) {
            stderr.println("threadleak: cannot write the report to " + e.getMessage()); // it starts with the path
        } catch (RuntimeException e) {
            stderr.println("threadleak: cannot write the report to " + file + ": " + e);
        }
    }
}
