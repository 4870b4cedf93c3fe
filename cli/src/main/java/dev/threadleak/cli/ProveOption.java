package dev.threadleak.cli;

import dev.threadleak.report.LeakReport;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --prove} of the commands that read a live report ({@code dump}, {@code check}): the heap
 * proof, analysed in this process ({@link RemoteHeapProof}).
 */
final class ProveOption {

    @Option(names = "--prove",
            description = "Also prove from the heap which waiting threads can never wake (BLOCKED_FOREVER, DEADLOCKED),"
                + " every member of a group, and leave out the suspects whose wait a running thread or a static field"
                + " can still serve: the JVM writes its live heap into a private temporary directory, this command"
                + " analyses and deletes it. Costs the JVM a full GC and the dump (about 0.5 s per 100 MB of live heap);"
                + " 100,000 parked virtual threads took about 12 s in all.")
    boolean prove;

    /**
     * The live report, proven when asked. A proof that fails leaves the report as it was, with a
     * note, and one line on {@code err} that says why, headed by {@code command}.
     */
    LeakReport report(AgentChannel channel, Long minAgeMillis, boolean json, PrintWriter err, String command)
            throws UnreachableJvmException {
        if (!prove) {
            return channel.report(minAgeMillis, json);
        }
        RemoteHeapProof.Outcome proven = new RemoteHeapProof(channel, minAgeMillis)
                .prove(reportToProve(channel, minAgeMillis, json));
        if (proven.failure() != null) {
            // the report still comes, and the exit code is the command's: the proof only adds to it
            err.println("threadleak " + command + ": --prove: no heap proof (" + OneLineErrors.oneLine(proven.failure())
                    + "); the report is without it");
            err.flush();
        }
        return proven.report();
    }

    /**
     * The report with every leak on its own, so that the proof gets every member of a group; an
     * agent from before {@code each} existed answers grouped, and then only leaks of one thread
     * are proven, as a note says.
     */
    private static LeakReport reportToProve(AgentChannel channel, Long minAgeMillis, boolean json)
            throws UnreachableJvmException {
        try {
            return channel.report(minAgeMillis, json, true);
        } catch (UnreachableJvmException e) {
            if (!String.valueOf(e.getMessage()).contains("'each'")) {
                throw e;
            }
            LeakReport grouped = channel.report(minAgeMillis, json);
            return grouped.withLeaks(grouped.leaks(), List.of("this agent groups its report: the members of a group"
                    + " are not proven; an agent of this CLI's version proves every one"));
        }
    }
}
