package dev.threadleak.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.testsupport.BuildOutput;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import dev.threadleak.testsupport.ChildRun;
import dev.threadleak.torture.programs.Hello;
import dev.threadleak.torture.programs.LateSecurityManager;
import dev.threadleak.torture.programs.LeakyWorker;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SecurityManager (JDK 17 to 23; JDK 24 removed it, and JDK 25 refuses to start with
 * {@code -Djava.security.manager}): the agent works with its jar granted all permissions, steps
 * aside in one line without the grant, and survives one the application installs later.
 */
@EnabledForJreRange(max = JRE.JAVA_23)
class SecurityManagerIT {

    /** What JDK 17 prints itself when a SecurityManager is enabled: the host's lines, not ours. */
    private static final String JDK_WARNING = "WARNING: ";

    @TempDir
    Path dir;

    @Test
    void aStrictPolicyMakesTheAgentStepAsideInOneLine() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().jvmArg("-Djava.security.manager").agent("on-exit=true")
                .run(dir, Hello.class);

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(Hello.LINE + "\n", run.stdout(), run.toString());
        String ours = run.stderr().lines().filter(l -> !l.startsWith(JDK_WARNING)).reduce("", (a, b) -> a + b + "\n");
        String line = UserSees.oneLine(ours, "threadleak: a SecurityManager is installed and its policy does not grant"
                + " the agent all permissions; the agent is not installed", run.toString());
        assertTrue(line.contains("grant codeBase \"file:" + BuildOutput.agentJar().toAbsolutePath() + "\""
                + " { permission java.security.AllPermission; }"), line);
        UserSees.noTrace(run.stderr(), run.toString());
    }

    @Test
    void withTheGrantTheAgentWorksUnderTheSecurityManager() throws Exception {
        Path policy = Files.writeString(dir.resolve("agent.policy"), "grant codeBase \"file:"
                + BuildOutput.agentJar().toAbsolutePath() + "\" { permission java.security.AllPermission; };\n");
        ChildRun run = ChildJvm.onThisJdk().jvmArg("-Djava.security.manager")
                .jvmArg("-Djava.security.policy=" + policy).agent("on-exit=true")
                .run(dir, LeakyWorker.class);

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("THREAD LEAKED: \"leaky-worker\""), run.toString());
        assertTrue(run.stderr().contains("now at:"), "with the grant, stacks too: " + run);
        UserSees.noTrace(run.stderr(), run.toString());
    }

    @Test
    void aSecurityManagerInstalledLaterNeitherKillsOurThreadsNorLosesTheReport() throws Exception {
        ChildProcess target = ChildJvm.onThisJdk().agent("on-exit=true").start(dir, LateSecurityManager.class);
        ChildRun dump;
        try (target) {
            String channel = target.awaitLine(l -> l.startsWith("channel "));
            target.awaitReady();
            dump = Cli.run(dir, "dump", target.pidArg());
            IOException refused = assertThrows(IOException.class, () -> SocketChannel.open(
                    UnixDomainSocketAddress.of(channel.substring("channel ".length()))).close(),
                    "a channel the policy forbids is closed, not left to spin on clients it may not accept");
            assertTrue(refused.getMessage().contains("refused"), refused.toString());
        }
        String stderr = target.stderr();
        assertTrue(stderr.contains("THREAD LEAKED: \"leaky-worker\""), "the on-exit report is written: " + stderr);
        assertTrue(stderr.contains("note: a SecurityManager denies the agent the threads' current stacks"), stderr);
        UserSees.noTrace(stderr, stderr);
        assertFalse(stderr.contains("Exception in thread \"threadleak-"), stderr);

        assertEquals(3, dump.exitCode(), "the policy denies our socket: the CLI cannot reach it; " + dump);
        UserSees.oneLine(dump.stderr(), "threadleak: ", dump.toString());
    }
}
