package dev.threadleak.cli;

import picocli.CommandLine.Option;

/** {@code --min-age D} of the commands that ask for a live report; unset, the agent's own min-age applies. */
final class MinAge {

    @Option(names = "--min-age", paramLabel = "D", converter = DurationConverter.class,
            description = "Leave out threads younger than D and waits shorter than D, e.g. 0s, 30s, 5m"
                + " (default: the agent's min-age, 10s unless set).")
    Long millis;
}
