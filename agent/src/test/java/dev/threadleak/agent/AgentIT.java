package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.agent.programs.CleanProgram;
import dev.threadleak.agent.programs.CleanersAtExitProgram;
import dev.threadleak.agent.programs.HookStopsWorkerProgram;
import dev.threadleak.agent.programs.InitializerWatcherProgram;
import dev.threadleak.agent.programs.IdlingPoolAtExitProgram;
import dev.threadleak.agent.programs.IgnoredInterruptProgram;
import dev.threadleak.agent.programs.LeakyThreadProgram;
import dev.threadleak.agent.programs.NettyShutdownAtExitProgram;
import dev.threadleak.agent.programs.ShutDownPoolAtExitProgram;
import dev.threadleak.agent.programs.NonDaemonLingerProgram;
import dev.threadleak.agent.programs.ParkedConsumersProgram;
import dev.threadleak.agent.programs.ScopeProgram;
import dev.threadleak.agent.programs.ShutdownHookProgram;
import dev.threadleak.agent.programs.UncaughtProgram;
import dev.threadleak.agent.programs.VirtualLeakProgram;
import dev.threadleak.report.Death;
import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ProofNotes;
import dev.threadleak.report.ReportJson;
import dev.threadleak.report.Verdict;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The agent, for real, in child JVMs: each test runs a small program and reads its report. */
class AgentIT {

    @TempDir
    Path dir;

    /**
     * Start-up is the application's. Before a program's main class loads, the agent has loaded
     * neither ASM (the hook calls are patched into the JDK's class files) nor the reports' classes
     * (made on first use, and with no report option there is no reporter); nor does ASM load while
     * the program's pool, queues and futures are woven as their classes load.
     */
    @Test
    void aProgramThatAsksForNoReportStartsWithoutAsmOrTheReportsClasses() throws Exception {
        Path log = dir.resolve("classes.log");
        ChildRun run = ChildJvm.onThisJdk().jvmArg("-Xlog:class+load=info:file=" + log).agent("")
                .run(dir, CleanProgram.class);
        assertEquals(0, run.exitCode(), run.stderr());

        List<String> loaded = Files.readAllLines(log);
        int main = indexOf(loaded, CleanProgram.class.getName());
        List<String> beforeMain = loaded.subList(0, main);
        assertTrue(indexOf(beforeMain, "dev.threadleak.agent.weaving.ClassFilePatch") >= 0, "the patch wove at premain");
        assertEquals(List.of(), beforeMain.stream().filter(l -> l.contains(" dev.threadleak.agent.reporting.")).toList(),
                "no report class before main");
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" dev.threadleak.shaded.asm.")).toList(),
                "no ASM class at all");
    }

    /** The index of the line that logs the loading of class {@code name}. */
    private static int indexOf(List<String> loaded, String name) {
        for (int i = 0; i < loaded.size(); i++) {
            if (loaded.get(i).contains(" " + name + " ")) {
                return i;
            }
        }
        return -1;
    }

    private Path reportFile() {
        return dir.resolve("report.json");
    }

    private String fileReport(String more) {
        return "format=json,report=" + reportFile() + (more.isEmpty() ? "" : "," + more);
    }

    @Test
    void aShutdownHookStillRunningAsTheExitReportIsTakenIsNoLeak() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("on-exit=true"))
                .run(dir, ShutdownHookProgram.class, reportFile().toString());

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(reportFile());
        assertTrue(report.leaks().stream().noneMatch(l -> l.thread() != null && l.thread().name().equals("slow-hook")),
                "the hooks are the exit itself: " + report.toText());
    }

    /** What the application's own hook stops as the JVM exits is not left running: the report waits for the hooks. */
    @Test
    void aWorkerTheApplicationsShutdownHookStopsIsNoLeakAtExit() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("on-exit=true")).run(dir, HookStopsWorkerProgram.class);

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(reportFile());
        assertTrue(report.leaks().stream().noneMatch(l -> l.thread() != null
                && l.thread().name().equals("appender-worker")), "stopped by its hook: " + report.toText());
    }

    /**
     * A server stopped without waiting for its event loop as the JVM exits (sofa-jraft's RPC
     * servers): the loop sleeping in Netty's quiet period ends it by itself; a note counts it.
     */
    @Test
    void aThreadInNettysGracefulShutdownIsNotCountedAtExit() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("on-exit=true")).run(dir, NettyShutdownAtExitProgram.class);

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(reportFile());
        assertEquals(List.of("left-running"), report.leaks().stream().map(l -> l.thread().name()).toList(),
                report.toText());
        assertTrue(report.notes().contains("not counted: 1 thread in Netty's graceful shutdown (SingleThreadEventExecutor"
                + ".confirmShutdown), which ends it once its quiet period passes without a task; stopped without "
                + "waiting for it as the JVM exited"), report.toText());
    }

    /**
     * HikariCP's trial: a pool never shut down whose workers time out once idle was a leak when the
     * JVM exited before its keep-alive ran out, and none after. It is counted in a note, either way.
     */
    @Test
    void atExitAPoolWhoseIdleWorkersEndByThemselvesIsNotCountedAndOneThatKeepsItsWorkerIs() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("on-exit=true")).run(dir, IdlingPoolAtExitProgram.class);

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(reportFile());
        List<Leak> pools = report.leaks().stream().filter(l -> l.kind() == LeakKind.EXECUTOR).toList();
        assertEquals(1, pools.size(), report.toText());
        assertEquals(List.of("keeping-worker"), pools.get(0).executor().workers().stream().map(w -> w.name()).toList());
        assertTrue(report.notes().stream().anyMatch(n -> n.matches("not counted: 1 executor never shut down that runs "
                + "and holds nothing, whose idle workers end by themselves, as a check that waited for them would "
                + "find: java\\.util\\.concurrent\\.ThreadPoolExecutor@\\p{XDigit}+ \\(idle workers end after .*\\)")),
                report.toText());
    }

    /** Vert.x's trial, prove=true: "heap proof not run: ..." under "0 leaks" said nothing worth a line. */
    @Test
    void aCleanExitReportSaysNothingOfAProofThatDidNotRun() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("on-exit=true,prove=true")).run(dir, CleanProgram.class);

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(reportFile());
        assertEquals(List.of(), report.leaks(), report.toText());
        List<String> notes = report.notes() == null ? List.of() : report.notes(); // absent when there is none
        assertTrue(notes.stream().noneMatch(n -> n.startsWith(ProofNotes.NOT_RUN)), report.toText());
    }

    /**
     * Vert.x's trial: its one Cleaner, made on first use into a static field, was a leak at every
     * test JVM's exit. Two made at one place still are.
     */
    @Test
    void atExitTheThreadOfACleanerMadeAloneWhereItWasIsNotCountedAndThoseMadeSeveralAtOnePlaceAre() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("on-exit=true")).run(dir, CleanersAtExitProgram.class);

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(reportFile());
        List<Leak> cleaners = report.leaks().stream().filter(l -> l.thread() != null).toList();
        assertEquals(2, cleaners.stream().mapToInt(Leak::count).sum(), report.toText());
        for (Leak leak : cleaners) {
            assertTrue(leak.createdAt().stream().anyMatch(f -> f.method().equals("main")), report.toText());
        }
        assertTrue(report.notes().stream().anyMatch(n -> n.matches("not counted: the thread of 1 Cleaner, the only "
                + "one made where it was, as one for the whole JVM is; a Cleaner's thread ends only once its "
                + "Cleaner is collected: \"Cleaner-\\d+\" #\\d+, made at "
                + CleanersAtExitProgram.class.getName().replace(".", "\\.")
                + "\\.sharedCleaner\\(CleanersAtExitProgram\\.java:\\d+\\)")), report.toText());
    }

    /**
     * Its worker is told through its pool, which was shut down, and its task has no record
     * (tasks=scoped, no scope ever opened: a JUnit 4 suite): the exit report said nothing of it
     * (zt-exec's trial).
     */
    @Test
    void aPoolShutDownButStillRunningATaskAtExitIsReported() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("on-exit=true")).run(dir, ShutDownPoolAtExitProgram.class);

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(reportFile());
        Leak pool = report.leaks().stream().filter(l -> l.kind() == LeakKind.EXECUTOR).findFirst()
                .orElseThrow(() -> new AssertionError(report.toText()));
        assertTrue(pool.reason().startsWith("shut down, but still running a task when the JVM exited"), report.toText());
        assertTrue(report.toText().contains("process-waiter"), report.toText());
    }

    /**
     * Sentinel's trial: a task that swallows the interrupt of its pool's shutdownNow() and goes
     * on, with no record of its own, was "lost work"; shutdownNow() interrupted it, a fact.
     */
    @Test
    void aPoolStoppedWithShutdownNowStillRunningATaskAtExitIgnoresCancellation() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("on-exit=true"))
                .run(dir, ShutDownPoolAtExitProgram.class, "shutdown-now-ignored");

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(reportFile());
        Leak pool = report.leaks().stream().filter(l -> l.kind() == LeakKind.EXECUTOR).findFirst()
                .orElseThrow(() -> new AssertionError(report.toText()));
        assertEquals(Verdict.IGNORES_CANCELLATION, pool.verdict(), report.toText());
        assertTrue(pool.reason().matches("stopped with shutdownNow\\(\\) [\\d.]+ m?s ago at "
                + Pattern.quote(ShutDownPoolAtExitProgram.class.getName()) + "\\.main\\(.*\\), which interrupts its "
                + "workers, and still running a task when the JVM exited: the interrupt did not end it .*"), pool.reason());
    }

    /**
     * Sentinel's trial: a server's pool a static initializer made, its loop submitted and the pool
     * shut down, was listed at exit, where its sibling never shut down was counted in the note.
     */
    @Test
    void aPoolAStaticInitializerMadeAndShutDownWhileItRunsIsCountedNotListed() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("on-exit=true"))
                .run(dir, ShutDownPoolAtExitProgram.class, "in-initializer");

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(reportFile());
        assertEquals(List.of(), report.leaks(), report.toText());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains(ShutDownPoolAtExitProgram.class.getName()
                + "$CommandCenter's 1 executor")), String.valueOf(report.notes()));
    }

    /**
     * Shiro's trial: Log4j's configuration watcher, a periodic task a class's static initializer
     * scheduled on the pool it made, was "1 leak" at exit whose reason said no test is blamed for it,
     * beside a note that counted its pool. Both are counted now, as what initializers made.
     */
    @Test
    void aTaskAStaticInitializerSubmittedIsCountedNotListed() throws Exception {
        // a record for every task, as a scope (the JUnit extension's) makes for what runs while it is open
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("on-exit=true,tasks=all"))
                .run(dir, InitializerWatcherProgram.class);

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(reportFile());
        assertEquals(List.of(), report.leaks(), report.toText());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("not counted: 1 executor and 1 task made by static "
                + "initializers") && n.endsWith(InitializerWatcherProgram.class.getName() + "$ConfigWatcher's 1 executor, "
                + "1 task")), String.valueOf(report.notes()));
    }

    /**
     * MINA's trial: a datagram acceptor disposed in a test's tearDown, its loop in a 1 s back-off,
     * was "still running a task when the JVM exited: lost work" in one run of two, by how far it had
     * got when the JVM exited 0.5 s later. A pool told to stop is waited for, as a check waits.
     */
    @Test
    void aPoolShutDownWhoseTaskEndsSoonAfterTheExitBeginsIsNotReported() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("on-exit=true")).run(dir, ShutDownPoolAtExitProgram.class,
                "500");

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(reportFile());
        assertEquals(0, report.leakCount(), report.toText());
    }

    /**
     * MINA's trial: a pool never shut down whose worker was stuck for good, one half of a deadlock
     * between two pools, read "1 active" in the on-exit report, with no task to show where: with no
     * scope ever open, its task had no record. The executor shows a running worker's stack.
     */
    @Test
    void aPoolLeftRunningATaskAtExitShowsWhereItsWorkerIs() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("on-exit=true")).run(dir, ShutDownPoolAtExitProgram.class,
                "never-shut-down");

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(reportFile());
        Leak pool = report.leaks().stream().filter(l -> l.kind() == LeakKind.EXECUTOR).findFirst()
                .orElseThrow(() -> new AssertionError(report.toText()));
        assertEquals("never shut down", pool.reason(), report.toText());
        assertTrue(pool.stack().stream().anyMatch(f -> f.className().startsWith(ShutDownPoolAtExitProgram.class.getName())),
                report.toText());
    }

    @Test
    void leakedThreadIsReportedWithItsCreatorAndTheHelperThatStartedIt() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("on-exit=true")).run(dir, LeakyThreadProgram.class);

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(reportFile());
        Leak leak = only(report, "orphan-consumer");
        assertEquals(LeakKind.THREAD, leak.kind());
        assertEquals(Verdict.LEAKED, leak.verdict());
        assertEquals("main", leak.createdBy().name());
        assertEquals("WAITING", leak.thread().state());
        assertFalse(leak.thread().daemon());
        Frame first = leak.createdAt().get(0);
        assertEquals(LeakyThreadProgram.class.getName() + ".startConsumer", first.qualifiedMethod(),
                "the creation stack starts at the caller of Thread.start: " + leak.createdAt());
        assertTrue(leak.stack().stream().anyMatch(f -> f.qualifiedMethod().endsWith("LinkedBlockingQueue.take")),
                "the current stack shows where it waits: " + leak.stack());
        assertFalse(leak.currentStackCut(), "a parked consumer's stack fits in the default depth: " + leak.stack());
        assertEquals("agent", report.jvm().mode());
    }

    /**
     * LeakyThreadProgram starts its thread two frames down (startConsumer, main): stack-depth=1
     * cuts that stack, and both forms say so; stack-depth=2 keeps it whole, and nothing says "cut".
     */
    @Test
    void aCreationStackCutAtStackDepthIsSaidToBeCutAndOneThatFitsIsNot() throws Exception {
        ChildJvm.onThisJdk().agent(fileReport("on-exit=true,stack-depth=1")).run(dir, LeakyThreadProgram.class);
        Leak cut = only(ChildJvm.report(reportFile()), "orphan-consumer");
        ChildRun text = ChildJvm.onThisJdk().agent("on-exit=true,stack-depth=1").run(dir, LeakyThreadProgram.class);
        ChildJvm.onThisJdk().agent(fileReport("on-exit=true,stack-depth=2")).run(dir, LeakyThreadProgram.class);
        Leak whole = only(ChildJvm.report(reportFile()), "orphan-consumer");

        assertEquals(1, cut.createdAt().size(), cut.createdAt().toString());
        assertTrue(cut.creationStackCut(), "main's frame was cut: " + cut);
        assertEquals(1, cut.stack().size(), cut.stack().toString());
        assertTrue(cut.currentStackCut(), "its current stack, parked in take(), was cut too: " + cut);
        assertTrue(text.stderr().contains("    " + LeakyThreadProgram.class.getName()
                + ".startConsumer(LeakyThreadProgram.java:20)\n    ... cut at 1 frame (stack-depth=1)\n"), text.stderr());
        assertEquals(2, whole.createdAt().size(), whole.createdAt().toString());
        assertFalse(whole.creationStackCut(), "exactly stack-depth frames, and nothing below: " + whole);
    }

    @Test
    void reportFileIsReadableByItsOwnerOnly() throws Exception {
        ChildJvm.onThisJdk().agent(fileReport("on-exit=true")).run(dir, LeakyThreadProgram.class);

        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(reportFile()));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aReportToALinkToTheJvmsStderrGoesThereAndTheLinkStays() throws Exception {
        // What /dev/stderr is, made in the test's own directory: had the link been replaced, only this one would be.
        Path stderr = Files.createSymbolicLink(dir.resolve("stderr-link"), Path.of("/proc/self/fd/2"));

        ChildRun run = ChildJvm.onThisJdk().agent("on-exit=true,report=" + stderr).run(dir, LeakyThreadProgram.class);

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().startsWith("threadleak: 1 leak in jvm `at exit`"), run.stderr());
        assertTrue(run.stderr().contains("THREAD LEAKED: \"orphan-consumer\""), run.stderr());
        assertTrue(Files.isSymbolicLink(stderr), "still a link");
        assertEquals(Path.of("/proc/self/fd/2"), Files.readSymbolicLink(stderr));
        assertEquals(Set.of("stderr-link"), namesBeside(run), "nothing made beside it");
    }

    @Test
    void aReportToADirectoryIsRefusedInOneLineAndNothingIsMadeBesideIt() throws Exception {
        Path reports = Files.createDirectory(dir.resolve("reports"));

        ChildRun run = ChildJvm.onThisJdk().agent("on-exit=true,report=" + reports).run(dir, LeakyThreadProgram.class);

        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("program output", run.stdout().strip());
        assertEquals("threadleak: cannot write the report to " + reports + ": is a directory; give a regular file"
                + " or a new path (replaced atomically), or a device or FIFO (written in place)", run.stderr().strip());
        assertEquals(Set.of("reports"), namesBeside(run));
        assertEquals(Set.of(), names(reports));
    }

    @Test
    void textReportOnStderrNamesTheThreadAndTheHelper() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent("on-exit=true").run(dir, LeakyThreadProgram.class);

        assertTrue(run.stderr().startsWith("threadleak: 1 leak in jvm `at exit`"), run.stderr());
        assertTrue(run.stderr().contains("THREAD LEAKED: \"orphan-consumer\""), run.stderr());
        assertTrue(run.stderr().contains("LeakyThreadProgram.startConsumer(LeakyThreadProgram.java:"), run.stderr());
    }

    @Test
    void cleanProgramReportsNothingAndTheAgentPrintsNothing() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("on-exit=true")).run(dir, CleanProgram.class);

        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stderr(), "no warning of ours, no CDS or Unsafe message");
        LeakReport report = ChildJvm.report(reportFile());
        assertEquals(List.of(), report.leaks(), report.toText());
        assertTrue(report.stats().threadsStarted() >= 3, "the program's threads were seen: " + report.stats());
    }

    @Test
    void threadThatDiedOfAnUncaughtExceptionIsRecordedAsSuch() throws Exception {
        ChildJvm.onThisJdk().agent(fileReport("on-exit=true")).run(dir, UncaughtProgram.class);

        LeakReport report = ChildJvm.report(reportFile());
        assertNotNull(report.deaths(), report.toText());
        Death death = report.deaths().get(0);
        assertEquals("debug-server", death.thread().name());
        assertEquals(IllegalStateException.class.getName(), death.exceptionType());
        assertEquals("port already in use", death.exceptionMessage());
        assertEquals(UncaughtProgram.class.getName() + ".main", death.createdAt().get(0).qualifiedMethod());
        assertEquals("a lambda of " + UncaughtProgram.class.getName(), death.handledBy(),
                "the default handler the program set took it");
        assertFalse(death.madeOnAnotherThread(), "its own stack begins in its run: " + death.exceptionStack());
        assertTrue(report.toText().contains("  thrown at:\n    " + UncaughtProgram.class.getName() + ".lambda$main$"),
                report.toText());

        Death flusher = report.deaths().get(1);
        assertEquals("flush-thread", flusher.thread().name());
        assertTrue(flusher.madeOnAnotherThread(), "main made it: " + flusher.exceptionStack());
        assertTrue(report.toText().contains("  its exception was made on another thread, which this one threw later, at:\n    " + UncaughtProgram.class.getName()
                + ".main("), report.toText());
    }

    @Test
    void leakedVirtualThreadsAreReportedAndGroupedBySite() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        ChildJvm.onThisJdk().agent(fileReport("on-exit=true")).run(dir, VirtualLeakProgram.class, "50");

        LeakReport report = ChildJvm.report(reportFile());
        List<Leak> virtual = report.leaks().stream().filter(l -> l.kind() == LeakKind.VIRTUAL_THREAD).toList();
        assertEquals(1, virtual.size(), report.toText());
        assertEquals(50, virtual.get(0).count());
        assertEquals(VirtualLeakProgram.class.getName() + ".spawnWaiters",
                virtual.get(0).createdAt().get(0).qualifiedMethod());
        assertEquals(50, report.stats().liveVirtualThreads());
    }

    @Test
    void exitWatchNamesTheNonDaemonThreadThatKeepsTheJvmAlive() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(fileReport("exit-watch=300ms"))
                .run(dir, NonDaemonLingerProgram.class, reportFile().toString());

        assertEquals(0, run.exitCode());
        LeakReport report = ChildJvm.report(reportFile());
        assertEquals("exit-watch", report.scope().kind());
        assertTrue(report.scope().name().contains("the JVM cannot exit"), report.scope().name());
        Leak leak = only(report, "background-flusher");
        assertEquals(Verdict.SUSPECT, leak.verdict());
        assertTrue(leak.reason().contains("after main returned"), leak.reason());
        assertEquals(NonDaemonLingerProgram.class.getName() + ".startBackgroundFlusher",
                leak.createdAt().get(0).qualifiedMethod());
    }

    @Test
    void intervalReportShowsOldWaitingThreadsAsSuspect() throws Exception {
        ChildJvm.onThisJdk().agent(fileReport("interval=100ms,min-age=0s"))
                .run(dir, ParkedConsumersProgram.class, "2", reportFile().toString(), "fresh");

        LeakReport report = ChildJvm.report(reportFile());
        assertEquals("live", report.scope().name());
        Set<Verdict> verdicts = report.leaks().stream().map(Leak::verdict).collect(Collectors.toSet());
        assertEquals(Set.of(Verdict.SUSPECT), verdicts, report.toText());
    }

    @Test
    void recordsAreBoundedAndTheDroppedOnesCounted() throws Exception {
        ChildJvm.onThisJdk().agent(fileReport("on-exit=true,max-records=20"))
                .run(dir, ParkedConsumersProgram.class, "40");

        LeakReport report = ChildJvm.report(reportFile());
        assertTrue(report.stats().droppedRecords() > 0, report.stats().toString());
        assertTrue(report.leakCount() < 40, "only what fits the bound is tracked: " + report.leakCount());
    }

    @Test
    void badOptionIsOneLineAndTheProgramRunsOn() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent("on-exit=maybe").run(dir, LeakyThreadProgram.class);

        assertEquals(0, run.exitCode());
        assertEquals("program output", run.stdout().strip());
        assertEquals("threadleak: bad value 'maybe' for option 'on-exit': expected true or false; "
                + "the agent is not installed", run.stderr().strip());
    }

    @Test
    void unknownOptionNamesTheKnownOnes() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent("colour=blue").run(dir, LeakyThreadProgram.class);

        assertEquals("program output", run.stdout().strip());
        assertTrue(run.stderr().strip().startsWith("threadleak: unknown option 'colour'; known: report, format, "),
                run.stderr());
        assertEquals(1, run.stderr().strip().lines().count(), run.stderr());
    }

    @Test
    void scopeReportsWhatItStartedDirectlyOrNotAndWaitsForLingeringThreads() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent("").run(dir, ScopeProgram.class);

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ReportJson.read(run.stdout());
        Set<String> names = report.leaks().stream().map(l -> l.thread().name()).collect(Collectors.toSet());
        assertEquals(Set.of("grandchild-leak"), names, report.toText());
        assertEquals("parent", report.leaks().get(0).createdBy().name());
    }

    @Test
    void aThreadTheCodeInterruptedThatStillRunsIgnoresCancellationAndSaysWhoInterruptedItWhere() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent("").run(dir, IgnoredInterruptProgram.class);

        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ReportJson.read(run.stdout());
        String by = "interrupted [\\d.]+ m?s ago by \"main\" #\\d+ at "
                + "dev\\.threadleak\\.agent\\.programs\\.IgnoredInterruptProgram\\.main\\(IgnoredInterruptProgram\\.java:\\d+\\)"
                + ", and still alive";
        Leak swallower = only(report, "swallower");
        assertEquals(Verdict.IGNORES_CANCELLATION, swallower.verdict(), report.toText());
        assertTrue(swallower.reason().matches(by + ": it saw the interrupt and went on"), swallower.reason());
        Leak blocked = only(report, "blocked-entering");
        assertEquals(Verdict.IGNORES_CANCELLATION, blocked.verdict(), report.toText());
        assertTrue(blocked.reason().matches(by + " with the interrupt pending: it waits to enter a monitor, which an "
                + "interrupt does not end"), blocked.reason());
        Leak uninterruptible = only(report, "uninterruptible");
        assertEquals(Verdict.IGNORES_CANCELLATION, uninterruptible.verdict(), report.toText());
        assertTrue(uninterruptible.reason().matches(by + ": it is in a wait an interrupt does not end"),
                uninterruptible.reason()); // the wait clears the flag as it goes on waiting
        Leak spinner = only(report, "spinner"); // its flag is set or clear by where its loop is as it is read
        assertEquals(Verdict.IGNORES_CANCELLATION, spinner.verdict(), report.toText());
        assertTrue(spinner.reason().matches(by + "(: it saw the interrupt and went on| with the interrupt pending)"),
                spinner.reason());
        if (Runtime.version().feature() >= 21) {
            Leak virtual = only(report, "virtual-swallower");
            assertEquals(Verdict.IGNORES_CANCELLATION, virtual.verdict(), report.toText());
            assertTrue(virtual.reason().matches(by + ": it saw the interrupt and went on"), virtual.reason());
        }
        // a future's cancel(true) interrupts for its task, and a thread's own interrupt asks nothing
        assertEquals(Verdict.LEAKED, only(report, "cancelled-by-future").verdict(), report.toText());
        assertEquals(Verdict.LEAKED, only(report, "self-interrupted").verdict(), report.toText());
    }

    /** What is in the test's directory beside the files that hold the child's output. */
    private Set<String> namesBeside(ChildRun run) throws IOException {
        Set<String> names = new HashSet<>(names(dir));
        run.outputFiles().forEach(f -> names.remove(f.getFileName().toString()));
        return names;
    }

    private static Set<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static Leak only(LeakReport report, String threadName) {
        List<Leak> matching = report.leaks().stream().filter(l -> threadName.equals(l.thread().name())).toList();
        assertEquals(1, matching.size(), report.toText());
        return matching.get(0);
    }
}
