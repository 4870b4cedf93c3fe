package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.agent.programs.VirtualLeakProgram;
import dev.threadleak.agent.programs.VirtualRecordsProgram;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a virtual thread's record is kept, and that reports read it from there: on its
 * continuation under {@code premain}, in the registry's map where the JDK does not list its
 * virtual threads ({@code -Djdk.trackAllThreads=false}). Late attach: {@code LateAttachIT}.
 */
class VirtualRecordsIT {

    @TempDir
    Path dir;

    @BeforeEach
    void virtualThreadsNeeded() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
    }

    @Test
    void underPremainRecordsAreKeptOnTheThreadsContinuations() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(options()).run(dir, VirtualRecordsProgram.class, "30");

        assertTrue(run.stdout().contains("kept continuations"), run.toString());
        assertVirtualLeaksReported(ChildJvm.report(dir.resolve("report.json")));
    }

    @Test
    void withoutTheJdkTrackingThemRecordsAreKeptInTheMap() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent(options()).jvmArg("-Djdk.trackAllThreads=false")
                .run(dir, VirtualRecordsProgram.class, "30");

        assertTrue(run.stdout().contains("kept shared map"), run.toString());
        assertVirtualLeaksReported(ChildJvm.report(dir.resolve("report.json")));
    }

    private String options() {
        return "on-exit=true,format=json,creation-stacks=all,report=" + dir.resolve("report.json");
    }

    /** 30 waiters from one site, and a virtual thread's child that names it as its creator. */
    static void assertVirtualLeaksReported(LeakReport report) {
        List<Leak> virtual = report.leaks().stream().filter(l -> l.kind() == LeakKind.VIRTUAL_THREAD).toList();
        Leak waiters = virtual.stream().filter(l -> l.count() == 30).findFirst().orElseThrow(
                () -> new AssertionError(report.toText()));
        assertEquals(VirtualLeakProgram.class.getName() + ".spawnWaiters", waiters.createdAt().get(0).qualifiedMethod());
        assertEquals("main", waiters.createdBy().name(), report.toText());
        assertTrue(waiters.ageMillis() >= 0 && !waiters.preExisting(), report.toText());
        Leak parent = virtual.stream().filter(l -> l.count() == 1 && l.createdBy().name().equals("main"))
                .findFirst().orElseThrow(() -> new AssertionError(report.toText()));
        Leak child = virtual.stream().filter(l -> l.createdBy().id() == parent.thread().id()).findFirst()
                .orElseThrow(() -> new AssertionError("the child names its virtual creator: " + report.toText()));
        assertTrue(child.createdAt().get(0).qualifiedMethod().startsWith(VirtualRecordsProgram.class.getName()),
                report.toText());
        assertEquals(32, report.stats().liveVirtualThreads(), report.toText());
    }
}
