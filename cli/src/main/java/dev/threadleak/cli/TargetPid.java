package dev.threadleak.cli;

import picocli.CommandLine.Parameters;

/** The one positional parameter of the commands that talk to a running JVM: its pid. */
final class TargetPid {

    @Parameters(index = "0", paramLabel = "PID", converter = PidConverter.class, description = "The JVM's process id (see 'threadleak ps').")
    long pid;
}
