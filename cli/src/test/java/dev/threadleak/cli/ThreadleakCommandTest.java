package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Help, version and usage errors: exit codes 0 and 2, and errors in one line that say the way out. */
class ThreadleakCommandTest {

    @Test
    void helpListsEverySubcommandAndTheExitCodes() {
        CommandRun run = CommandRun.of("--help");
        assertEquals(0, run.exitCode(), run.toString());
        for (String sub : new String[] {"ps", "attach", "dump", "check", "watch", "diff"}) {
            assertTrue(run.out().contains("  " + sub + " ") || run.out().contains("  " + sub + "\n"), sub + ": " + run);
        }
        assertTrue(run.out().contains("3   cannot reach that JVM"), run.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ps", "attach", "dump", "check", "watch", "diff"})
    void everySubcommandHasHelpAndVersion(String sub) {
        CommandRun help = CommandRun.of(sub, "--help");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().startsWith("Usage: threadleak " + sub), help.toString());
        assertTrue(help.out().contains("Exit codes:"), help.toString());
        CommandRun version = CommandRun.of(sub, "--version");
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.out().startsWith("threadleak " + CliVersion.version()), version.toString());
        assertTrue(!CliVersion.version().equals("unknown"), "the version is filtered into a resource at build time");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ps", "attach", "dump", "check", "watch", "diff"})
    void aRunMakesOnlyTheSubcommandItRunsWhichReadsAsWhenAllAreMade(String sub) {
        CommandLine only = ThreadleakCommand.commandLine(new String[] {sub, "--help"});
        assertEquals(Set.of(sub), only.getSubcommands().keySet());
        assertEquals(ThreadleakCommand.commandLine().getSubcommands().get(sub).getUsageMessage(),
                only.getSubcommands().get(sub).getUsageMessage());
        assertEquals(List.of("ps", "attach", "dump", "check", "watch", "diff"),
                List.copyOf(ThreadleakCommand.commandLine(new String[] {"--help"}).getSubcommands().keySet()));
    }

    @Test
    void noSubcommandIsAUsageError() {
        CommandRun run = CommandRun.of();
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("Usage: threadleak"), run.toString());
    }

    @Test
    void anUnknownSubcommandIsOneLineWithASuggestion() {
        CommandRun run = CommandRun.of("dunp", "123");
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.errLines(), run.toString());
        assertTrue(run.err().contains("did you mean dump?"), run.toString());
        assertTrue(run.err().contains("(see 'threadleak --help')"), run.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"attach", "dump", "check", "watch"})
    void aMissingPidIsOneLineNamingIt(String sub) {
        CommandRun run = CommandRun.of(sub);
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals("threadleak " + sub + ": Missing required parameter: 'PID' (see 'threadleak " + sub + " --help')",
                run.err().strip());
    }

    @Test
    void aPidThatIsNotANumberIsAUsageError() {
        CommandRun run = CommandRun.of("check", "abc");
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.errLines(), run.toString());
        assertEquals("threadleak check: Invalid value for positional parameter at index 0 (PID): 'abc' is not a pid:"
                + " expected a process id, a whole number above 0 (list the JVMs you can reach with 'threadleak ps')"
                + " (see 'threadleak check --help')", run.err().strip());
    }

    @Test
    void aBadFormatSaysWhatIsAccepted() {
        CommandRun run = CommandRun.of("dump", "1", "--format", "xml");
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.errLines(), run.toString());
        assertTrue(run.err().contains("text, json"), run.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dump", "check"})
    void aBadDurationSaysWhatIsAccepted(String sub) {
        CommandRun run = CommandRun.of(sub, "1", "--min-age", "10x");
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.errLines(), run.toString());
        assertTrue(run.err().contains("'10x' is not a duration: expected a number with ms, s, m or h"), run.toString());
    }

    @Test
    void watchRefusesAZeroIntervalAndANegativeCount() {
        CommandRun interval = CommandRun.of("watch", "1", "--interval", "0");
        assertEquals(2, interval.exitCode(), interval.toString());
        // not "or 0", which the error of a duration offers where 0 is one
        assertEquals("threadleak watch: Invalid value for option '--interval': '0' is not an interval: expected a number"
                + " above 0 with ms, s, m or h (e.g. 500ms, 2s, 5m) (see 'threadleak watch --help')",
                interval.err().strip());
        CommandRun count = CommandRun.of("watch", "1", "--count", "-1");
        assertEquals(2, count.exitCode(), count.toString());
        assertEquals(1, count.errLines(), count.toString());
    }

    @Test
    void diffNeedsTwoFiles() {
        CommandRun run = CommandRun.of("diff", "only-one.json");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("NEW.json"), run.toString());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CommandRun run = CommandRun.of("check", "1", "--colour", "red");
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.errLines(), run.toString());
        assertTrue(run.err().contains("Unknown options: '--colour', 'red'"), run.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dump", "check", "diff"})
    void everyCommandThatPrintsAReportOrAComparisonHasFormat(String sub) {
        CommandRun run = CommandRun.of(sub, "--help");
        assertTrue(run.out().contains("--format=text|json"), run.toString());
    }

    @Test
    void aBadSizeSaysWhatIsAccepted() {
        CommandRun run = CommandRun.of("diff", "a.json", "b.json", "--max-report-size", "lots");
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals("threadleak diff: Invalid value for option '--max-report-size': 'lots' is not a size: expected a"
                + " number above 0 of bytes, or with k, m or g (e.g. 500m, 4g) (see 'threadleak diff --help')",
                run.err().strip());
    }

    @Test
    void anArgumentThatWouldDriveTheTerminalIsQuotedEscaped() {
        CommandRun run = CommandRun.of("check", "\u001b]0;owned\u0007");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("'\\u001b]0;owned\\u0007' is not a pid"), run.toString());
    }
}
