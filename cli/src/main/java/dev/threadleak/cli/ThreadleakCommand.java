package dev.threadleak.cli;

import dev.threadleak.heapproof.DumpFile;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code threadleak}: finds threads and virtual threads that never end, in JVMs that are running.
 * Its subcommands are one class each; {@code --help} and {@code --version} are inherited by all.
 */
@Command(name = "threadleak", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = CliVersion.class, usageHelpAutoWidth = true,
        description = "Finds threads and virtual threads that never end, in running JVMs.",
        subcommands = {PsCommand.class, AttachCommand.class, DumpCommand.class, CheckCommand.class,
            WatchCommand.class, DiffCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done; for check: no leaks",
            "1:check found leaks (with --baseline: more than it knew)",
            "2:usage error, or a report file that cannot be read",
            "3:cannot reach that JVM (no such pid, not a JVM, attach refused)"})
public final class ThreadleakCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: say what there is. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The command line with the contract's exit codes and one-line errors; tests use this too. */
    public static CommandLine commandLine() {
        return OneLineErrors.install(new CommandLine(new ThreadleakCommand()));
    }

    public static void main(String[] args) {
        // Heap dumps of CLIs and JVMs that were killed (kill -9 runs no cleanup) hold secrets nobody will read.
        DumpFile.sweepStale();
        int code;
        try {
            code = commandLine().execute(args);
        } catch (Throwable t) { // picocli's own failure, outside any command: still one line
            System.err.println("threadleak: unexpected error: " + OneLineErrors.oneLine(String.valueOf(t))
                    + "; this is a bug in threadleak, please report it with the command you ran");
            code = ExitCodes.BUG;
        }
        System.exit(code);
    }
}
