package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.tools.attach.VirtualMachine;
import dev.threadleak.agent.programs.LateLeakProgram;
import dev.threadleak.agent.programs.ParkedConsumersProgram;
import dev.threadleak.agent.programs.PoolBeforeAgentProgram;
import dev.threadleak.agent.programs.VirtualBeforeAgentProgram;
import dev.threadleak.agent.programs.VirtualRecordsProgram;
import dev.threadleak.io.Deadline;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.testsupport.BuildOutput;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import dev.threadleak.testsupport.ChildRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** agentmain: attached to a running JVM, the agent knows the threads that predate it as such. */
class LateAttachIT {

    @TempDir
    Path dir;

    @Test
    void threadsThatPredateALateAttachAreReportedAsPreExisting() throws Exception {
        Path report = dir.resolve("report.json");
        Path go = dir.resolve("go");
        ChildRun run;
        // attached before the consumers start, they would not predate it; and attached as the child
        // JVM was still starting, one JDK 17 load failed in the JDK with a NullPointerException
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, ParkedConsumersProgram.class, "3", go.toString())
                .awaitReady()) {
            loadAgent(child, "on-exit=true,format=json,report=" + report);
            Files.createFile(go);
            run = child.awaitExit(Duration.ofSeconds(30));
        }
        assertEquals("", run.stderr(), "late attach prints nothing of ours (and no JVM warning with the flag)");
        LeakReport parsed = ChildJvm.report(report);
        List<Leak> consumers = parsed.leaks().stream()
                .filter(l -> l.members() != null ? l.members().stream().anyMatch(m -> m.name().startsWith("consumer-"))
                        : l.thread().name().startsWith("consumer-"))
                .toList();
        assertEquals(1, consumers.size(), parsed.toText());
        assertEquals(3, consumers.get(0).count(), "pre-existing threads parked at one place group: " + parsed.toText());
        assertTrue(consumers.get(0).preExisting());
        assertEquals("java.util.concurrent.ArrayBlockingQueue.take", consumers.get(0).blockedOn().operation(),
                "a thread parked before the attach: its wait is inferred from its stack");
        assertEquals(null, consumers.get(0).blockedOn().sinceMillis(), "we did not see that wait begin");
        assertTrue(parsed.notes().stream().anyMatch(n -> n.contains("attached to a running JVM")), parsed.toText());
        assertTrue(parsed.jvm().agentAttached(), "the header says how the agent came: " + parsed.toText());
        assertEquals("agent", parsed.jvm().mode(), "the mode keeps its values for the readers that compare it");
    }

    /** The note on pre-existing threads would be noise in a report without one. */
    @Test
    void aReportAfterALateAttachWithoutALeakFromBeforeItLeavesOutTheNoteOnThem() throws Exception {
        LeakReport parsed = atExitAfterLateAttach(LateLeakProgram.class);

        assertTrue(parsed.leaks().stream().anyMatch(l -> l.thread() != null
                && l.thread().name().equals("orphan-consumer") && !l.preExisting()), parsed.toText());
        assertEquals(List.of(), parsed.leaks().stream().filter(Leak::preExisting).toList(), parsed.toText());
        assertTrue(parsed.notes() == null || parsed.notes().stream().noneMatch(n -> n.contains("pre-existing")),
                parsed.toText());
        assertTrue(parsed.toText().contains(", mode agent (attached), "), parsed.toText());
    }

    @Test
    void executorsThatPredateALateAttachAreKnownThroughTheirWorkers() throws Exception {
        LeakReport parsed = atExitAfterLateAttach(PoolBeforeAgentProgram.class);
        List<Leak> executors = parsed.leaks().stream().filter(l -> l.kind() == LeakKind.EXECUTOR).toList();
        assertEquals(2, executors.size(), parsed.toText());
        Leak pool = executors.stream().filter(l -> l.executor().type().endsWith("ThreadPoolExecutor")).findFirst().get();
        assertTrue(pool.preExisting());
        assertEquals(2, pool.executor().workers().size());
        assertEquals(List.of(), parsed.leaks().stream().filter(l -> l.kind() == LeakKind.THREAD).toList(),
                "pool workers are reported through their pool: " + parsed.toText());
    }

    @Test
    void virtualThreadsThatPredateALateAttachAreReportedAsPreExisting() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        LeakReport parsed = atExitAfterLateAttach(VirtualBeforeAgentProgram.class, "40");
        List<Leak> virtual = parsed.leaks().stream().filter(l -> l.kind() == LeakKind.VIRTUAL_THREAD).toList();
        assertEquals(1, virtual.size(), "parked at one place, they group: " + parsed.toText());
        assertEquals(40, virtual.get(0).count(), parsed.toText());
        assertTrue(virtual.get(0).preExisting(), parsed.toText());
        assertEquals(List.of(), virtual.get(0).createdAt(), "their creation site is unknown, not guessed");
        assertEquals("java.util.concurrent.CountDownLatch.await", virtual.get(0).blockedOn().operation(),
                "a virtual thread parked before the attach: its wait is inferred from its stack");
        assertEquals(40, parsed.stats().liveVirtualThreads());
        assertEquals(List.of(), parsed.leaks().stream().filter(l -> l.kind() == LeakKind.EXECUTOR).toList(),
                "no virtual thread is taken for a pool's worker: " + parsed.toText());
    }

    @Test
    void virtualThreadsStartedAfterALateAttachAreReportedWithTheirCreatorsAndSites() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        // Attached late, the continuation class is loaded already: the records are kept in the map.
        VirtualRecordsIT.assertVirtualLeaksReported(atExitAfterLateAttach(VirtualRecordsProgram.class, "30"));
    }

    /**
     * Starts {@code program} with {@code args} and the file it waits for, loads the agent once it
     * is ready, lets it exit, and reads the agent's report at exit.
     */
    private LeakReport atExitAfterLateAttach(Class<?> program, String... args) throws Exception {
        Path report = dir.resolve("report.json");
        Path go = dir.resolve("go");
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.add(go.toString());
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, program, arguments.toArray(String[]::new))
                .awaitReady()) {
            loadAgent(child, "on-exit=true,format=json,report=" + report);
            Files.createFile(go);
            child.awaitExit(Duration.ofSeconds(30));
        }
        return ChildJvm.report(report);
    }

    private static void loadAgent(ChildProcess child, String options) throws Exception {
        VirtualMachine vm = attachWhenReady(child.pid());
        try {
            vm.loadAgent(BuildOutput.agentJar().toAbsolutePath().toString(), options);
        } finally {
            vm.detach();
        }
    }

    /** The child's attach listener starts lazily: retry until it answers, for at most 20 s. */
    private static VirtualMachine attachWhenReady(long pid) throws Exception {
        Deadline deadline = Deadline.after(Duration.ofSeconds(20));
        while (true) {
            try {
                return VirtualMachine.attach(Long.toString(pid));
            } catch (Exception e) {
                if (deadline.hasPassed()) {
                    throw e;
                }
                deadline.sleep(Duration.ofMillis(50)); // the child JVM is still starting: nothing to wait on but time
            }
        }
    }
}
