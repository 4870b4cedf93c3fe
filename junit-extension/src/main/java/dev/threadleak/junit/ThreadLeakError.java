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

    /** The report behind the message, for tools; {@code null} after deserialization. */
    public LeakReport report() {
        return report;
    }
}
