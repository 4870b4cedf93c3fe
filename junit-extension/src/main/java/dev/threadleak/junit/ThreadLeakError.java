package dev.threadleak.junit;

import dev.threadleak.report.LeakReport;

/**
 * A test (or test class) left threads running. The message's first line says how many and
 * which test; the rest is the report in text, creation stack first, because that is where the
 * fix goes. When the test had failed already, this error is attached to that failure as a
 * suppressed exception.
 */
public final class ThreadLeakError extends AssertionError {

    private static final long serialVersionUID = 1L;

    /** Not serialized: a report travels as the message text. */
    private final transient LeakReport report;

    ThreadLeakError(String message, LeakReport report) {
        super(message);
        this.report = report;
    }

    /**
     * No stack: it would be the extension's own frames under {@code afterEach} (Zipkin's trial: 35
     * lines of streams under each failure's report in Surefire's output), and the frames a reader
     * needs, where the leak was made, are in the message.
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** The report behind the message, for tools; {@code null} after deserialization. */
    public LeakReport report() {
        return report;
    }
}
