package dev.threadleak.cli;

/**
 * How {@code dump} prints a report: the same facts as text for people, JSON for tools, or JSON
 * lines for log pipelines (one leak a line, each carrying the JVM, the time and the scope).
 */
enum ReportFormat {
    text,
    json,
    jsonl
}
