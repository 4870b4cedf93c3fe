package dev.threadleak.cli;

import dev.threadleak.report.TerminalText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code threadleak attach PID}: loads the agent into a running JVM, so that it tracks from now on. */
@Command(name = "attach", description = {
    "Loads the threadleak agent into a running JVM.",
    "Threads that started before it are reported without creation sites. On Java 21+ the JVM prints a warning"
        + " unless it was started with -XX:+EnableDynamicAgentLoading."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:loaded, or already loaded", "2:usage error, or options the agent refused",
            "3:cannot reach that JVM"})
final class AttachCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetPid target;

    @Option(names = "--options", paramLabel = "OPTIONS",
            description = "Agent options: key=value pairs separated by ',' (e.g. interval=1m,report=/tmp/leaks.json).")
    String options = "";

    @Override
    public Integer call() throws UnreachableJvmException {
        PrintWriter out = spec.commandLine().getOut();
        try (TargetJvm jvm = TargetJvm.attach(target.pid)) {
            String loaded = jvm.agentVersion();
            if (loaded != null) {
                out.println("threadleak: the agent " + TerminalText.escape(loaded) + " is already loaded in pid " + target.pid
                        + (options.isEmpty() ? "" : "; options are read once, when it loads, so --options were not applied"));
                out.flush();
                return ExitCodes.OK;
            }
            jvm.loadAgent(options);
            out.println("threadleak: agent " + TerminalText.escape(jvm.agentVersion()) + " loaded into pid " + target.pid);
            out.flush();
            return ExitCodes.OK;
        } catch (RejectedOptionsException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("threadleak attach: " + OneLineErrors.oneLine(e.getMessage()) + " (see the agent's options in README.md)");
            err.flush();
            return ExitCodes.USAGE;
        }
    }
}
