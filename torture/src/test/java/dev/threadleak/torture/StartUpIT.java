package dev.threadleak.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import dev.threadleak.testsupport.ChildRun;
import dev.threadleak.torture.programs.Hello;
import dev.threadleak.torture.programs.Idle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever the agent is given at start-up, the JVM starts and the application runs on: a bad
 * option is one line on stderr that names it, and nothing else; a fuzzed one too, or the agent
 * installs and says nothing. Through {@code threadleak attach --options}, the same line and exit 2.
 */
class StartUpIT {

    @TempDir
    Path dir;

    static Stream<Arguments> badOptions() {
        String range = "expected a duration from 0 to 8760h";
        return Stream.of(
                Arguments.of("interval=9223372036854775h", "'interval': " + range),
                Arguments.of("min-age=153722867280913m", "'min-age': " + range),
                Arguments.of("exit-watch=99999999999999999999999999ms", "'exit-watch': " + range),
                Arguments.of("prove-budget=8761h", "'prove-budget': " + range),
                Arguments.of("max-records=99999999999", "'max-records': expected a whole number from 1 to 2147483647"),
                Arguments.of("stack-depth=-1", "'stack-depth': expected a whole number from 1 to 1024"),
                Arguments.of("interval=5", "'interval': expected a number with ms, s, m or h"),
                Arguments.of("colour=red", "unknown option 'colour'; known: report, "),
                Arguments.of("exclude=[", "'exclude': expected ';'-separated thread-name regexes"),
                Arguments.of("report=", "'report': expected stderr, none, or a file path"),
                Arguments.of("on-exit", "option 'on-exit' needs a value"),
                Arguments.of("x\u001b[31m\ny=1", "unknown option 'x\\u001b[31m\\ny'"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void aBadOptionIsOneLineAndTheApplicationRunsOn(String options, String says) throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(options).run(dir, Hello.class);

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(Hello.LINE + "\n", run.stdout(), run.toString());
        String line = UserSees.oneLine(run.stderr(), "threadleak: ", run.toString());
        assertTrue(line.contains(says), run.toString());
        assertTrue(line.endsWith("; the agent is not installed"), run.toString());
        UserSees.noTrace(run.stderr(), run.toString());
    }

    /**
     * Options made at random (seeded: a failure can be replayed) from the pieces options are made
     * of: keys, separators, brackets, backslashes, numbers too large, units, text a terminal would
     * act on. The agent installs silently or refuses in one line; the application's output is
     * always its own. Reports are kept off, so an installed agent has nothing to say.
     */
    @Test
    void fuzzedOptionsNeverStopTheJvmNorPrintMoreThanOneLine() throws Exception {
        Random random = new Random(20261201L);
        int cases = Torture.size(8, 200);
        for (int i = 0; i < cases; i++) {
            String options = "report=none," + fuzz(random);
            ChildRun run = ChildJvm.onThisJdk().agent(options).run(dir, Hello.class);
            String context = "options '" + options + "': " + run;
            assertEquals(0, run.exitCode(), context);
            assertEquals(Hello.LINE + "\n", run.stdout(), context);
            if (!run.stderr().isEmpty()) {
                UserSees.oneLine(run.stderr(), "threadleak: ", context);
            }
            UserSees.noTrace(run.stderr(), context);
        }
    }

    private static final List<String> KEYS = List.of("format", "min-age", "stack-depth", "virtual-threads", "queues",
            "exclude", "prove", "prove-budget", "creation-stacks", "max-records", "", "colour", "MIN-AGE");
    private static final List<String> PIECES = List.of("0", "1", "9223372036854775807", "99999999999999999999",
            "-1", "ms", "s", "m", "h", "d", "true", "false", "text", "json", "all", "off", "{", "}", "(", ")", "[", "]",
            ",", ";", "\\", "\\,", "=", " ", ".*", "a{1,3}", "\u001b[2J", "\n", "\u00e9", "\u202e");

    private static String fuzz(Random random) {
        List<String> pairs = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int p = 0; p < n; p++) {
            StringBuilder value = new StringBuilder();
            int parts = random.nextInt(4);
            for (int i = 0; i < parts; i++) {
                value.append(PIECES.get(random.nextInt(PIECES.size())));
            }
            pairs.add(KEYS.get(random.nextInt(KEYS.size())) + (random.nextInt(8) == 0 ? "" : "=") + value);
        }
        return String.join(",", pairs);
    }

    @Test
    void optionsRefusedThroughAttachAreTheAgentsOneLineAndExitTwo() throws Exception {
        try (ChildProcess target = ChildJvm.onThisJdk().start(dir, Idle.class).awaitReady()) {
            ChildRun refused = Cli.run(dir, "attach", target.pidArg(), "--options", "interval=9223372036854775h");

            assertEquals(2, refused.exitCode(), refused.toString());
            String line = UserSees.oneLine(refused.stderr(), "threadleak attach: bad value '9223372036854775h' for"
                    + " option 'interval': expected a duration from 0 to 8760h", refused.toString());
            assertTrue(line.endsWith("(see the agent's options in README.md)"), line);
            UserSees.oneLine(target.stderr(), "threadleak: bad value '9223372036854775h'", target.stderr());
            UserSees.noTrace(target.stderr(), target.stderr());

            ChildRun loaded = Cli.run(dir, "attach", target.pidArg(), "--options", "exclude=c{1,3},min-age=1s");
            assertEquals(0, loaded.exitCode(), loaded.toString());
            assertTrue(loaded.stdout().startsWith("threadleak: agent "), loaded.toString());
        }
    }
}
