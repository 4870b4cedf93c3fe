package dev.threadleak.cli;

/** How {@code dump} prints a report: the same facts as text for people or JSON for tools. */
enum ReportFormat {
    text,
    json
}
