package dev.threadleak.cli;

import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportFormatException;
import dev.threadleak.report.ReportJson;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How the commands that read report files ({@code diff}, {@code check --baseline}) read them:
 * streamed, within a size limit the user may raise. A file that cannot be read is a
 * {@link ReportFormatException}, which {@link OneLineErrors} turns into one line and exit code 2.
 */
final class ReportFiles {

    @Option(names = "--max-report-size", paramLabel = "SIZE", converter = ByteSizeConverter.class, defaultValue = "2g",
            description = "Refuse report files larger than SIZE, e.g. 500m, 4g (default: ${DEFAULT-VALUE}; the largest"
                + " report the agent writes, 200,000 separate leaks, is about 1.2g).")
    long maxBytes;

    LeakReport read(Path file) throws ReportFormatException {
        return ReportJson.read(file, maxBytes);
    }

    /** What the user can do about a file that could not be read. */
    static String advice(ReportFormatException e) {
        return switch (e.problem()) {
            case TOO_BIG -> "--max-report-size raises the limit";
            case OUT_OF_MEMORY -> "give the CLI more heap, e.g. JAVA_TOOL_OPTIONS=-Xmx4g";
            default -> "give " + ReportJson.ACCEPTED + ", e.g. from 'threadleak dump PID --format json -o FILE'";
        };
    }
}
