package dev.threadleak.cli;

import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportFormatException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code threadleak check PID}: {@code dump} for scripts; the exit code says whether there are
 * leaks, or with {@code --baseline} whether there are more than a baseline of known ones (see
 * {@link KnownLeaks} for how they match).
 */
@Command(name = "check", description = {
    "Exits 1 if a running JVM has leaks (the report is on standard output), 0 if not; with --baseline, 1 only if it"
        + " has leaks beyond the baseline's known ones.",
    "Loads the agent first if it is not there."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no leaks (none beyond the baseline)", "1:leaks (beyond the baseline); the report is on"
            + " standard output", "2:usage error, or a baseline that is not a report", "3:cannot reach that JVM"})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetPid target;

    @Mixin
    OutputFormat format;

    @Mixin
    MinAge minAge;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "A JSON report of known leaks (from 'threadleak dump PID --format json -o FILE', or this"
                + " command's --format json): exit 1 only for leaks beyond it, matched by kind and creation site.")
    Path baseline;

    @Mixin
    ReportFiles files;

    @Mixin
    ProveOption proof;

    @Override
    public Integer call() throws UnreachableJvmException, ReportFormatException {
        // a baseline that is not a report is a usage error, said before any JVM is asked
        KnownLeaks known = baseline == null ? null : KnownLeaks.of(baseline, files.read(baseline));
        LeakReport report = suspectsTold(proof.report(AgentChannel.open(target.pid, true, spec.commandLine().getErr()),
                minAge.millis, format.json(), spec.commandLine().getErr(), "check"));
        if (known == null) {
            print(report);
            return report.hasLeaks() ? ExitCodes.LEAKS : ExitCodes.OK;
        }
        KnownLeaks.Comparison comparison = known.compare(report);
        String mismatch = known.proofMismatch(report);
        LeakReport compared = (mismatch == null ? report : report.withLeaks(report.leaks(), List.of(mismatch)))
                .withBaseline(comparison.baseline());
        print(format.json() ? compared : onlyBeyond(compared, comparison.atGrownSites()));
        return comparison.baseline().beyond() > 0 ? ExitCodes.LEAKS : ExitCodes.OK;
    }

    /**
     * {@code report}, with a note where suspects are among its leaks and no proof ran: a suspect is
     * parked with whoever could serve it unknown, and a healthy server has such threads (a request
     * pipeline's stages parked on their queues, {@code main} on a shutdown latch: ZooKeeper's trial,
     * where {@code check} failed an idle server); the proof tells them apart.
     */
    private LeakReport suspectsTold(LeakReport report) {
        long suspects = report.suspectCount();
        if (proof.prove || suspects == 0) {
            return report;
        }
        return report.withLeaks(report.leaks(), List.of(suspects + (suspects == 1 ? " suspect is" : " suspects are")
                + " parked with whoever could serve " + (suspects == 1 ? "it" : "them") + " unknown: --prove finds"
                + " from the heap which can never be served, and leaves out those a running thread or a static field"
                + " can still serve"));
    }

    /**
     * For people, the leaks at the sites that grew; the others are known, and counted in a note.
     * The JSON keeps every leak, so that a passing check's output can be the next baseline.
     */
    private static LeakReport onlyBeyond(LeakReport report, List<Leak> atGrownSites) {
        long left = report.leakCount() - atGrownSites.stream().mapToLong(Leak::count).sum();
        return report.withLeaks(atGrownSites, left == 0 ? List.of() : List.of(left + (left == 1 ? " leak the baseline knows"
                + " is" : " leaks the baseline knows are") + " not shown; --format json has every leak"));
    }

    private void print(LeakReport report) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(format.json() ? report.toJson() + System.lineSeparator() : report.toText());
        out.flush();
    }
}
