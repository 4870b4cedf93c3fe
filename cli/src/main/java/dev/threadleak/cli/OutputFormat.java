package dev.threadleak.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json} of the commands that print a comparison or a verdict ({@code dump} has its own, with jsonl). */
final class OutputFormat {

    /** The two forms every such command prints. */
    enum Choice { text, json }

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text for people, json for tools (default: ${DEFAULT-VALUE}).")
    Choice format;

    boolean json() {
        return format == Choice.json;
    }
}
