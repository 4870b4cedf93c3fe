package dev.threadleak.cli;

import dev.threadleak.report.ReportFormatException;
import dev.threadleak.report.TerminalText;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Every error is one line on stderr, naming the problem and the way out, with the contract's exit
 * code: picocli's usage errors (2, instead of its full usage text), report files that cannot be
 * read (2), unreachable JVMs (3), and our own failures (see {@link ExitCodes#BUG}), an
 * {@link Error} such as {@link OutOfMemoryError} included: no stack trace of ours reaches the user.
 */
final class OneLineErrors implements IParameterExceptionHandler, IExecutionExceptionHandler, IExecutionStrategy {

    /** Installs itself on {@code cmd}: as its parameter and execution exception handler, and around its execution. */
    static CommandLine install(CommandLine cmd) {
        OneLineErrors errors = new OneLineErrors();
        return cmd.setParameterExceptionHandler(errors).setExecutionExceptionHandler(errors).setExecutionStrategy(errors);
    }

    /** Runs the command as picocli does; an {@link Error} goes to {@link #handleExecutionException} like an exception. */
    @Override
    public int execute(ParseResult parseResult) {
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (Error e) {
            List<CommandLine> commands = parseResult.asCommandLineList();
            throw new ExecutionException(commands.get(commands.size() - 1), String.valueOf(e), e);
        }
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        StringBuilder line = new StringBuilder(name).append(": ").append(oneLine(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            line.append("; did you mean ").append(String.join(" or ", unmatched.getSuggestions())).append('?');
        }
        line.append(" (see '").append(name).append(" --help')");
        cmd.getErr().println(line);
        cmd.getErr().flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        Throwable cause = ex instanceof ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
        int code;
        if (cause instanceof UnreachableJvmException) {
            err.println("threadleak: " + oneLine(cause.getMessage()));
            code = ExitCodes.UNREACHABLE;
        } else if (cause instanceof ReportFormatException unreadable) {
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(unreadable.getMessage()) + "; "
                    + ReportFiles.advice(unreadable));
            code = ExitCodes.USAGE;
        } else if (cause instanceof OutOfMemoryError) {
            err.println(cmd.getCommandSpec().qualifiedName() + ": out of memory in the CLI's "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB of heap (" + oneLine(cause.getMessage())
                    + "); give it more, e.g. JAVA_TOOL_OPTIONS=-Xmx4g");
            code = ExitCodes.BUG;
        } else {
            err.println("threadleak: unexpected error: " + oneLine(String.valueOf(cause))
                    + "; this is a bug in threadleak, please report it with the command you ran");
            code = ExitCodes.BUG;
        }
        err.flush();
        return code;
    }

    /**
     * Messages from the JDK and from parsers sometimes span lines; ours may not. They may also
     * quote what the user typed, a file's content or a JVM's answer: escaped for the terminal.
     */
    static String oneLine(String message) {
        return message == null ? "" : TerminalText.escape(message.strip().replaceAll("\\s*\\R\\s*", "; "));
    }
}
