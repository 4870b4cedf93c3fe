package dev.threadleak.report;

import java.nio.file.Path;

/**
 * A file or string that is not a readable threadleak report; the message is one line for the
 * user, naming the file when there is one. {@link #problem()} says what a tool should advise.
 */
public final class ReportFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, so that a tool can say what to do about it. */
    public enum Problem {
        /** No such file, a directory, or the file system refused. */
        UNREADABLE,
        /** Not JSON, not UTF-8, truncated, or JSON of another kind: give a report. */
        NOT_A_REPORT,
        /** Larger than the size limit the reader was given. */
        TOO_BIG,
        /** Within the limit, but the JVM's heap could not hold it. */
        OUT_OF_MEMORY
    }

    private final Problem problem;

    public ReportFormatException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** The same problem, its message starting with the file it is about. */
    ReportFormatException about(Path file) {
        return new ReportFormatException(problem, file + ": " + getMessage());
    }
}
