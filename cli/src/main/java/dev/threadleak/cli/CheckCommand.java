package dev.threadleak.cli;

import dev.threadleak.report.LeakReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code threadleak check PID}: {@code dump} for scripts; the exit code says whether there are leaks. */
@Command(name = "check", description = {
    "Exits 1 if a running JVM has leaks (the report is on standard output), 0 if not.",
    "Loads the agent first if it is not there."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no leaks", "1:leaks (the report is on standard output)", "2:usage error",
            "3:cannot reach that JVM"})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetPid target;

    @Mixin
    MinAge minAge;

    @Override
    public Integer call() throws UnreachableJvmException {
        LeakReport report = AgentChannel.open(target.pid, true, spec.commandLine().getErr()).report(minAge.millis, false);
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.toText());
        out.flush();
        return report.hasLeaks() ? ExitCodes.LEAKS : ExitCodes.OK;
    }
}
