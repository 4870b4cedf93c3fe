package dev.threadleak.cli;

import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportFormatException;
import dev.threadleak.report.TerminalText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code threadleak diff OLD.json NEW.json}: the creation sites that appeared or grew between two
 * reports. Two dumps are compared by their live-thread counts (every live thread, judged or not);
 * reports without them (the agent's on-exit and interval reports, the JUnit extension's) by their
 * leaks, and the header says which.
 */
@Command(name = "diff", description = "Lists the creation sites that appeared or grew between two JSON reports.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:compared (whether or not anything grew)",
            "2:usage error, or a file that is not a report, or too big"})
final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD.json",
            description = "The earlier report, e.g. from 'threadleak dump PID --format json -o OLD.json'.")
    Path oldFile;

    @Parameters(index = "1", paramLabel = "NEW.json", description = "The later report.")
    Path newFile;

    @Mixin
    OutputFormat format;

    @Mixin
    ReportFiles files;

    @Override
    public Integer call() throws ReportFormatException {
        LeakReport older = files.read(oldFile);
        LeakReport newer = files.read(newFile);
        SiteTable before = SiteTable.ofLiveThreads(older);
        SiteTable after = SiteTable.ofLiveThreads(newer);
        if (before == null || after == null) {
            before = SiteTable.ofLeaks(older);
            after = SiteTable.ofLeaks(newer);
        }
        List<CreationSite> grown = grown(before, after);
        PrintWriter out = spec.commandLine().getOut();
        if (format.json()) {
            out.println(SiteDiff.of(oldFile, before, newFile, after, grown).toJson());
        } else {
            print(out, grown, before, after);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void print(PrintWriter out, List<CreationSite> grown, SiteTable before, SiteTable after) {
        out.println("threadleak diff: " + after.what() + " by creation site, "
                + TerminalText.escape(oldFile + " -> " + newFile));
        if (grown.isEmpty()) {
            out.println("  no creation site grew or appeared (" + before.total() + " -> " + after.total() + " "
                    + after.what() + ")");
            return;
        }
        TextTable table = new TextTable(">OLD", ">NEW", ">CHANGE", "KIND", "CREATED AT");
        for (CreationSite site : grown) {
            long was = before.count(site);
            long is = after.count(site);
            table.row(was == 0 ? "-" : was, is, was == 0 ? "new" : "+" + (is - was), site.kindName(), site.where());
        }
        table.print(out, "  ");
        out.println("  " + grown.size() + (grown.size() == 1 ? " site" : " sites") + " grew or appeared; "
                + after.what() + ": " + before.total() + " -> " + after.total());
    }

    /** The sites with more now than before, most growth first. */
    private static List<CreationSite> grown(SiteTable before, SiteTable after) {
        List<CreationSite> grown = new ArrayList<>();
        for (CreationSite site : after.sites()) {
            if (after.count(site) > before.count(site)) {
                grown.add(site);
            }
        }
        grown.sort(Comparator.comparingLong((CreationSite s) -> after.count(s) - before.count(s)).reversed());
        return grown;
    }
}
