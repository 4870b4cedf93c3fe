package dev.threadleak.testsupport;

import java.nio.file.Path;
import java.util.List;

/**
 * A child process that has ended: how, and what it printed.
 *
 * @param command what was run
 * @param exitCode its exit code
 * @param stdout all it printed on standard output
 * @param stderr all it printed on standard error
 * @param outputFiles the two files that hold them, in the directory the child was started in
 */
public record ChildRun(List<String> command, int exitCode, String stdout, String stderr, List<Path> outputFiles) {

    public ChildRun {
        command = List.copyOf(command);
        outputFiles = List.copyOf(outputFiles);
    }

    /** The whole story, for an assertion's message. */
    @Override
    public String toString() {
        return ChildProcess.describe(command, "exit " + exitCode, stdout, stderr);
    }
}
