package dev.threadleak.cli;

import dev.threadleak.io.OutputFile;
import dev.threadleak.report.HostName;
import dev.threadleak.report.LeakLines;
import dev.threadleak.report.LeakReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code threadleak dump PID}: the live report of a running JVM, attaching the agent first if needed. */
@Command(name = "dump", description = {
    "Prints the live report of a running JVM: threads older than --min-age that wait, where they were created and by"
        + " whom, and where they wait. Loads the agent first if it is not there, unless --no-attach."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:usage error, or FILE cannot be written", "3:cannot reach that JVM"})
final class DumpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetPid target;

    @Option(names = "--format", paramLabel = "text|json|jsonl", defaultValue = "text",
            description = "text for people, json for tools, jsonl for log pipelines: one leak a line, each with the"
                + " JVM's pid, host, Java version, the report's time and scope (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Mixin
    MinAge minAge;

    @Option(names = "--no-attach", description = "Do not load the agent; fail if it is not loaded already.")
    boolean noAttach;

    @Mixin
    ProveOption proof;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output: a file is replaced (mode 0600), a"
                + " device or FIFO written to, a directory refused.")
    Path output;

    @Override
    public Integer call() throws UnreachableJvmException {
        if (output != null && !writable(output)) {
            return ExitCodes.USAGE;
        }
        AgentChannel channel = AgentChannel.open(target.pid, !noAttach, spec.commandLine().getErr());
        String body = format == ReportFormat.json && !proof.prove && channel.writesOurJson()
                ? channel.reportJson(minAge.millis) + System.lineSeparator() // as we would write it: no need to read it
                : body(channel);
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(body);
            out.flush();
            return ExitCodes.OK;
        }
        try {
            // readable by its owner only: a report holds the application's thread names and stacks
            OutputFile.write(output, body);
        } catch (IOException | RuntimeException e) {
            return cannotWrite(e);
        }
        return ExitCodes.OK;
    }

    /** Whether {@code file} can take the report, said before the report is made; false once told. */
    private boolean writable(Path file) {
        try {
            OutputFile.refuseIfNoFile(file);
            return true;
        } catch (IOException | RuntimeException e) {
            cannotWrite(e);
            return false;
        }
    }

    private int cannotWrite(Exception e) {
        PrintWriter err = spec.commandLine().getErr();
        String why = e instanceof IOException ? e.getMessage() : output + ": " + e; // ours start with the path
        err.println("threadleak dump: cannot write the report to " + OneLineErrors.oneLine(why));
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The report read from the agent, proven if asked, written in {@code format}. */
    private String body(AgentChannel channel) throws UnreachableJvmException {
        LeakReport report = proof.report(channel, minAge.millis, format == ReportFormat.json,
                spec.commandLine().getErr(), "dump");
        return switch (format) {
            case json -> report.toJson() + System.lineSeparator();
            case jsonl -> LeakLines.write(report, HostName.local()); // the CLI attaches on this machine only
            default -> report.toText();
        };
    }
}
