package dev.threadleak.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json} of the commands that print a report or a comparison. */
final class OutputFormat {

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text for people, json for tools (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    boolean json() {
        return format == ReportFormat.json;
    }
}
