package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Whatever a command throws, the user reads one line and a documented exit code; no stack trace. */
class OneLineErrorsTest {

    @Command(name = "failing")
    static final class Failing implements Callable<Integer> {

        @Parameters(index = "0")
        String what;

        @Override
        public Integer call() {
            switch (what) {
                case "oom" -> throw new OutOfMemoryError("Java heap space");
                case "stack" -> throw new StackOverflowError();
                default -> throw new IllegalStateException("line one\nline two");
            }
        }
    }

    private static CommandRun run(String what) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = OneLineErrors.install(new CommandLine(new Failing()));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new CommandRun(cmd.execute(what), out.toString(), err.toString());
    }

    @Test
    void outOfMemoryIsOneLineThatSaysHowToGiveMore() {
        CommandRun run = run("oom");
        assertEquals(ExitCodes.BUG, run.exitCode(), run.toString());
        assertEquals(1, run.errLines(), run.toString());
        assertTrue(run.err().matches("failing: out of memory in the CLI's \\d+ MB of heap \\(Java heap space\\); give it"
                + " more, e.g. JAVA_TOOL_OPTIONS=-Xmx4g\\R"), run.toString());
    }

    @Test
    void anyOtherErrorOrExceptionIsOneLineAndABug() {
        for (String what : new String[] {"stack", "other"}) {
            CommandRun run = run(what);
            assertEquals(ExitCodes.BUG, run.exitCode(), run.toString());
            assertEquals(1, run.errLines(), run.toString());
            assertTrue(run.err().startsWith("threadleak: unexpected error: java.lang."), run.toString());
            assertTrue(run.err().contains("this is a bug in threadleak"), run.toString());
        }
    }
}
