package dev.threadleak.cli;

import dev.threadleak.io.OutputFile;
import dev.threadleak.report.HostName;
import dev.threadleak.report.LeakLines;
import dev.threadleak.report.LeakReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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

    @Option(names = "--prove",
            description = "Also prove from the heap which waiting threads can never wake (BLOCKED_FOREVER, DEADLOCKED),"
                + " every member of a group: the JVM writes its live heap into a private temporary directory, this"
                + " command analyses and deletes it. Costs the JVM a full GC and the dump (about 0.5 s per 100 MB of live"
                + " heap); 100,000 parked virtual threads took about 12 s in all.")
    boolean prove;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output: a file is replaced (mode 0600), a"
                + " device or FIFO written to, a directory refused.")
    Path output;

    @Override
    public Integer call() throws UnreachableJvmException {
        AgentChannel channel = AgentChannel.open(target.pid, !noAttach, spec.commandLine().getErr());
        String body = format == ReportFormat.json && !prove && channel.writesOurJson()
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
            PrintWriter err = spec.commandLine().getErr();
            String why = e instanceof IOException ? e.getMessage() : output + ": " + e; // ours start with the path
            err.println("threadleak dump: cannot write the report to " + OneLineErrors.oneLine(why));
            err.flush();
            return ExitCodes.USAGE;
        }
        return ExitCodes.OK;
    }

    /** The report read from the agent, proven if asked, written in {@code format}. */
    private String body(AgentChannel channel) throws UnreachableJvmException {
        LeakReport report = prove ? reportToProve(channel) : channel.report(minAge.millis, format == ReportFormat.json);
        if (prove) {
            RemoteHeapProof.Outcome proven = new RemoteHeapProof(channel, minAge.millis).prove(report);
            report = proven.report();
            if (proven.failure() != null) {
                // the report still comes, and the exit code is the dump's: the proof only adds to it
                PrintWriter err = spec.commandLine().getErr();
                err.println("threadleak dump: --prove: no heap proof (" + OneLineErrors.oneLine(proven.failure())
                        + "); the report is without it");
                err.flush();
            }
        }
        return switch (format) {
            case json -> report.toJson() + System.lineSeparator();
            case jsonl -> LeakLines.write(report, HostName.local()); // the CLI attaches on this machine only
            default -> report.toText();
        };
    }

    /**
     * The report with every leak on its own, so that the proof gets every member of a group; an
     * agent from before {@code each} existed answers grouped, and then only leaks of one thread
     * are proven, as a note says.
     */
    private LeakReport reportToProve(AgentChannel channel) throws UnreachableJvmException {
        try {
            return channel.report(minAge.millis, format == ReportFormat.json, true);
        } catch (UnreachableJvmException e) {
            if (!String.valueOf(e.getMessage()).contains("'each'")) {
                throw e;
            }
            LeakReport grouped = channel.report(minAge.millis, format == ReportFormat.json);
            return grouped.withLeaks(grouped.leaks(), List.of("this agent groups its report: the members of a group"
                    + " are not proven; an agent of this CLI's version proves every one"));
        }
    }
}
