package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.cli.programs.ForgottenReplyAndSlowProducer;
import dev.threadleak.cli.programs.GroupsOfWaiters;
import dev.threadleak.cli.programs.MonitorDeadlock;
import dev.threadleak.cli.programs.StaticLockAndKeptThread;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportJson;
import dev.threadleak.report.TerminalText;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dump --prove} through {@code java -jar threadleak-cli.jar} (so the shaded jar carries
 * the proof), against a JVM with the agent: the reply nobody can take is proven blocked forever,
 * the consumer whose producer sleeps is proven servable and left out, and the heap dump is gone
 * afterwards.
 */
class ProveIT {

    @TempDir
    Path dir;

    static Leak named(LeakReport report, String name) {
        return report.leaks().stream().filter(l -> l.thread() != null && l.thread().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no leak names " + name + ":\n" + report.toText()));
    }

    /** The note of what the proof found servable, for {@code count} threads. */
    static String servableNote(int count) {
        return "not shown, as a running JVM's normal state: " + count + (count == 1 ? " thread" : " threads")
                + " parked on what a running thread or a static field can still reach, proven from the heap: "
                + (count == 1 ? "its wait" : "each wait") + " can still be served";
    }

    /**
     * A monitor deadlock the JVM itself detects is DEADLOCKED in the live report; the proof, which
     * finds the same cycle, says it once, each member on its own with its own wait (an embedded
     * Tomcat's trial: THREAD DEADLOCKED x2 under one wait line); and a thread blocked on a member's
     * monitor is still proven, not taken for one a running owner will let in.
     */
    @Test
    void aMonitorDeadlockIsOneVerdictPerMemberAndTheThreadBehindItIsProvenToo() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, MonitorDeadlock.class).awaitReady()) {
            CommandRun run = LaunchedCli.jar(dir, List.of(), List.of("-Djava.io.tmpdir=" + dir),
                    "dump", child.pidArg(), "--prove", "--format", "json", "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
            LeakReport report = ReportJson.read(run.out());

            for (String name : List.of("request-a", "request-b")) {
                Leak member = named(report, name);
                assertEquals(Verdict.DEADLOCKED, member.verdict(), report.toText());
                assertEquals(1, member.count(), report.toText());
                assertEquals(List.of("request-a", "request-b"), member.cycle().stream().map(ThreadRef::name).toList());
                String other = name.endsWith("a") ? "request-b" : "request-a";
                assertEquals(other, member.blockedOn().owner().name(), "its own wait: " + report.toText());
            }
            Leak bystander = named(report, "bystander");
            assertEquals(Verdict.BLOCKED_FOREVER, bystander.verdict(), report.toText());
            assertEquals(null, bystander.cycle());
        }
    }

    @Test
    void provesEveryMemberOfAGroupAndLeavesOutTheMembersItFindsServable() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, GroupsOfWaiters.class, "30", "12").awaitReady()) {
            CommandRun run = LaunchedCli.jar(dir, List.of(), List.of("-Djava.io.tmpdir=" + dir),
                    "dump", child.pidArg(), "--prove", "--format", "json", "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
            LeakReport report = ReportJson.read(run.out());

            List<Leak> waiters = report.leaks().stream().filter(l -> l.thread().name().startsWith("waiter-")).toList();
            assertEquals(1, waiters.size(), "the group split by what the proof found: " + report.toText());
            Leak forever = waiters.get(0);
            assertEquals(Verdict.BLOCKED_FOREVER, forever.verdict(), report.toText());
            assertEquals(30, forever.count(), "every member proven, not ten: " + report.toText());
            // the 12 a static registry holds, whose futures a live thread could complete
            assertTrue(report.notes().contains(servableNote(12)), report.notes().toString());
        }
    }

    /**
     * An embedded Tomcat's trial: the waiters of a static lock whose owner is stuck were left out as
     * servable, and a thread the report does not list read {@code "?" #1} in a reason.
     */
    @Test
    void theWaitersOfAStaticLockWhoseOwnerIsStuckAreProvenAndEveryThreadAReasonNamesIsNamed() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, StaticLockAndKeptThread.class).awaitReady()) {
            CommandRun run = LaunchedCli.jar(dir, List.of(), List.of("-Djava.io.tmpdir=" + dir),
                    "dump", child.pidArg(), "--prove", "--format", "json", "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
            LeakReport report = ReportJson.read(run.out());

            Leak holder = named(report, "lock-holder");
            assertEquals(Verdict.BLOCKED_FOREVER, holder.verdict(), report.toText());
            for (String name : List.of("lock-waiter-1", "lock-waiter-2")) {
                Leak waiter = named(report, name);
                assertEquals(Verdict.BLOCKED_FOREVER, waiter.verdict(), report.toText());
                assertTrue(waiter.blockedOn().why().endsWith(" is owned by " + holder.thread().ref()
                        + ", which is itself blocked forever and can never release it"), waiter.blockedOn().why());
            }
            String kept = named(report, "kept").blockedOn().why();
            // main's id is 1 on JDK 17, 3 on JDK 25
            assertTrue(kept.matches("(?s).*only an interrupt can end this wait, and \"" + Pattern.quote(TerminalText.escape(
                    StaticLockAndKeptThread.MAIN)) + "\" #\\d+ can reach its Thread"), kept);
            assertTrue(kept.contains("main\\u001b[2J"), "escaped for a terminal: " + kept);
        }
    }

    /**
     * After a late attach every wait began before the agent: none was recorded, and the proof ran
     * on none ("no thread is in a wait the agent recorded"). An untimed park in a blocking call the
     * agent weaves is proven on its park blocker, as the dump shows it.
     */
    @Test
    void provesAWaitThatBeganBeforeALateAttach() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, ForgottenReplyAndSlowProducer.class).awaitReady()) {
            CommandRun run = LaunchedCli.jar(dir, List.of(), List.of("-Djava.io.tmpdir=" + dir),
                    "dump", child.pidArg(), "--prove", "--format", "json", "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
            LeakReport report = ReportJson.read(run.out());

            Leak replier = named(report, "replier");
            assertTrue(replier.preExisting(), report.toText());
            assertEquals(Verdict.BLOCKED_FOREVER, replier.verdict(), report.toText());
            assertTrue(replier.blockedOn().why().startsWith("unreachable from every running thread and static field,"
                    + " proven from the heap: only this thread's own stack holds java.util.concurrent.SynchronousQueue$"),
                    replier.blockedOn().why());
            assertTrue(report.leaks().stream().noneMatch(l -> l.thread().name().equals("consumer")),
                    "its producer holds its queue: " + report.toText());
            assertTrue(report.notes().contains(servableNote(1)), report.notes().toString());
        }
    }

    @Test
    void provesTheForgottenReplyAndNotTheConsumerOfASlowProducer() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("cli-tmp"));
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, ForgottenReplyAndSlowProducer.class).awaitReady()) {
            long start = System.nanoTime();
            CommandRun run = LaunchedCli.jar(dir, List.of(), List.of("-Djava.io.tmpdir=" + tmp),
                    "dump", child.pidArg(), "--prove", "--format", "json", "--min-age", "0s");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("", run.err(), run.toString());
            LeakReport report = ReportJson.read(run.out());

            Leak replier = named(report, "replier");
            assertEquals(Verdict.BLOCKED_FOREVER, replier.verdict(), report.toText());
            assertTrue(replier.blockedOn().why().startsWith("unreachable from every running thread and static field,"
                    + " proven from the heap: only this thread's own stack holds java.util.concurrent.SynchronousQueue@"),
                    replier.blockedOn().why());
            assertTrue(report.leaks().stream().noneMatch(l -> l.thread().name().equals("consumer")),
                    "its producer holds its queue: " + report.toText());
            assertTrue(report.notes().contains(servableNote(1)), report.notes().toString());

            String note = report.notes().stream().filter(n -> n.startsWith("heap proof took ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no note on the proof's cost: " + report.notes()));
            assertTrue(note.endsWith(": of the JVM's waiting threads, 1 blocked forever (#" + replier.thread().id()
                    + "), 0 deadlocked, 1 can still be woken (a running thread, a static field or native code's global reference can reach what serves the wait)"),
                    note);
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(List.of(), left.toList(), "the heap dump and its directory are deleted");
            }
            assertEquals("", child.stderr(), "nothing printed in the target");
            System.out.println("dump --prove took " + tookMillis + " ms in all (a JVM start included); " + note);

            CommandRun nowhere = LaunchedCli.jar(dir, List.of(), List.of("-Djava.io.tmpdir=" + dir.resolve("no-such-dir")),
                    "dump", child.pidArg(), "--prove", "--format", "json", "--min-age", "0s");
            assertEquals(0, nowhere.exitCode(), "the exit code is the dump's: " + nowhere);
            // JDK 25 itself warns first that java.io.tmpdir does not exist: only our line is ours to count
            List<String> ours = nowhere.err().lines().filter(l -> !l.startsWith("WARNING: java.io.tmpdir")).toList();
            assertEquals(1, ours.size(), nowhere.toString());
            assertTrue(ours.get(0).startsWith("threadleak dump: --prove: no heap proof (cannot make a private directory"
                    + " for the heap dump in java.io.tmpdir"), nowhere.toString());
            LeakReport unproven = ReportJson.read(nowhere.out());
            assertEquals(Verdict.SUSPECT, named(unproven, "replier").verdict(), unproven.toText());
            assertTrue(unproven.notes().stream().anyMatch(n -> n.startsWith("heap proof failed, verdicts are from runtime"
                    + " facts only: cannot make a private directory")), unproven.notes().toString());
        }
    }
}
