package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.agent.programs.AbandonedConsumerProgram;
import dev.threadleak.agent.programs.DeadlockedStagesProgram;
import dev.threadleak.agent.programs.ForgottenReplyProgram;
import dev.threadleak.agent.programs.HeapKeptProgram;
import dev.threadleak.agent.programs.NoRoomToReadProgram;
import dev.threadleak.agent.programs.ReachableChannelsProgram;
import dev.threadleak.agent.programs.SharedPoolProgram;
import dev.threadleak.agent.programs.StuckPoolTaskProgram;
import dev.threadleak.agent.programs.VirtualFuturesProgram;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportJson;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heap proof ({@code prove=true}) on programs of the four shapes of the issue, and on waits someone can still end. */
class HeapProofIT {

    private static final Pattern TOOK = Pattern.compile("heap proof took (\\d+) ms");

    @TempDir
    Path dir;

    @Test
    void aReplySenderWhoseClientGaveUpIsBlockedForever() throws Exception {
        LeakReport report = run(ForgottenReplyProgram.class);

        Leak sender = thread(report, "reply-sender");
        assertEquals(Verdict.BLOCKED_FOREVER, sender.verdict(), report.toText());
        assertEquals("java.util.concurrent.SynchronousQueue.put", sender.blockedOn().operation());
        assertTrue(sender.blockedOn().why().startsWith("unreachable from every running thread"), sender.blockedOn().why());
        assertTrue(sender.blockedOn().why().contains("only this thread's own stack holds java.util.concurrent.SynchronousQueue@"),
                sender.blockedOn().why());
    }

    @Test
    void aConsumerWhoseProducerAndOwnerEndedIsBlockedForever() throws Exception {
        LeakReport report = run(AbandonedConsumerProgram.class);

        Leak consumer = thread(report, "consumer");
        assertEquals(Verdict.BLOCKED_FOREVER, consumer.verdict(), report.toText());
        assertEquals("java.util.concurrent.LinkedBlockingQueue.take", consumer.blockedOn().operation());
        assertTrue(consumer.blockedOn().why().contains("java.util.concurrent.LinkedBlockingQueue@"));
    }

    @Test
    void twoStagesWaitingForEachOtherAreDeadlockedBothListed() throws Exception {
        LeakReport report = run(DeadlockedStagesProgram.class);

        for (String stage : List.of("stage-a", "stage-b")) {
            Leak leak = thread(report, stage);
            assertEquals(Verdict.DEADLOCKED, leak.verdict(), report.toText());
            assertNotNull(leak.cycle(), stage + " lists its cycle");
            assertEquals(List.of("stage-a", "stage-b"), leak.cycle().stream().map(ThreadRef::name).toList());
            assertTrue(leak.blockedOn().why().startsWith("wait-for cycle"), leak.blockedOn().why());
        }
    }

    @Test
    void aThousandVirtualThreadsEachJoiningTheirOwnFutureAreBlockedForeverInOneGroup() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        LeakReport report = run(VirtualFuturesProgram.class, "1000", "10");

        List<Leak> forever = report.leaks().stream().filter(l -> l.verdict() == Verdict.BLOCKED_FOREVER).toList();
        assertEquals(1, forever.size(), report.toText());
        assertEquals(1000, forever.get(0).count());
        assertNotNull(forever.get(0).members());
        assertTrue(forever.get(0).blockedOn().why().contains("java.util.concurrent.CompletableFuture@"));
        long heldBySleeper = report.leaks().stream().filter(l -> l.thread().virtual() && l.verdict() == Verdict.LEAKED)
                .mapToInt(Leak::count).sum();
        assertEquals(11, heldBySleeper, "the 10 whose future a sleeping virtual thread holds, and the sleeper");
    }

    @Test
    void waitsThatSomeoneCanStillEndAreNotBlockedForever() throws Exception {
        LeakReport report = run(ReachableChannelsProgram.class);

        for (String name : List.of("waits-static-queue", "waits-sleeping-producer", "waits-held-future")) {
            Leak leak = thread(report, name);
            assertEquals(Verdict.LEAKED, leak.verdict(), name + ": " + report.toText());
            assertNull(leak.blockedOn().why(), name + " claims no proof");
        }
        Leak interruptible = thread(report, "waits-interruptible");
        assertEquals(Verdict.LEAKED, interruptible.verdict(), "a static list holds its Thread: an interrupt may come");
        assertTrue(interruptible.blockedOn().why().startsWith("nothing can serve java.util.concurrent.LinkedBlockingQueue@")
                && interruptible.blockedOn().why().endsWith("only an interrupt can end this wait, and a static field"
                + " holds its Thread"), interruptible.blockedOn().why());
        assertEquals(Verdict.BLOCKED_FOREVER, thread(report, "waits-control").verdict(), "the proof ran");
    }

    /**
     * The proof's dump collects the whole heap first, and a full collection gives back what is
     * free: a grown heap shrank to a few MB, and an allocation-heavy test after it ran three times
     * as many collections. The dump leaves the heap as it found it, and the flag that keeps it so
     * as it was.
     */
    @Test
    void theProofLeavesTheApplicationsHeapAsLargeAsItWas() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().jvmArg("-Djava.io.tmpdir=" + dir).jvmArg("-XX:+UseG1GC").jvmArg("-Xms8m")
                .jvmArg("-Xmx1g").agent("").run(dir, HeapKeptProgram.class);
        assertEquals(0, run.exitCode(), run.toString());

        String[] sizes = run.stdout().trim().split(" ");
        long before = Long.parseLong(sizes[0]);
        long after = Long.parseLong(sizes[1]);
        assertTrue(after >= before / 2, "committed heap " + (before >> 20) + " MB before the proof, " + (after >> 20)
                + " MB after");
        assertEquals("70", sizes[2], "MaxHeapFreeRatio as it was");
        assertNoHeapDumpLeftBehind(dir);
    }

    /**
     * Commons IO's trial: in a JVM with too little heap to read a dump, the first proof says how
     * much it would need, and the next takes no dump at all (each failing test of a class wrote
     * a 12 MB dump that could never be read); both say what to change.
     */
    @Test
    void aJvmTooSmallToReadADumpTakesNoSecondOne() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().jvmArg("-Xmx24m").agent("").run(dir, NoRoomToReadProgram.class);
        assertEquals(0, run.exitCode(), run.toString());

        List<String> lines = run.stdout().strip().lines().toList();
        assertEquals(2, lines.size(), run.toString());
        assertTrue(lines.get(0).matches("\\[heap proof failed after \\d+ ms, verdicts are from runtime facts only: its "
                + "\\d+ MB dump was not read, since reading it needs about \\d+ MB of heap and \\d+ MB of this JVM's "
                + "\\d+ MB is free; more heap \\(-Xmx\\) lets it be read]"), lines.get(0));
        assertTrue(lines.get(1).matches("\\[heap proof failed, verdicts are from runtime facts only: no dump taken, "
                + "since this JVM's dump of [\\d.]+ m?s ago, of \\d+ MB, was not read for want of heap \\(.*\\); more heap "
                + "\\(-Xmx\\) lets it be read]"), lines.get(1));
        assertNoHeapDumpLeftBehind(dir);
    }

    /**
     * A library's pool made anew by each test and held by a static field, as the wrapper
     * {@code Executors.newSingleThreadExecutor()} returns: the first check's proof finds the field,
     * and the next one sees it hold the new pool by reflection, through the wrapper the woven JDK
     * told of, with no second dump.
     */
    @Test
    void aPoolAStaticFieldHoldsThroughTheJdksWrapperIsFoundOnceByTheHeap() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().jvmArg("-Djava.io.tmpdir=" + dir).jvmArg("-XX:+UseSerialGC")
                .agent("").run(dir, SharedPoolProgram.class);
        assertEquals(0, run.exitCode(), run.toString());

        String field = SharedPoolProgram.class.getName() + ".pool";
        assertEquals(List.of("held=" + field + " proof=true leaks=0", "held=" + field + " proof=false leaks=0"),
                run.stdout().lines().toList(), run.toString());
        assertNoHeapDumpLeftBehind(dir);
    }

    /** The worker's proof is its task's: a task in a wait nothing can end can never finish. */
    @Test
    void aTaskWhoseWorkerWaitsOnAFutureOnlyItHoldsIsBlockedForever() throws Exception {
        Leak task = stuckTask("");

        assertEquals(Verdict.BLOCKED_FOREVER, task.verdict(), task.toString());
        assertTrue(task.blockedOn().why().contains("proven from the heap"), task.toString());
    }

    /** A pool a static field holds can still be shut down with an interrupt: the proof says so, and judges nothing. */
    @Test
    void aTaskWhosePoolAStaticFieldHoldsCanStillBeInterruptedAndSaysSo() throws Exception {
        Leak task = stuckTask("held");

        assertEquals(Verdict.LEAKED, task.verdict(), task.toString());
        assertTrue(task.blockedOn().why().contains("no running thread or static field can reach it, proven from the heap; "
                + "only an interrupt can end this wait"), task.toString());
    }

    private Leak stuckTask(String pool) throws Exception {
        ChildRun run = ChildJvm.onThisJdk().jvmArg("-Djava.io.tmpdir=" + dir).agent("")
                .run(dir, StuckPoolTaskProgram.class, pool);
        assertEquals(0, run.exitCode(), run.toString());
        LeakReport report = ReportJson.read(run.stdout());
        assertEquals(1, report.leaks().size(), report.toText());
        assertEquals(LeakKind.TASK, report.leaks().get(0).kind(), report.toText());
        assertNoHeapDumpLeftBehind(dir);
        return report.leaks().get(0);
    }

    @Test
    void withoutProveNothingIsProvenFromTheHeap() throws Exception {
        Path file = dir.resolve("report.json");
        ChildRun run = ChildJvm.onThisJdk().agent("on-exit=true,format=json,report=" + file)
                .run(dir, AbandonedConsumerProgram.class);
        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(file);

        assertEquals(Verdict.LEAKED, thread(report, "consumer").verdict());
        assertTrue(report.notes() == null || report.notes().stream().noneMatch(n -> n.contains("heap proof")));
    }

    private LeakReport run(Class<?> program, String... args) throws Exception {
        Path file = dir.resolve("report.json");
        // a temp dir of its own: other JVMs of this user may be proving in the shared one meanwhile
        ChildRun run = ChildJvm.onThisJdk().jvmArg("-Djava.io.tmpdir=" + dir)
                .agent("prove=true,on-exit=true,format=json,report=" + file).run(dir, program, args);
        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(file);
        String note = report.notes() == null ? null
                : report.notes().stream().filter(n -> n.startsWith("heap proof took")).findFirst().orElse(null);
        assertNotNull(note, "the report says what the proof cost: " + report.notes());
        Matcher took = TOOK.matcher(note);
        assertTrue(took.find());
        System.out.println(program.getSimpleName() + " on JDK " + Runtime.version().feature() + ": " + note);
        assertNoHeapDumpLeftBehind(dir);
        return report;
    }

    /** The proof deletes its dump: no threadleak-proof-* directory stays in the child's temp dir. */
    private static void assertNoHeapDumpLeftBehind(Path tmpdir) throws IOException {
        try (Stream<Path> entries = Files.list(tmpdir)) {
            List<Path> left = entries.filter(p -> p.getFileName().toString().startsWith("threadleak-proof-")).toList();
            assertTrue(left.isEmpty(), "heap dumps left behind: " + left);
        }
    }

    private static Leak thread(LeakReport report, String name) {
        return report.leaks().stream().filter(l -> l.thread() != null && l.thread().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not reported: " + report.toText()));
    }
}
