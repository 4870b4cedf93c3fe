package dev.threadleak.report;

/** A file or string that is not a readable threadleak report; the message is one line for the user. */
public final class ReportFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public ReportFormatException(String message) {
        super(message);
    }
}
