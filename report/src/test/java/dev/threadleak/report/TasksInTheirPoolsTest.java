package dev.threadleak.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An unclosed server is one leak: its pool, never shut down, tells the accept loop running in it,
 * and what that loop waits in; a task with a story of its own still stands alone.
 */
class TasksInTheirPoolsTest {

    private static final ThreadRef MAIN = new ThreadRef(1, "main");
    private static final List<Frame> SERVER_MADE = List.of(
            new Frame("com.acme.Server", "<init>", "Server.java", 30),
            new Frame("com.acme.ServerTest", "weakCiphers", "ServerTest.java", 342));
    private static final List<Frame> LISTENER_SUBMITTED = List.of(
            new Frame("java.util.concurrent.AbstractExecutorService", "submit", "AbstractExecutorService.java", 123),
            new Frame("com.acme.Server", "start", "Server.java", 42),
            new Frame("com.acme.ServerTest", "weakCiphers", "ServerTest.java", 343));
    private static final List<Frame> ACCEPTING = List.of(
            new Frame("sun.nio.ch.NioSocketImpl", "accept", "NioSocketImpl.java", 760),
            new Frame("java.net.ServerSocket", "accept", "ServerSocket.java", 532),
            new Frame("com.acme.RequestListener", "run", "RequestListener.java", 136),
            new Frame("java.util.concurrent.ThreadPoolExecutor", "runWorker", "ThreadPoolExecutor.java", 1136));

    private static Leak pool(int n, String state) {
        ThreadRef worker = new ThreadRef(800 + n, "listener-" + n);
        return Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@" + n, state,
                        List.of(worker), 0, 1, null, null, 0))
                .createdAt(SERVER_MADE).createdBy(MAIN).ageMillis(2_000).reason("not shut down when the scope ended")
                .build();
    }

    private static Leak listener(int n, String pool) {
        ThreadRef worker = new ThreadRef(800 + n, "listener-" + n);
        return Leak.builder(LeakKind.TASK, Verdict.LEAKED)
                .task(new TaskInfo("com.acme.RequestListener", "com.acme.RequestListener@" + n, pool, "running", null,
                        worker, null, null, null))
                .thread(new ThreadInfo(worker.id(), worker.name(), false, false, "RUNNABLE")).stack(ACCEPTING)
                .createdAt(LISTENER_SUBMITTED).createdBy(MAIN).ageMillis(1_900)
                .reason("submitted in the scope and not finished when it ended").build();
    }

    private static LeakReport report(List<Leak> leaks) {
        return LeakReport.of(new JvmInfo(1, "17", JvmInfo.AGENT), new ScopeInfo("test", "ServerTest.weakCiphers()"),
                leaks, List.of(), new Stats(1, 1, 0, 0), List.of());
    }

    @Test
    void anUnclosedServerIsOneLeakThatTellsItsListenerAndWhereItWaits() {
        LeakReport report = report(List.of(pool(1, "running"), listener(1, "pool@1")));

        assertEquals(1, report.leakCount(), report.toText());
        Leak server = report.leaks().get(0);
        assertEquals(LeakKind.EXECUTOR, server.kind());
        TaskInfo told = server.executor().tasks().get(0);
        assertEquals("com.acme.RequestListener@1", told.identity());
        assertEquals(new Frame("com.acme.Server", "start", "Server.java", 42), told.submittedAt(),
                "the application's frame, not the JDK's submit");
        assertEquals(ACCEPTING, server.stack(), "what the pool's worker does now is its listener's stack");
        String text = report.toText();
        assertTrue(text.contains("\n  tasks left in it: 1 running: com.acme.RequestListener@1 in \"listener-1\" #801, "
                + "submitted at com.acme.Server.start(Server.java:42)\n  now at:\n"), text);
        assertTrue(text.contains("java.net.ServerSocket.accept(ServerSocket.java:532)"), text);
        List<String> summary = ReportSummary.lines(report, "com.acme.ServerTest", 40, "the full report");
        assertTrue(summary.contains("  now at com.acme.RequestListener.run(RequestListener.java:136)"), summary.toString());
        assertTrue(summary.stream().anyMatch(l -> l.startsWith("  tasks left in it: 1 running: ")), summary.toString());
    }

    @Test
    void fourteenUnclosedServersAreFourteenLeaksNotTwentyEight() {
        List<Leak> leaks = new ArrayList<>();
        for (int n = 1; n <= 14; n++) {
            leaks.add(pool(n, "running"));
            leaks.add(listener(n, "pool@" + n));
        }

        LeakReport report = report(leaks);

        assertEquals(14, report.leakCount(), report.toText());
        assertEquals(1, report.leaks().size(), "one group: " + report.toText());
        assertTrue(report.toText().startsWith("threadleak: 14 leaks in test"), report.toText());
    }

    @Test
    void aTaskWithAStoryOfItsOwnOrInAPoolThatIsNoLeakOrAGroupAlreadyStandsAlone() {
        Leak shared = listener(2, "shared-pool@9");
        TaskInfo lostInfo = new TaskInfo("com.acme.Job", "com.acme.Job@3", "pool@1", "lost",
                "discarded by ThreadPoolExecutor.DiscardPolicy", null, null, null, null);
        Leak lost = Leak.builder(LeakKind.TASK, Verdict.LEAKED).task(lostInfo).createdAt(LISTENER_SUBMITTED).build();
        TaskInfo cancelledInfo = new TaskInfo("com.acme.Spinner", "com.acme.Spinner@4", "pool@1", "running", null,
                new ThreadRef(801, "listener-1"), 50L, MAIN, null, "cancel(false)", null, null);
        Leak cancelled = Leak.builder(LeakKind.TASK, Verdict.LEAKED).task(cancelledInfo).build();
        Leak ignores = Leak.builder(LeakKind.TASK, Verdict.IGNORES_CANCELLATION)
                .task(new TaskInfo("com.acme.Spinner", "com.acme.Spinner@5", "pool@1", "running", null,
                        new ThreadRef(801, "listener-1"), 3_000L, MAIN, null, "cancel(true)", null, null)).build();
        Leak shutDownPool = pool(6, "shutdown");
        Leak onShutDownPool = listener(6, "pool@6");

        Leak alreadyAGroup = listener(7, "pool@1").grouped(3, List.of());

        LeakReport report = report(List.of(pool(1, "running"), shared, lost, cancelled, ignores, shutDownPool,
                onShutDownPool, alreadyAGroup));

        assertEquals(10, report.leakCount(), report.toText());
        assertNull(report.leaks().get(0).executor().tasks(), "nothing of pool@1 is only its doing: " + report.toText());
    }

    @Test
    void queuedTasksAreToldAfterTheRunningOneWithWhetherTheyRepeat() {
        TaskInfo tick = new TaskInfo("com.acme.Tick", "com.acme.Tick@7", "pool@1", "queued", null, null, null, null,
                null, null, Boolean.TRUE, 3);
        Leak queued = Leak.builder(LeakKind.TASK, Verdict.LEAKED).task(tick).createdAt(LISTENER_SUBMITTED)
                .reason("periodic and never cancelled").build();

        LeakReport report = report(List.of(pool(1, "running"), queued, listener(1, "pool@1"), queued));

        assertEquals(1, report.leaks().size(), report.toText());
        assertEquals(List.of("running", "queued", "queued"),
                report.leaks().get(0).executor().tasks().stream().map(TaskInfo::state).toList());
        assertTrue(report.toText().contains("tasks left in it: 1 running: com.acme.RequestListener@1 in \"listener-1\" "
                + "#801, submitted at com.acme.Server.start(Server.java:42); 2 queued, e.g. com.acme.Tick@7 (periodic, "
                + "ran 3 times), submitted at com.acme.Server.start(Server.java:42)\n"), report.toText());
    }

    @Test
    void aFoldedReportReadsBackTheSameFromJson() throws Exception {
        LeakReport report = report(List.of(pool(1, "running"), listener(1, "pool@1")));

        LeakReport again = ReportJson.read(ReportJson.write(report));

        assertEquals(report.leaks(), again.leaks());
        assertEquals(report.toText(), again.toText());
    }

    /** Commons Lang's trial: a semaphore's timer, made by the test, scheduled by the first of its threads to acquire. */
    @Test
    void aTaskSubmittedByAnotherThreadThanItsPoolsMakerSaysWhoSubmittedIt() throws Exception {
        ThreadRef acquirer = new ThreadRef(35, "Thread-3");
        Leak tick = Leak.builder(LeakKind.TASK, Verdict.LEAKED)
                .task(new TaskInfo("com.acme.Tick", "com.acme.Tick@7", "pool@1", "queued", null, null, null, null,
                        null, null, Boolean.TRUE, 0))
                .createdAt(LISTENER_SUBMITTED).createdBy(acquirer).reason("periodic and never cancelled").build();

        LeakReport report = report(List.of(pool(1, "running"), tick));

        assertEquals(acquirer, report.leaks().get(0).executor().tasks().get(0).submittedBy());
        assertTrue(report.toText().contains("tasks left in it: 1 queued: com.acme.Tick@7 (periodic),"
                + " submitted by \"Thread-3\" #35 at com.acme.Server.start(Server.java:42)\n"), report.toText());
        assertEquals(report.leaks(), ReportJson.read(ReportJson.write(report)).leaks(), "read back from JSON");
    }
}
