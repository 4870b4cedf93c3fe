package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.cli.programs.ForgottenReplyAndSlowProducer;
import dev.threadleak.cli.programs.GroupsOfWaiters;
import dev.threadleak.cli.programs.MonitorDeadlock;
import dev.threadleak.cli.programs.ParkedConsumer;
import dev.threadleak.cli.programs.ServerAtRest;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import dev.threadleak.report.JvmInfo;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportJson;
import dev.threadleak.report.ScopeInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check}: exit 1 and the report for a leak, 0 for a clean JVM. */
class CheckIT {

    @TempDir
    Path dir;

    @Test
    void aParkedConsumerIsALeak() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun run = CommandRun.of("check", child.pidArg(), "--min-age", "0s");
            assertEquals(1, run.exitCode(), run.toString());
            assertTrue(run.out().startsWith("threadleak: 1 suspect in jvm"), run.toString());
            assertTrue(run.out().contains("THREAD SUSPECT: \"consumer\""), run.toString());
        }
    }

    /**
     * A late attach to two request threads in a monitor deadlock, without {@code --prove}: each is
     * DEADLOCKED on its own, as the JVM itself finds them, where both read as one SUSPECT block
     * (an embedded Tomcat's trial); the thread blocked on one of their monitors stays a suspect.
     */
    @Test
    void aMonitorDeadlockIsDeadlockedWithoutTheProof() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, MonitorDeadlock.class).awaitReady()) {
            CommandRun run = CommandRun.of("check", child.pidArg());
            assertEquals(1, run.exitCode(), run.toString());
            for (String name : List.of("request-a", "request-b")) {
                assertTrue(run.out().contains("THREAD DEADLOCKED: \"" + name + "\""), run.toString());
            }
            assertTrue(run.out().contains("why: in a wait-for cycle the JVM itself detects"
                    + " (ThreadMXBean.findDeadlockedThreads): none of them can ever leave it\n"), run.toString());
            assertTrue(run.out().contains("THREAD SUSPECT: \"bystander\""), run.toString());
        }
    }

    @Test
    void aCleanJvmHasNone() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, ParkedConsumer.class, "--clean").awaitReady()) {
            CommandRun run = CommandRun.of("check", child.pidArg(), "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
            assertTrue(run.out().startsWith("threadleak: 0 leaks in jvm"), run.toString());
        }
    }

    @Test
    void aCleanJvmWithTheAgentFromTheStartHasNone() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, ParkedConsumer.class, "--clean").awaitReady()) {
            CommandRun run = CommandRun.of("check", child.pidArg(), "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
        }
    }

    /**
     * A running server's idle pool workers and what a class initializer started are its normal
     * state, not leaks: the check of a healthy server must pass, or nobody runs it twice. A
     * consumer beside them, parked on a queue nobody feeds, is still suspect.
     */
    @Test
    void aServersIdleWorkersAndAClassInitializersThreadAreNotLeaks() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, ServerAtRest.class).awaitReady()) {
            CommandRun run = CommandRun.of("check", child.pidArg(), "--min-age", "0s");
            assertEquals(1, run.exitCode(), run.toString());
            assertTrue(run.out().startsWith("threadleak: 1 suspect in jvm"), run.toString());
            assertTrue(run.out().contains("THREAD SUSPECT: \"consumer\""), run.toString());
            assertTrue(run.out().contains("note: not shown, as a running JVM's normal state: 5 idle workers of pools "
                    + "or Cleaners, waiting for their next task, and 1 thread made by a static initializer"), run.toString());
        }
        try (ChildProcess clean = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, ServerAtRest.class, "--clean").awaitReady()) {
            CommandRun run = CommandRun.of("check", clean.pidArg(), "--min-age", "0s");
            assertEquals(0, run.exitCode(), run.toString());
        }
    }

    /** Attached late, the workers have no creation site, and their stacks still say they are idle. */
    @Test
    void idleWorkersThatPredateALateAttachAreNotLeaksEither() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, ServerAtRest.class).awaitReady()) {
            CommandRun run = CommandRun.of("check", child.pidArg(), "--min-age", "0s");
            assertTrue(run.out().contains("5 idle workers of pools or Cleaners"), run.toString());
            assertTrue(run.out().contains("\"consumer\""), run.toString());
            assertTrue(!run.out().contains("http-exec-"), run.toString());
        }
    }

    /**
     * ZooKeeper's trial: an idle server's request pipeline, each stage parked on its queue, and
     * {@code main} on its shutdown latch, failed {@code check} as suspects. Without the proof a
     * note says what they are and what tells them apart; with it, waits a static field or a running
     * thread can still serve are left out, and a wait nothing can serve still fails.
     */
    @Test
    void suspectsTheProofFindsServableAreNoLeaksAndOneNothingCanServeStillIs() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, GroupsOfWaiters.class, "0", "3").awaitReady()) {
            CommandRun guessed = CommandRun.of("check", child.pidArg(), "--min-age", "0s");
            assertEquals(1, guessed.exitCode(), guessed.toString());
            assertTrue(guessed.out().contains("\nnote: 3 suspects are parked with whoever could serve them unknown:"
                    + " --prove finds from the heap which can never be served, and leaves out those a running thread or"
                    + " a static field can still serve"), guessed.toString());

            CommandRun proven = CommandRun.of("check", child.pidArg(), "--min-age", "0s", "--prove");
            assertEquals(0, proven.exitCode(), proven.toString());
            assertTrue(proven.out().startsWith("threadleak: 0 leaks in jvm"), proven.toString());
            assertTrue(proven.out().contains("note: " + ProveIT.servableNote(3)), proven.toString());
        }
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, ForgottenReplyAndSlowProducer.class).awaitReady()) {
            CommandRun proven = CommandRun.of("check", child.pidArg(), "--min-age", "0s", "--prove");
            assertEquals(1, proven.exitCode(), proven.toString());
            assertTrue(proven.out().contains("THREAD BLOCKED_FOREVER: \"replier\""), proven.toString());
            assertTrue(!proven.out().contains("\"consumer\""), proven.toString());
        }
    }

    @Test
    void aBaselineOfKnownLeaksPassesUntilTheyGrow() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, ParkedConsumer.class).awaitReady()) {
            CommandRun json = CommandRun.of("check", child.pidArg(), "--min-age", "0s", "--format", "json");
            assertEquals(1, json.exitCode(), json.toString());
            assertEquals(1, ReportJson.read(json.out()).leakCount(), json.out());
            Path known = Files.writeString(dir.resolve("known.json"), json.out());

            CommandRun same = CommandRun.of("check", child.pidArg(), "--min-age", "0s", "--baseline", known.toString());
            assertEquals(0, same.exitCode(), same.toString());
            assertTrue(same.out().startsWith("threadleak: no leaks beyond the baseline `" + known + "`"), same.toString());

            Path none = Files.writeString(dir.resolve("none.json"), LeakReport.of(new JvmInfo(1, "17", JvmInfo.AGENT),
                    new ScopeInfo("jvm", "live"), List.of(), null, null, null).toJson());
            CommandRun grew = CommandRun.of("check", child.pidArg(), "--min-age", "0s", "--baseline", none.toString());
            assertEquals(1, grew.exitCode(), grew.toString());
            assertTrue(grew.out().contains("\n    +1 THREAD " + ParkedConsumer.class.getName() + ".main("), grew.toString());
            assertTrue(grew.out().contains("THREAD SUSPECT: \"consumer\""), grew.toString());

            CommandRun grewJson = CommandRun.of("check", child.pidArg(), "--min-age", "0s", "--baseline", none.toString(),
                    "--format", "json");
            assertEquals(1, grewJson.exitCode(), grewJson.toString());
            assertEquals(1, ReportJson.read(grewJson.out()).baseline().beyond(), grewJson.out());
        }
    }

    /**
     * A baseline made with the proof left out an idle pipeline's waits, which a check without it
     * counts: it must say so, or the gate fails on leaks nobody added.
     */
    @Test
    void aBaselineJudgedWithTheProofAndACheckWithoutItSaySo() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, GroupsOfWaiters.class, "0", "3").awaitReady()) {
            CommandRun proven = CommandRun.of("check", child.pidArg(), "--min-age", "0s", "--prove", "--format", "json");
            assertEquals(0, proven.exitCode(), proven.toString());
            Path known = Files.writeString(dir.resolve("known.json"), proven.out());

            CommandRun unproven = CommandRun.of("check", child.pidArg(), "--min-age", "0s", "--baseline", known.toString());
            assertEquals(1, unproven.exitCode(), unproven.toString());
            assertTrue(unproven.out().contains("\nnote: the baseline `" + known + "` was judged with the heap proof"
                    + " (--prove) and this check without it: waits the proof found still served were left out of the"
                    + " baseline and count here; give --prove to compare like with like"), unproven.toString());

            CommandRun alike = CommandRun.of("check", child.pidArg(), "--min-age", "0s", "--prove", "--baseline",
                    known.toString());
            assertEquals(0, alike.exitCode(), alike.toString());
            assertTrue(!alike.out().contains("judged with the heap proof"), alike.toString());

            Path guessed = Files.writeString(dir.resolve("guessed.json"), CommandRun.of("check", child.pidArg(),
                    "--min-age", "0s", "--format", "json").out());
            CommandRun stricter = CommandRun.of("check", child.pidArg(), "--min-age", "0s", "--prove", "--baseline",
                    guessed.toString());
            assertEquals(0, stricter.exitCode(), stricter.toString());
            assertTrue(stricter.out().contains("\nnote: this check was judged with the heap proof (--prove) and the"
                    + " baseline `" + guessed + "` without it"), stricter.toString());
        }
    }

    @Test
    void aBaselineThatIsNotAReportIsRefusedBeforeAnyJvmIsAsked() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"name\": \"left-pad\"}");
        CommandRun run = CommandRun.of("check", "999999", "--baseline", bad.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals("threadleak check: " + bad + ": not a threadleak report: schema is missing, expected 'threadleak/1';"
                + " give a threadleak JSON report (schema 'threadleak/1'), e.g. from 'threadleak dump PID --format json -o"
                + " FILE'", run.err().strip());
    }
}
