package dev.threadleak.cli;

import dev.threadleak.heapproof.DumpFile;
import java.util.List;
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
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done; for check: no leaks",
            "1:check found leaks (with --baseline: more than it knew)",
            "2:usage error, or a report file that cannot be read",
            "3:cannot reach that JVM (no such pid, not a JVM, attach refused)"})
public final class ThreadleakCommand implements Callable<Integer> {

    /** In the order the usage lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(PsCommand.class, AttachCommand.class, DumpCommand.class,
            CheckCommand.class, WatchCommand.class, DiffCommand.class);

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
        return commandLine(null);
    }

    /**
     * The same, for running {@code args}: when they start with a subcommand's name, only that
     * subcommand is made. picocli reads each one's options by reflection as it is added, which cost
     * every run about 0.2 s for subcommands it did not run; a usage or an unknown name gets them all.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cmd = new CommandLine(new ThreadleakCommand());
        String named = args != null && args.length > 0 ? args[0] : null;
        boolean known = false;
        for (Class<?> subcommand : SUBCOMMANDS) {
            known |= subcommand.getAnnotation(Command.class).name().equals(named);
        }
        for (Class<?> subcommand : SUBCOMMANDS) {
            if (!known || subcommand.getAnnotation(Command.class).name().equals(named)) {
                cmd.addSubcommand(subcommand);
            }
        }
        return OneLineErrors.install(cmd);
    }

    public static void main(String[] args) {
        // Heap dumps of CLIs and JVMs that were killed (kill -9 runs no cleanup) hold secrets nobody will read.
        DumpFile.sweepStale();
        int code;
        try {
            code = commandLine(args).execute(args);
        } catch (Throwable t) { // picocli's own failure, outside any command: still one line
            System.err.println("threadleak: unexpected error: " + OneLineErrors.oneLine(String.valueOf(t))
                    + "; this is a bug in threadleak, please report it with the command you ran");
            code = ExitCodes.BUG;
        }
        System.exit(code);
    }
}
