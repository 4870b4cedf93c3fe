package dev.threadleak.cli;

import dev.threadleak.report.Durations;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.TerminalText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code threadleak watch PID}: live threads by creation site, refreshed, with the growth since the
 * previous refresh (see {@link WatchTable}). On a terminal the table is redrawn in place; into a
 * pipe or a file, refreshes follow one another.
 */
@Command(name = "watch", description = {
    "Redraws live threads and virtual threads by creation site, with the growth since the previous refresh.",
    "Loads the agent first if it is not there."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (--count refreshes)", "2:usage error", "3:cannot reach that JVM, or it exited"})
final class WatchCommand implements Callable<Integer> {

    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Spec
    CommandSpec spec;

    @Mixin
    TargetPid target;

    @Option(names = "--interval", paramLabel = "D", converter = IntervalConverter.class, defaultValue = "2s",
            description = "Time between refreshes, e.g. 500ms, 2s, 1m (default: ${DEFAULT-VALUE}).")
    long intervalMillis;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Stop after N refreshes (default: 0, never; stop with Ctrl-C).")
    int count;

    private final WatchTable table = new WatchTable();

    @Override
    public Integer call() throws UnreachableJvmException, InterruptedException {
        if (count < 0) {
            throw new ParameterException(spec.commandLine(), "--count must be 0 (never stop) or more, was " + count);
        }
        AgentChannel channel = AgentChannel.open(target.pid, true, spec.commandLine().getErr());
        boolean redraw = spec.commandLine().getColorScheme().ansi().enabled();
        PrintWriter out = spec.commandLine().getOut();
        for (int refresh = 1; count == 0 || refresh <= count; refresh++) {
            if (refresh > 1) {
                Thread.sleep(intervalMillis); // the pace of the refreshes, nothing to wait for
            }
            LeakReport report = channel.sites();
            SiteTable now = SiteTable.ofLiveThreads(report);
            if (now == null) {
                throw new UnreachableJvmException("the agent in pid " + target.pid + " sent no site counts; is it an agent of"
                        + " another threadleak version? restart that JVM with this version's agent");
            }
            if (redraw) {
                out.print(CLEAR_SCREEN);
            } else if (refresh > 1) {
                out.println();
            }
            print(out, refresh, report, now);
            out.flush();
        }
        return ExitCodes.OK;
    }

    private void print(PrintWriter out, int refresh, LeakReport report, SiteTable now) {
        out.println("threadleak watch: pid " + target.pid + ", refresh " + refresh + (count > 0 ? " of " + count : "")
                + " every " + Durations.format(intervalMillis) + ", at " + TerminalText.escape(report.takenAt()));
        table.print(out, now);
        if (report.notes() != null) {
            for (String note : report.notes()) {
                out.println("  note: " + TerminalText.escape(note));
            }
        }
    }
}
