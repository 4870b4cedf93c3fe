package dev.threadleak.cli;

import dev.threadleak.report.TerminalText;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Every error is one line on stderr, naming the problem and the way out, with the contract's exit
 * code: picocli's usage errors (2, instead of its full usage text), unreachable JVMs (3), and our
 * own bugs (see {@link ExitCodes#BUG}).
 */
final class OneLineErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

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
        if (ex instanceof UnreachableJvmException) {
            err.println("threadleak: " + oneLine(ex.getMessage()));
            err.flush();
            return ExitCodes.UNREACHABLE;
        }
        err.println("threadleak: unexpected error: " + oneLine(String.valueOf(ex))
                + "; this is a bug in threadleak, please report it with the command you ran");
        err.flush();
        return ExitCodes.BUG;
    }

    /**
     * Messages from the JDK and from parsers sometimes span lines; ours may not. They may also
     * quote what the user typed, a file's content or a JVM's answer: escaped for the terminal.
     */
    static String oneLine(String message) {
        return message == null ? "" : TerminalText.escape(message.strip().replaceAll("\\s*\\R\\s*", "; "));
    }
}
