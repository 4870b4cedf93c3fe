package dev.threadleak.agent.telemetry;

/** What made a report: the {@code trigger} field of the JFR events. */
public enum ReportTrigger {
    /** {@code interval=}: the live report, every DURATION. */
    INTERVAL("interval"),
    /** {@code on-exit=true}: everything still alive as the JVM exits. */
    ON_EXIT("on-exit"),
    /** {@code exit-watch=}: what keeps the JVM from exiting after {@code main} returned. */
    EXIT_WATCH("exit-watch"),
    /** The end of a scope: a test, a class, an in-process scope. */
    SCOPE("scope"),
    /** {@code threadleak dump}: the CLI asked for the live report. */
    DUMP("dump");

    private final String label;

    ReportTrigger(String label) {
        this.label = label;
    }

    /** As the events and the README name it. */
    public String label() {
        return label;
    }
}
