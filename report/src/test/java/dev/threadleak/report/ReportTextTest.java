package dev.threadleak.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The text report: safe on a terminal whatever the application named things, and short for people. */
class ReportTextTest {

    private static final String HOSTILE = "\u001b]0;owned\u0007evil\r\nTHREAD LEAKED: fake line\u202e";

    /** A report with {@code text} in every string that can come from the application. */
    private static LeakReport everywhere(String text) {
        Frame frame = new Frame("com.acme." + text, "run" + text, text + ".java", 7);
        ThreadRef ref = new ThreadRef(2, text);
        BlockedOn on = new BlockedOn("com.acme.Queue" + text + ".take", "com.acme.Queue@" + text, 10L, "why " + text,
                null, null, null, "detail " + text).with(ref, true);
        Leak thread = Leak.builder(LeakKind.THREAD, Verdict.BLOCKED_FOREVER)
                .thread(new ThreadInfo(1, text, false, false, "WAITING" + text)).createdAt(List.of(frame, frame))
                .createdBy(ref).blockedOn(on).stack(List.of(frame)).reason("reason " + text).cycle(List.of(ref, ref))
                .build();
        Leak grouped = thread.grouped(3, List.of(ref, ref));
        Leak executor = Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(new ExecutorInfo("com.acme.Pool" + text, "pool@" + text, "running" + text, List.of(ref), 1, 1,
                        5L, List.of(frame)).withTasks(List.of(new TaskInfo("com.acme.Task" + text, "told@" + text,
                        "pool@" + text, "running", null, ref, null, null, null).withSubmission(frame, null))))
                .createdAt(List.of(frame)).build();
        Leak task = Leak.builder(LeakKind.TASK, Verdict.IGNORES_CANCELLATION)
                .task(new TaskInfo("com.acme.Task" + text, "task@" + text, "pool@" + text, "running" + text,
                        "lost " + text, ref, 5L, ref, List.of(frame), null, null, null, null, "com.acme.Job" + text))
                .createdAt(List.of(frame)).build();
        Death death = new Death(new ThreadInfo(3, text, false, true, "TERMINATED"), List.of(frame), ref,
                "2026-01-01T00:00:00Z" + text, "com.acme.Boom" + text, "message " + text, List.of(frame));
        return new LeakReport(LeakReport.SCHEMA, new JvmInfo(1, "17" + text, "agent" + text), "2026" + text,
                new ScopeInfo("test", "test " + text), List.of(grouped, executor, task), List.of(death),
                new Stats(1, 1, 0, 0), List.of("note " + text));
    }

    @Test
    void applicationTextReachesNoTerminalRaw() {
        String text = everywhere(HOSTILE).toText();
        for (char c : text.toCharArray()) {
            assertTrue(c == '\n' || !TerminalText.isUnsafe(c), "raw U+" + Integer.toHexString(c) + " in:\n" + text);
        }
        assertFalse(text.lines().anyMatch(l -> l.startsWith("THREAD LEAKED: fake line")), text);
        assertEquals(everywhere("x").toText().lines().count(), text.lines().count(), "no line more than with a plain name");
        assertTrue(text.contains("\"\\u001b]0;owned\\u0007evil\\r\\nTHREAD LEAKED: fake line\\u202e\" #1"), text);
    }

    /** Apache SSHD's echo shell, as a pool's running task: no wait described, the JDK's frames on top. */
    @Test
    void theJdksFramesOnTopOfAStackWithoutAWaitFoldSoThatTheLinesReachTheCodeThatWaits() {
        List<Frame> stack = new ArrayList<>();
        for (String m : List.of("jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode.block",
                "java.util.concurrent.ForkJoinPool.unmanagedBlock", "java.util.concurrent.ForkJoinPool.managedBlock",
                "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await",
                "org.apache.sshd.common.channel.ChannelPipedInputStream.read", "sun.nio.cs.StreamDecoder.readBytes",
                "sun.nio.cs.StreamDecoder.implRead", "sun.nio.cs.StreamDecoder.read", "java.io.InputStreamReader.read",
                "java.io.BufferedReader.fill", "java.io.BufferedReader.readLine", "java.io.BufferedReader.readLine",
                "org.apache.sshd.util.test.CommandExecutionHelper.run", "java.util.concurrent.FutureTask.run",
                "java.lang.Thread.run")) {
            int dot = m.lastIndexOf('.');
            stack.add(new Frame(m.substring(0, dot), m.substring(dot + 1), null, 1));
        }
        Leak running = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(9, "sshd-EchoShell-1", false, false, "WAITING")).stack(stack).build();

        String text = new LeakReport(LeakReport.SCHEMA, new JvmInfo(1, "17", "agent"),
                "2026", new ScopeInfo("test", "t"), List.of(running), List.of(), new Stats(1, 1, 0, 0), List.of()).toText();

        assertTrue(text.contains("  now at:\n    ... 6 frames inside AbstractQueuedSynchronizer$ConditionObject.await\n"
                + "    org.apache.sshd.common.channel.ChannelPipedInputStream.read("), text);
        assertTrue(text.contains("    org.apache.sshd.util.test.CommandExecutionHelper.run("), text);
        List<Frame> jdkOnly = stack.subList(0, 6);
        assertEquals("jdk.internal.misc.Unsafe.park(Unknown Source)", FoldedStack.lines(jdkOnly, null, 12).get(0),
                "a stack of the JDK's alone is shown as it is");
    }

    /** A line that would say "... 1 more" shows that frame instead: it takes the same line. */
    @Test
    void aStackOneFramePastItsLinesShowsThatFrameNotACountOfIt() {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            frames.add(new Frame("com.acme.Loop", "step" + i, "Loop.java", 10 + i));
        }

        assertEquals(List.of("com.acme.Loop.step0(Loop.java:10)", "com.acme.Loop.step1(Loop.java:11)",
                "com.acme.Loop.step2(Loop.java:12)", "com.acme.Loop.step3(Loop.java:13)"), FoldedStack.lines(frames, 3));
        assertEquals(List.of("com.acme.Loop.step0(Loop.java:10)", "com.acme.Loop.step1(Loop.java:11)", "... 2 more"),
                FoldedStack.lines(frames, 2));
    }

    @Test
    void aCreationStackCutAtStackDepthEndsWithALineThatSaysSoAndAWholeOneDoesNot() {
        List<Frame> frames = List.of(new Frame("com.acme.Reloader", "start", "Reloader.java", 12),
                new Frame("com.acme.Config", "load", "Config.java", 40));
        Leak.Builder leak = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(7, "reloader", false, true, "WAITING")).createdAt(frames);

        String cut = report(leak.createdAtCut(true).build()).toText();
        String whole = report(leak.createdAtCut(false).build()).toText();

        assertTrue(cut.contains("    com.acme.Config.load(Config.java:40)\n    ... cut at 2 frames (stack-depth=2)\n"), cut);
        assertFalse(whole.contains("cut at"), whole);
    }

    @Test
    void cancelledTasksAPoolKeepsInItsQueueAreCountedApart() {
        ExecutorInfo oneCancelled = new ExecutorInfo("java.util.concurrent.ScheduledThreadPoolExecutor", "pool@1",
                "running", List.of(new ThreadRef(18, "ReloadingTrigger-1")), 1, 0, null, null, 1);
        ExecutorInfo noneCancelled = new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@2", "running",
                List.of(), 1, 0, null, null, 0);

        assertEquals("EXECUTOR LEAKED: pool@1 (running, 1 worker \"ReloadingTrigger-1\" #18, 1 queued (1 cancelled), "
                + "0 active), age 0 ms", ReportText.headline(Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(oneCancelled).build()));
        assertEquals("EXECUTOR LEAKED: pool@2 (running, 0 workers, 1 queued, 0 active), age 0 ms",
                ReportText.headline(Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED).executor(noneCancelled).build()));
    }

    /** Dubbo's trial: of a pool's three workers, two above its core size ended a second after the check. */
    @Test
    void workersAboveAPoolsCoreSizeAreToldApartFromThoseItKeeps() {
        List<ThreadRef> three = List.of(new ThreadRef(21, "pool-1"), new ThreadRef(22, "pool-2"),
                new ThreadRef(23, "pool-3"));
        ExecutorInfo aboveCore = new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@1", "running", three,
                0, 0, null, null, 0, null, null, 1, 1000L);
        ExecutorInfo oneAbove = new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@2", "running", three,
                0, 0, null, null, 0, null, null, 2, 60_000L);

        assertEquals("EXECUTOR LEAKED: pool@1 (running, 3 workers \"pool-1\" #21, \"pool-2\" #22 and \"pool-3\" #23, "
                + "0 queued, 0 active; 2 above its core size of 1 end after 1.0 s idle), age 0 ms",
                ReportText.headline(Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED).executor(aboveCore).build()));
        assertTrue(ReportText.headline(Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED).executor(oneAbove).build())
                .contains("0 active; 1 above its core size of 2 ends after 1 m 00 s idle)"));
    }

    /** agroal's trial: a headline that named ten of a pool's 32 workers ran four lines before its state. */
    @Test
    void aPoolsHeadlineNamesThreeOfItsWorkersAndCountsTheRest() {
        List<ThreadRef> five = List.of(new ThreadRef(21, "w-1"), new ThreadRef(22, "w-2"), new ThreadRef(23, "w-3"),
                new ThreadRef(24, "w-4"), new ThreadRef(25, "w-5"));
        ExecutorInfo pool = new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@1", "running", five,
                0, 0, null, null, 0);

        assertEquals("EXECUTOR LEAKED: pool@1 (running, 5 workers \"w-1\" #21, \"w-2\" #22, \"w-3\" #23 and 2 more, "
                + "0 queued, 0 active), age 0 ms", headline(pool));
    }

    /** Commons Pool's trial: a pool of daemon workers and one of non-daemon ones read alike. */
    @Test
    void anExecutorSaysWhichOfItsWorkersAreDaemons() throws Exception {
        List<ThreadRef> two = List.of(new ThreadRef(21, "w-1"), new ThreadRef(22, "w-2"));
        ExecutorInfo daemons = new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@1", "running", two, 0, 0,
                null, null, null, null, null, null, null, 2);
        ExecutorInfo some = new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@2", "running", two, 0, 0,
                null, null, null, null, null, null, null, 1);
        ExecutorInfo none = new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@3", "running", two, 0, 0,
                null, null, null, null, null, null, null, null);

        assertTrue(headline(daemons).startsWith("EXECUTOR LEAKED: pool@1 (running, 2 daemon workers \"w-1\" #21"),
                headline(daemons));
        assertTrue(headline(some).startsWith("EXECUTOR LEAKED: pool@2 (running, 2 workers (1 daemon) \"w-1\""),
                headline(some));
        assertTrue(headline(none).startsWith("EXECUTOR LEAKED: pool@3 (running, 2 workers \"w-1\""), headline(none));
        LeakReport report = LeakReport.of(null, new ScopeInfo("test", "t"),
                List.of(Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED).executor(some).build()), List.of(), null, List.of());
        assertEquals(1, ReportJson.read(report.toJson()).leaks().get(0).executor().daemonWorkers());
    }

    /** jmdns's trial: a {@code Timer} subclass left running read "not shut down"; a timer is cancelled. */
    @Test
    void aTimerOfAnyClassIsSaidToBeCancelledAndSoReadBack() throws Exception {
        List<ThreadRef> one = List.of(new ThreadRef(21, "starter-timer"));
        ExecutorInfo subclass = new ExecutorInfo("com.acme.StarterTimer", "timer@1", "running", one, 1, 0, null, null,
                null, null, null, null, null, 1, null, null, true);
        ExecutorInfo timer = new ExecutorInfo("java.util.Timer", "timer@2", "running", one, 1, 0, null, null, null);
        ExecutorInfo pool = new ExecutorInfo("com.acme.Pool", "pool@3", "running", one, 1, 0, null, null, null);

        assertEquals("cancelled", subclass.endedWord());
        assertEquals("cancelled", timer.endedWord(), "known by its class in a report written before the flag");
        assertEquals("shut down", pool.endedWord());
        LeakReport report = LeakReport.of(null, new ScopeInfo("test", "t"),
                List.of(Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED).executor(subclass).build()), List.of(), null, List.of());
        assertEquals("cancelled", ReportJson.read(report.toJson()).leaks().get(0).executor().endedWord());
        LeakReport before = LeakReport.of(null, new ScopeInfo("test", "t"),
                List.of(Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED).executor(timer).build()), List.of(), null, List.of());
        String withoutTheFlag = before.toJson().replaceAll(",\\s*\"timer\"\\s*:\\s*true", "");
        assertTrue(!withoutTheFlag.contains("\"timer\""), withoutTheFlag);
        assertEquals("cancelled", ReportJson.read(withoutTheFlag).leaks().get(0).executor().endedWord(),
                "a report written before the flag");
    }

    private static String headline(ExecutorInfo executor) {
        return ReportText.headline(Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED).executor(executor).build());
    }

    @Test
    void aGroupOfExecutorsSaysTheOneItShowsIsOneOfThem() {
        ExecutorInfo pool = new ExecutorInfo("java.util.Timer", "java.util.Timer@5d2e65bd", "running",
                List.of(new ThreadRef(406, "RetryTimer")), null, null, null, null, null);
        Leak one = Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED).executor(pool).build();

        assertEquals("EXECUTOR LEAKED: java.util.Timer@5d2e65bd (running, 1 worker \"RetryTimer\" #406), age 0 ms",
                ReportText.headline(one));
        assertEquals("EXECUTOR LEAKED x18: e.g. java.util.Timer@5d2e65bd (running, 1 worker \"RetryTimer\" #406), "
                + "age 0 ms", ReportText.headline(one.grouped(18, List.of())));
    }

    /**
     * Spring Batch's trial: ten pools of three workers each read "x10: e.g. ... (3 workers ...)",
     * three threads to the eye; the group says how many its executors hold in all, in the text and
     * the JSON, and a lone executor says nothing more.
     */
    @Test
    void aGroupOfExecutorsSaysHowManyWorkersTheyHoldInAll() throws Exception {
        List<Leak> pools = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            List<ThreadRef> workers = new ArrayList<>();
            for (int w = 0; w <= p; w++) {
                workers.add(new ThreadRef(100 + 10 * p + w, "pool-" + p + "-thread-" + w));
            }
            ExecutorInfo pool = new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@" + p, "running",
                    workers, 0, 0, null, null);
            pools.add(Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED).executor(pool).ageMillis(10 - p)
                    .createdAt(List.of(new Frame("com.acme.Jobs", "start", "Jobs.java", 12))).build());
        }

        List<Leak> grouped = LeakGroups.group(pools);

        assertEquals(1, grouped.size(), grouped.toString());
        assertEquals(6, grouped.get(0).workersInAll());
        assertTrue(ReportText.headline(grouped.get(0)).startsWith("EXECUTOR LEAKED x3, 6 workers in all: e.g. pool@0 "
                + "(running, 1 worker"), ReportText.headline(grouped.get(0)));
        LeakReport report = LeakReport.of(null, new ScopeInfo("test", "t"), grouped, List.of(), null, List.of());
        assertTrue(report.toJson().contains("\"workersInAll\" : 6"), report.toJson());
        assertEquals(6, ReportJson.read(report.toJson()).leaks().get(0).workersInAll());
        assertEquals(null, pools.get(1).workersInAll(), "said of a group only");
        assertFalse(ReportText.headline(pools.get(1)).contains("in all"));
    }

    /** A current stack cut at the agent's depth says so, as a cut creation stack does; a whole one says nothing. */
    @Test
    void aCurrentStackCutAtTheDepthSaysSo() {
        List<Frame> frames = List.of(new Frame("com.acme.Deep", "recurse", "Deep.java", 10),
                new Frame("com.acme.Deep", "recurse", "Deep.java", 10));
        Leak cut = Leak.builder(LeakKind.THREAD, Verdict.LEAKED).thread(new ThreadInfo(7, "deep", false, false, "RUNNABLE"))
                .stack(frames).stackCut(true).build();
        Leak whole = Leak.builder(LeakKind.THREAD, Verdict.LEAKED).thread(new ThreadInfo(7, "deep", false, false, "RUNNABLE"))
                .stack(frames).build();

        String text = LeakReport.of(null, new ScopeInfo("jvm", "at exit"), List.of(cut), List.of(), null, List.of()).toText();
        assertTrue(text.contains("  now at:\n    com.acme.Deep.recurse(Deep.java:10)\n    com.acme.Deep.recurse(Deep.java:10)\n"
                + "    ... cut at 2 frames (stack-depth=2)\n"), text);
        String wholeText = LeakReport.of(null, new ScopeInfo("jvm", "at exit"), List.of(whole), List.of(), null, List.of())
                .toText();
        assertFalse(wholeText.contains("cut at"), wholeText);
    }

    /**
     * Quartz's trial: a pool's ten idle workers, all in one Object.wait, read as a block of 3 with
     * their wait and stack and a block of 7 without, whose stacks the report had not read: one
     * block, which says how many stacks it read, and on how many objects those wait.
     */
    @Test
    void threadsWhoseStacksWereNotReadJoinTheirSitesMembersThatWaitAlike() {
        List<Frame> site = List.of(new Frame("org.quartz.simpl.SimpleThreadPool", "initialize", "SimpleThreadPool.java", 274));
        List<Frame> waiting = List.of(new Frame("java.lang.Object", "wait", null, -2),
                new Frame("org.quartz.simpl.SimpleThreadPool$WorkerThread", "run", "SimpleThreadPool.java", 561));
        List<Leak> workers = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            Leak.Builder worker = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                    .thread(new ThreadInfo(20 + i, "Worker-" + i, false, false, "TIMED_WAITING"))
                    .createdAt(site).createdBy(new ThreadRef(1, "main")).ageMillis(6400);
            workers.add(i <= 3 ? worker.blockedOn(BlockedOn.of("java.lang.Object.wait", "java.lang.Object@" + i))
                    .stack(waiting).build() : worker.build());
        }

        List<Leak> grouped = LeakGroups.group(workers);

        assertEquals(1, grouped.size(), grouped.toString());
        assertEquals(10, grouped.get(0).count());
        assertEquals(" (stacks of 3 of these 10 read: 3 here; on 3 objects of this class)",
                ReportText.groupPart(grouped.get(0)));
    }

    /**
     * A group's headline names one member's code, which must be true of all: tasks one place holds
     * (a class's end groups by the static field that keeps them) but of two classes are two leaks,
     * and tasks of one class are one group however many.
     */
    @Test
    void tasksOfDifferentCodeAreNotOneGroup() {
        List<Leak> tasks = new ArrayList<>();
        for (String code : List.of("com.acme.Evictor$Reaper", "com.acme.Evictor$WeakRunner", "com.acme.Evictor$WeakRunner")) {
            TaskInfo future = new TaskInfo("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask",
                    "task@" + tasks.size(), "pool@1", "queued", null, null, null, null, null, null, true, 2, null, code);
            tasks.add(Leak.builder(LeakKind.TASK, Verdict.LEAKED).task(future).ageMillis(10)
                    .createdAt(List.of(new Frame("com.acme.Pool", "startMaintenance", "Pool.java", 2665))).build());
        }

        List<Leak> grouped = LeakGroups.group(tasks, leak -> "kept by com.acme.Evictor.executor", null);

        assertEquals(2, grouped.size(), grouped.toString());
        assertEquals("com.acme.Evictor$Reaper", grouped.get(0).task().wraps());
        assertEquals(1, grouped.get(0).count());
        assertEquals("com.acme.Evictor$WeakRunner", grouped.get(1).task().wraps());
        assertEquals(2, grouped.get(1).count());
    }

    /**
     * cache2k's trial: one timer, submitted at one line of the library by each of eight calls of a
     * test, is one cause and one block; a task submitted at another line of the library is another.
     */
    @Test
    void tasksSubmittedAtOneLineFromSeveralLinesOfATestAreOneGroup() {
        List<Leak> tasks = new ArrayList<>();
        for (int[] lines : new int[][] {{209, 356}, {209, 369}, {209, 377}, {215, 380}}) {
            TaskInfo future = new TaskInfo("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask",
                    "task@" + tasks.size(), "pool@1", "queued", null, null, null, null, null, null, false, 0, null,
                    "com.acme.BulkLoader$$Lambda/0x01");
            tasks.add(Leak.builder(LeakKind.TASK, Verdict.LEAKED).task(future).ageMillis(10).createdAt(List.of(
                    new Frame("com.acme.BulkLoader", "scheduleTimer", "BulkLoader.java", lines[0]),
                    new Frame("com.acme.BulkLoaderTest", "loadsInBulk", "BulkLoaderTest.java", lines[1]))).build());
        }

        List<Leak> grouped = LeakGroups.group(tasks);

        assertEquals(List.of(3, 1), grouped.stream().map(Leak::count).toList(), grouped.toString());
    }

    /** The JDK's future is what the executor holds; the code inside it is what a reader knows. */
    @Test
    void aTaskTheJdkWrappedNamesTheCodeInside() {
        TaskInfo future = new TaskInfo("java.util.concurrent.FutureTask", "java.util.concurrent.FutureTask@1a2b",
                "java.util.concurrent.ThreadPoolExecutor@4e75", "queued", null, null, null, null, null, null, null, null,
                null, "com.acme.Importer$$Lambda/0x000001f001003200");
        Leak task = Leak.builder(LeakKind.TASK, Verdict.LEAKED).task(future).build();
        TaskInfo job = new TaskInfo("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask",
                "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask@3c4d", null, "queued", null, null,
                null, null, null, null, true, 2, null, "com.acme.DestroyConnectionTask");
        ExecutorInfo pool = new ExecutorInfo("java.util.concurrent.ScheduledThreadPoolExecutor", "pool@5", "running",
                List.of(), 1, 0, null, null).withTasks(List.of(job));

        assertTrue(ReportText.headline(task).startsWith("TASK LEAKED: java.util.concurrent.FutureTask@1a2b wrapping a lambda"
                + " of com.acme.Importer (queued) on java.util.concurrent.ThreadPoolExecutor@4e75"), ReportText.headline(task));
        assertEquals("tasks left in it: 1 queued: java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask@3c4d"
                + " wrapping com.acme.DestroyConnectionTask (periodic, ran 2 times)", ReportText.tasksLine(pool, null));
        assertEquals("com.acme.Importer$$Lambda$14/0x0000000800c03000 is a lambda of com.acme.Importer",
                "com.acme.Importer$$Lambda$14/0x0000000800c03000 is " + TaskInfo.codeName("com.acme.Importer$$Lambda$14/0x0000000800c03000"));
    }

    /** A running task's headline names its thread first, with its state: once (SmallRye Fault Tolerance's trial: twice in 250 characters). */
    @Test
    void aRunningTaskNamesItsThreadOnce() {
        TaskInfo running = new TaskInfo("java.util.concurrent.FutureTask", "java.util.concurrent.FutureTask@1a2b",
                "java.util.concurrent.ThreadPoolExecutor@4e75", "running", null, new ThreadRef(20, "pool-2-thread-1"), null,
                null, null, null, null, null);
        Leak task = Leak.builder(LeakKind.TASK, Verdict.LEAKED).task(running)
                .thread(new ThreadInfo(20, "pool-2-thread-1", false, false, "TIMED_WAITING")).build();
        Leak told = Leak.builder(LeakKind.TASK, Verdict.LEAKED).task(running).build();

        assertEquals("TASK LEAKED: \"pool-2-thread-1\" #20 (platform, non-daemon) TIMED_WAITING: "
                + "java.util.concurrent.FutureTask@1a2b (running) on java.util.concurrent.ThreadPoolExecutor@4e75, age 0 ms",
                ReportText.headline(task));
        assertTrue(ReportText.headline(told).contains("(running in \"pool-2-thread-1\" #20)"), "no thread named before it: "
                + ReportText.headline(told));
    }

    /** A lambda given to {@code execute} is the task itself: named by the code it is in, not the JDK's hidden class. */
    @Test
    void aTaskThatIsALambdaIsNamedByItsCode() {
        String type = "com.acme.ThreadOffload$$Lambda$636/0x00007f60f817a380";
        TaskInfo lambda = new TaskInfo(type, type + "@75cd8043", "java.util.concurrent.ThreadPoolExecutor@4e75", "queued",
                null, null, null, null, null, null, null, null);

        assertTrue(ReportText.headline(Leak.builder(LeakKind.TASK, Verdict.LEAKED).task(lambda).build())
                .startsWith("TASK LEAKED: a lambda @75cd8043 of com.acme.ThreadOffload (queued) on "), ReportText.headline(
                Leak.builder(LeakKind.TASK, Verdict.LEAKED).task(lambda).build()));
    }

    /** Commons IO's reaper, interrupted, spins on its interrupt: parked at the moment of the report, busy all its life. */
    @Test
    void aThreadThatSpentMostOfItsAgeOnACpuSaysSo() {
        Leak spinning = lone("Reaper", "WAITING", 1_900, 2_000);
        Leak idle = lone("worker", "WAITING", 40, 2_000);

        assertTrue(ReportText.headline(spinning).endsWith("WAITING, age 2.0 s (1.9 s of it on a CPU)"),
                ReportText.headline(spinning));
        assertTrue(ReportText.headline(idle).endsWith("WAITING, age 2.0 s"), ReportText.headline(idle));
        assertTrue(ReportText.headline(spinning.grouped(3, List.of())).endsWith("age 2.0 s"),
                "one thread's time is not a group's");
    }

    /** RUNNABLE in a busy loop or idle in native I/O: the CPU time tells them apart from a tenth of the age. */
    @Test
    void aRunnableThreadSaysItsCpuTimeFromATenthOfItsAge() {
        Leak busy = lone("requester-dispatch-1", "RUNNABLE", 1_800, 7_000);
        Leak inAccept = lone("listener", "RUNNABLE", 30, 7_000);
        Leak waiting = lone("worker", "WAITING", 1_800, 7_000);

        assertTrue(ReportText.headline(busy).endsWith("RUNNABLE, age 7.0 s (1.8 s of it on a CPU)"), ReportText.headline(busy));
        assertTrue(ReportText.headline(inAccept).endsWith("RUNNABLE, age 7.0 s"), ReportText.headline(inAccept));
        assertTrue(ReportText.headline(waiting).endsWith("WAITING, age 7.0 s"), "a waiter that worked a while: "
                + ReportText.headline(waiting));
    }

    /** A lone daemon thread's leak, {@code cpuMillis} of its {@code ageMillis} on a CPU. */
    private static Leak lone(String name, String state, long cpuMillis, long ageMillis) {
        return Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(31, name, false, true, state, cpuMillis)).ageMillis(ageMillis).build();
    }

    /** Commons Lang's TimedSemaphore: a 500 s period says at a glance that nothing ends it soon. */
    @Test
    void aQueuedScheduledTaskSaysWhenItsPoolStartsIt() throws Exception {
        TaskInfo tick = new TaskInfo("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask",
                "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask@3c4d", "pool@5", "queued", null,
                null, null, null, null, null, true, null, null, "com.acme.Tick", 500_000L);
        TaskInfo once = new TaskInfo("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask",
                "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask@5e6f", "pool@5", "queued", null,
                null, null, null, null, null, null, null, null, "com.acme.Reminder", 90_000L);
        ExecutorInfo pool = new ExecutorInfo("java.util.concurrent.ScheduledThreadPoolExecutor", "pool@5", "running",
                List.of(), 1, 0, null, null);
        Leak task = Leak.builder(LeakKind.TASK, Verdict.LEAKED).task(tick).build();
        LeakReport report = LeakReport.of(null, new ScopeInfo("jvm", "at exit"), List.of(task), List.of(), null,
                List.of());

        assertTrue(ReportText.headline(task).contains("(periodic, queued, next run in 8 m 20 s) on pool@5"),
                ReportText.headline(task));
        assertEquals("tasks left in it: 1 queued: java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask@5e6f"
                + " wrapping com.acme.Reminder (runs in 1 m 30 s)", ReportText.tasksLine(pool.withTasks(List.of(once)), null));
        assertEquals(500_000L, ReportJson.read(report.toJson()).leaks().get(0).task().nextRunInMillis());
        Leak reminder = Leak.builder(LeakKind.TASK, Verdict.LEAKED).task(new TaskInfo(once.type(), once.identity(),
                "pool@5", "queued", null, null, null, null, null, null, false, 0, null, "com.acme.Reminder", 6_200L)).build();
        assertTrue(ReportText.headline(reminder).contains("(queued, runs in 6.2 s) on pool@5"), ReportText.headline(reminder));
    }

    @Test
    void aGroupOfRunningTasksSaysTheThreadItShowsIsOneOfTheirsToo() {
        ThreadRef runner = new ThreadRef(806, "HTTP-listener-0-1");
        TaskInfo listener = new TaskInfo("com.acme.RequestListener", "com.acme.RequestListener@105ffc58",
                "java.util.concurrent.ThreadPoolExecutor@4e756867", "running", null, runner, null, null, null, null,
                null, null);
        Leak one = Leak.builder(LeakKind.TASK, Verdict.LEAKED)
                .thread(new ThreadInfo(806, "HTTP-listener-0-1", false, false, "RUNNABLE")).task(listener).build();

        String group = ReportText.headline(one.grouped(14, List.of(runner, new ThreadRef(809, "HTTP-listener-0-1"))));

        assertTrue(group.startsWith("TASK LEAKED x14: e.g. \"HTTP-listener-0-1\" #806 (platform, non-daemon) RUNNABLE: "
                + "com.acme.RequestListener@105ffc58"), group);
        assertTrue(ReportText.headline(one).startsWith("TASK LEAKED: \"HTTP-listener-0-1\" #806"), ReportText.headline(one));
    }

    /** The trial on Apache Curator: ten ZooKeeper event threads of one name were that name ten times. */
    @Test
    void aGroupNamesEachNameOnceWithTheIdsOfItsMembers() {
        Leak one = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(48, "main-EventThread", false, true, "WAITING")).build();
        Leak group = one.grouped(12, List.of(new ThreadRef(48, "main-EventThread"), new ThreadRef(52, "main-EventThread"),
                new ThreadRef(7, "other\u001b[2J"), new ThreadRef(60, "main-EventThread")));
        LeakReport report = LeakReport.of(null, new ScopeInfo("test", "t()"), List.of(group), List.of(), null, List.of());

        String members = "  e.g. \"other\\u001b[2J\" #7, \"main-EventThread\" #48, #52, #60, ...";
        assertEquals(members, ReportText.members(group));
        assertTrue(report.toText().contains("\n" + members + "\n"), report.toText());
        assertTrue(ReportSummary.lines(report, (String) null, 25, "the full report").contains(members),
                ReportSummary.lines(report, (String) null, 25, "the full report").toString());
    }

    /** Dropwizard Metrics' trial: a group of two said "e.g." above both, in a new order each run. */
    @Test
    void aGroupWhoseMembersAreAllNamedSaysAllInTheOrderTheyWereMade() {
        Leak one = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(24, "I/O dispatcher 1", false, false, "RUNNABLE")).build();
        Leak group = one.grouped(2, List.of(new ThreadRef(25, "I/O dispatcher 2"), new ThreadRef(24, "I/O dispatcher 1")));

        assertEquals("  all: \"I/O dispatcher 1\" #24, \"I/O dispatcher 2\" #25", ReportText.members(group));
    }

    @Test
    void aDeathsCutCreationStackSaysSoToo() {
        Death death = new Death(new ThreadInfo(3, "loader", false, true, "TERMINATED"),
                List.of(new Frame("com.acme.Loader", "start", "Loader.java", 9)), new ThreadRef(1, "main"),
                "2026-12-01T00:00:00Z", "java.lang.IllegalStateException", null, List.of(), null, true);
        LeakReport report = new LeakReport(LeakReport.SCHEMA, new JvmInfo(1, "17", JvmInfo.AGENT), "2026-12-01T00:00:01Z",
                new ScopeInfo("jvm", "at exit"), List.of(), List.of(death), new Stats(1, 1, 0, 0), List.of());

        assertTrue(report.toText().contains("com.acme.Loader.start(Loader.java:9)\n    ... cut at 1 frame (stack-depth=1)\n"),
                report.toText());
    }

    /** Zipkin's trial: "made on another thread at FakeSender.close" read as if the thread that died ran it. */
    @Test
    void aDeathOfAnExceptionAnotherThreadMadeSaysThisOneThrewIt() {
        Death death = new Death(new ThreadInfo(23, "flusher", false, true, "TERMINATED"),
                List.of(new Frame("com.acme.Reporter", "start", "Reporter.java", 9)), new ThreadRef(1, "main"),
                "2026-12-01T00:00:00Z", "com.acme.ClosedException", null,
                List.of(new Frame("com.acme.FakeSender", "close", "FakeSender.java", 65)), null, null, true);
        LeakReport report = new LeakReport(LeakReport.SCHEMA, new JvmInfo(1, "17", JvmInfo.AGENT), "2026-12-01T00:00:01Z",
                new ScopeInfo("test", "ReporterTest.closes()"), List.of(), List.of(death), new Stats(1, 1, 0, 0), List.of());

        assertTrue(report.toText().contains("  its exception was made on another thread, which this one threw later, "
                + "at:\n    com.acme.FakeSender.close(FakeSender.java:65)\n"), report.toText());
        assertTrue(ReportSummary.lines(report, (String) null, 25, "x").contains("  its exception was made on another "
                + "thread, which this one threw later; made at com.acme.FakeSender.close(FakeSender.java:65)"),
                ReportSummary.lines(report, (String) null, 25, "x").toString());
    }

    /** Ratis's trial: a test failed for a death alone, and its report's first line said "0 leaks". */
    @Test
    void aReportWithDeathsCountsThemInItsFirstLine() {
        Death death = new Death(new ThreadInfo(3, "loader", false, true, "TERMINATED"),
                List.of(new Frame("com.acme.Loader", "start", "Loader.java", 9)), new ThreadRef(1, "main"),
                "2026-12-01T00:00:00Z", "java.lang.IllegalStateException", null, List.of(), null);
        LeakReport report = new LeakReport(LeakReport.SCHEMA, new JvmInfo(1, "17", JvmInfo.AGENT), "2026-12-01T00:00:01Z",
                new ScopeInfo("test", "LoaderTest.loads()"), List.of(), List.of(death), new Stats(1, 1, 0, 0), List.of());

        assertTrue(report.toText().startsWith("threadleak: 0 leaks and 1 uncaught exception in test `LoaderTest.loads()`\n"),
                report.toText());
    }

    private static LeakReport report(Leak leak) {
        return new LeakReport(LeakReport.SCHEMA, new JvmInfo(1, "17", JvmInfo.AGENT), "2026-12-01T00:00:00Z",
                new ScopeInfo("jvm", "at exit"), List.of(leak), List.of(), new Stats(1, 1, 0, 0), List.of());
    }

    @Test
    void aThreadFromBeforeTheAgentHasNoAgeItCannotKnow() {
        ThreadInfo worker = new ThreadInfo(7, "worker", false, false, "WAITING");
        Leak before = Leak.builder(LeakKind.THREAD, Verdict.SUSPECT).thread(worker).preExisting(true).build();
        Leak since = Leak.builder(LeakKind.THREAD, Verdict.SUSPECT).thread(worker).ageMillis(2_100).build();
        assertTrue(ReportText.headline(before).endsWith(", age unknown"), ReportText.headline(before));
        assertTrue(ReportText.headline(since).endsWith(", age 2.1 s"), ReportText.headline(since));
    }

    /**
     * A late attach to a JVM with 2,000 virtual threads, each awaiting a latch of its own: 2,000
     * blocks, as nothing placed them but the object each was parked on. Threads from before the
     * agent group by the same kind of wait in the same stack; another stack, or another kind of
     * wait, is another block.
     */
    @Test
    void threadsFromBeforeTheAgentGroupByTheirWaitAndStackWhateverObjectEachIsParkedOn() {
        List<Frame> awaiting = List.of(frame("java.util.concurrent.CountDownLatch", "await"),
                frame("com.acme.Requests", "handle"));
        List<Leak> leaks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            leaks.add(preExisting(20 + i, "CountDownLatch.await", "java.util.concurrent.CountDownLatch$Sync@" + i, awaiting));
        }
        leaks.add(preExisting(40, "CountDownLatch.await", "java.util.concurrent.CountDownLatch$Sync@9",
                List.of(frame("java.util.concurrent.CountDownLatch", "await"), frame("com.acme.Jobs", "run"))));
        leaks.add(preExisting(41, "SynchronousQueue.put", "java.util.concurrent.SynchronousQueue@8", awaiting));

        List<Leak> grouped = LeakGroups.group(leaks);

        assertEquals(List.of(5, 1, 1), grouped.stream().map(Leak::count).toList(), grouped.toString());
        assertEquals(List.of(20L, 21L, 22L, 23L, 24L), grouped.get(0).members().stream().map(ThreadRef::id).toList());
    }

    /**
     * Threads parked on one object are one group (one a latch), whether a big group took their stack
     * or not; one alone on its object groups by its wait and stack.
     */
    @Test
    void threadsFromBeforeTheAgentParkedOnOneObjectAreOneGroupWithOrWithoutTheirStack() {
        List<Frame> awaiting = List.of(frame("java.util.concurrent.CountDownLatch", "await"),
                frame("com.acme.Requests", "handle"));
        String latch = "java.util.concurrent.CountDownLatch$Sync@7";
        List<Leak> leaks = new ArrayList<>();
        leaks.add(preExisting(30, "CountDownLatch.await", latch, List.of()));
        leaks.add(preExisting(31, "CountDownLatch.await", latch, awaiting));
        leaks.add(preExisting(32, "CountDownLatch.await", "java.util.concurrent.CountDownLatch$Sync@8", awaiting));
        leaks.add(preExisting(33, null, latch, List.of()));

        List<Leak> grouped = LeakGroups.group(leaks);

        assertEquals(List.of(3, 1), grouped.stream().map(Leak::count).toList(), grouped.toString());
        assertEquals(List.of(30L, 31L, 33L), grouped.get(0).members().stream().map(ThreadRef::id).toList());
    }

    private static Leak preExisting(long id, String operation, String object, List<Frame> stack) {
        return Leak.builder(LeakKind.VIRTUAL_THREAD, Verdict.SUSPECT)
                .thread(new ThreadInfo(id, "vt-" + id, true, true, "WAITING")).preExisting(true)
                .blockedOn(BlockedOn.of(operation, object)).stack(stack).build();
    }

    @Test
    void aLockSaysWhoHoldsItAndAMonitorEntryWhoOwnsIt() {
        ThreadRef holder = new ThreadRef(14, "teller-2");
        Leak parked = Leak.builder(LeakKind.THREAD, Verdict.SUSPECT)
                .thread(new ThreadInfo(1, "teller-1", false, false, "WAITING"))
                .blockedOn(new BlockedOn("java.util.concurrent.locks.ReentrantLock.lock",
                        "java.util.concurrent.locks.ReentrantLock$NonfairSync@1b2c", 2_000L, null, null, null, null, null)
                        .with(holder, false)).build();
        Leak blocked = Leak.builder(LeakKind.THREAD, Verdict.SUSPECT)
                .thread(new ThreadInfo(3, "teller-3", false, false, "BLOCKED"))
                .blockedOn(BlockedOn.of("com.acme.Account.debit", "com.acme.Account@7f05").with(holder, false)).build();
        String text = new LeakReport(LeakReport.SCHEMA, null, "2026-01-01T00:00:00Z", null, List.of(parked, blocked),
                null, null, null).toText();

        assertTrue(text.contains("  parked 2.0 s in ReentrantLock.lock on java.util.concurrent.locks.ReentrantLock$NonfairSync@1b2c,"
                + " held by \"teller-2\" #14\n"), text);
        assertTrue(text.contains("  blocked in Account.debit entering the monitor of com.acme.Account@7f05, owned by"
                + " \"teller-2\" #14\n"), text);
    }

    /** Commons IO's trial: "parked in Object.wait" was read twice; a monitor's wait is no park. */
    @Test
    void aThreadInObjectWaitIsWaitingNotParked() {
        Leak waiting = Leak.builder(LeakKind.THREAD, Verdict.SUSPECT)
                .thread(new ThreadInfo(31, "reaper", false, true, "WAITING"))
                .blockedOn(new BlockedOn("java.lang.Object.wait", "java.lang.ref.ReferenceQueue$Lock@58112bc4", 1_300L,
                        null, null, null, null, null)).build();

        assertEquals("waiting 1.3 s in Object.wait on java.lang.ref.ReferenceQueue$Lock@58112bc4",
                ReportText.waitLine(waiting));
    }

    @Test
    void jsonKeepsTheRawText() throws Exception {
        LeakReport report = everywhere(HOSTILE);
        LeakReport read = ReportJson.read(report.toJson());
        assertEquals(HOSTILE, read.leaks().get(0).thread().name());
    }

    /** This test's own stack: it runs under JUnit, reflection and a build tool or IDE. */
    private static List<Frame> ownStack() {
        return Frame.of(new Throwable().getStackTrace(), 200);
    }

    @Test
    void theTestFrameworksFramesFoldIntoOneLineUnderTheUsersFrame() {
        List<Frame> stack = ownStack();
        List<String> lines = FoldedStack.lines(stack, Integer.MAX_VALUE);
        assertTrue(lines.get(0).startsWith(ReportTextTest.class.getName() + ".ownStack("), lines.toString());
        assertTrue(lines.get(1).startsWith(ReportTextTest.class.getName() + ".theTestFrameworksFrames"), lines.toString());
        assertTrue(lines.get(2).matches("\\.\\.\\. \\d+ frames of JUnit, reflection and \\w+.*"), lines.toString());
        assertTrue(lines.size() <= 4, "the rest is the build tool's thread at most: " + lines);
    }

    private static Frame frame(String type, String method) {
        return new Frame(type, method, type.substring(type.lastIndexOf('.') + 1) + ".java", 10);
    }

    /** A spy's call of the real method: Mockito's dispatch folds with the reflection around it (Dropwizard's trial: 14 frames). */
    @Test
    void mockitosDispatchToARealMethodFoldsLikeReflection() {
        List<Frame> stack = List.of(
                frame("io.acme.ConfiguredCommand", "run"),
                frame("java.lang.invoke.MethodHandle", "invokeWithArguments"),
                frame("org.mockito.internal.util.reflection.InstrumentationMemberAccessor", "invoke"),
                frame("org.mockito.internal.stubbing.answers.CallsRealMethods", "answer"),
                frame("org.mockito.internal.handler.MockHandlerImpl", "handle"),
                frame("org.mockito.internal.creation.bytebuddy.MockMethodAdvice", "handle"),
                frame("io.acme.ConfiguredCommand", "run"),
                frame("io.acme.CliTest", "runsCommands"));
        assertEquals(List.of(
                "io.acme.ConfiguredCommand.run(ConfiguredCommand.java:10)",
                "... 5 frames of Mockito and reflection",
                "io.acme.ConfiguredCommand.run(ConfiguredCommand.java:10)",
                "io.acme.CliTest.runsCommands(CliTest.java:10)"), FoldedStack.lines(stack, Integer.MAX_VALUE));
    }

    /** TTL's trial: a Kotest test's stack, some forty of Kotest's frames with coroutines' between them, read one by one. */
    @Test
    void kotestsFramesFoldWithTheCoroutinesBetweenThem() {
        List<Frame> stack = List.of(
                frame("com.acme.Pool", "start"),
                frame("com.acme.PoolSpec$1$1", "invokeSuspend"),
                frame("io.kotest.core.spec.style.scopes.FunSpecRootScope$test$1", "invokeSuspend"),
                frame("io.kotest.engine.test.TestInvocationInterceptor$intercept$2", "invoke"),
                frame("kotlinx.coroutines.intrinsics.UndispatchedKt", "startUndispatchedOrReturn"),
                frame("kotlinx.coroutines.CoroutineScopeKt", "coroutineScope"),
                frame("io.kotest.engine.test.TestInvocationInterceptor", "intercept"),
                frame("kotlin.coroutines.jvm.internal.BaseContinuationImpl", "resumeWith"),
                frame("io.kotest.engine.test.TestCaseExecutor$execute$3$1", "invokeSuspend"),
                frame("kotlinx.coroutines.DispatchedTask", "run"));
        assertEquals(List.of(
                "com.acme.Pool.start(Pool.java:10)",
                "com.acme.PoolSpec$1$1.invokeSuspend(PoolSpec$1$1.java:10)",
                "... 7 frames of Kotest",
                "kotlinx.coroutines.DispatchedTask.run(DispatchedTask.java:10)"), FoldedStack.lines(stack, Integer.MAX_VALUE));
    }

    @Test
    void jdkFramesBetweenTwoFoldedFramesFoldWithThemAndARunOfOneIsShown() {
        List<Frame> stack = List.of(
                frame("com.acme.Worker", "start"),
                frame("java.lang.reflect.Method", "invoke"),
                frame("com.acme.Plugins", "load"),
                frame("org.junit.platform.engine.support.hierarchical.NodeTestTask", "execute"),
                frame("java.util.ArrayList", "forEach"),
                frame("org.junit.platform.engine.support.hierarchical.NodeTestTask", "executeRecursively"),
                frame("org.apache.maven.surefire.booter.ForkedBooter", "main"),
                frame("java.lang.Thread", "run"));
        assertEquals(List.of(
                "com.acme.Worker.start(Worker.java:10)",
                "java.lang.reflect.Method.invoke(Method.java:10)",
                "com.acme.Plugins.load(Plugins.java:10)",
                "... 4 frames of JUnit and Surefire",
                "java.lang.Thread.run(Thread.java:10)"), FoldedStack.lines(stack, Integer.MAX_VALUE));
    }

    /** A creation stack cut inside the runner's frames: the fold says there was more, with no second "..." line. */
    @Test
    void aCutInsideTheRunnersFramesIsSaidOnItsFoldLine() {
        List<Frame> inRunner = List.of(frame("com.acme.ServiceTest", "startsAWorker"),
                frame("org.junit.jupiter.engine.execution.MethodInvocation", "proceed"),
                frame("java.util.ArrayList", "forEach"),
                frame("org.junit.platform.engine.support.hierarchical.NodeTestTask", "execute"));
        List<Frame> inUsersCode = List.of(frame("com.acme.ServiceTest", "startsAWorker"),
                frame("org.junit.jupiter.engine.execution.MethodInvocation", "proceed"),
                frame("org.junit.platform.engine.support.hierarchical.NodeTestTask", "execute"),
                frame("com.acme.Launcher", "run"));

        assertEquals(List.of("com.acme.ServiceTest.startsAWorker(ServiceTest.java:10)",
                "... 3 frames of JUnit, and more: cut at 4 frames (stack-depth=4)"), FoldedStack.creationLines(inRunner, true));
        assertEquals(List.of("com.acme.ServiceTest.startsAWorker(ServiceTest.java:10)", "... 3 frames of JUnit"),
                FoldedStack.creationLines(inRunner, false));
        assertEquals("... cut at 4 frames (stack-depth=4)", FoldedStack.creationLines(inUsersCode, true).get(3));
    }

    @Test
    void ourJUnitExtensionsInterceptorsFoldWithJUnitButNotTheTestsBesideIt() {
        List<Frame> stack = List.of(frame("com.acme.ServiceTest", "startsAWorker"),
                frame("org.junit.jupiter.engine.execution.MethodInvocation", "proceed"),
                frame("dev.threadleak.junit.ThreadLeakExtension", "proceedInClassWindow"),
                frame("dev.threadleak.junit.ThreadLeakExtension", "interceptBeforeAllMethod"),
                frame("org.junit.jupiter.engine.execution.InvocationInterceptorChain", "proceed"),
                frame("dev.threadleak.junit.ThreadLeakExtensionTest$Leaky", "leaks"));
        assertEquals(List.of("com.acme.ServiceTest.startsAWorker(ServiceTest.java:10)", "... 4 frames of JUnit",
                "dev.threadleak.junit.ThreadLeakExtensionTest$Leaky.leaks(ThreadLeakExtensionTest$Leaky.java:10)"),
                FoldedStack.lines(stack, Integer.MAX_VALUE));
    }

    @Test
    void onlyTheJdksFramesAboveTheBlockingCallFold() {
        BlockedOn on = BlockedOn.of("java.util.concurrent.LinkedBlockingQueue.take", "q@1");
        List<Frame> parked = List.of(frame("jdk.internal.misc.Unsafe", "park"),
                frame("java.util.concurrent.locks.LockSupport", "park"),
                frame("java.util.concurrent.LinkedBlockingQueue", "take"), frame("com.acme.Worker", "run"));
        assertEquals(List.of("... 2 frames inside LinkedBlockingQueue.take",
                "java.util.concurrent.LinkedBlockingQueue.take(LinkedBlockingQueue.java:10)",
                "com.acme.Worker.run(Worker.java:10)"), FoldedStack.lines(parked, on, 12));
        List<Frame> wrapped = List.of(frame("jdk.internal.misc.Unsafe", "park"), frame("com.acme.Spy", "onPark"),
                frame("java.util.concurrent.LinkedBlockingQueue", "take"));
        assertEquals(3, FoldedStack.lines(wrapped, on, 12).size(), "a frame of the application's is never folded away");
    }

    @Test
    void theCreatingFrameIsShownEvenWhenItIsTheFrameworks() {
        List<Frame> stack = List.of(frame("org.junit.jupiter.engine.extension.TimeoutExtension", "intercept"),
                frame("org.junit.jupiter.engine.execution.MethodInvocation", "proceed"),
                frame("org.junit.platform.commons.util.ReflectionUtils", "invokeMethod"));
        assertEquals(List.of("org.junit.jupiter.engine.extension.TimeoutExtension.intercept(TimeoutExtension.java:10)",
                "... 2 frames of JUnit"), FoldedStack.lines(stack, Integer.MAX_VALUE));
    }

    /** sqlite-jdbc's trial: the limit cut a "Thread-1" above its {@code BusyWork.run}, the frame that says what it is. */
    @Test
    void aLimitKeepsTheFrameWhereTheThreadsCodeWasEntered() {
        List<Frame> stack = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            stack.add(frame("org.sqlite.core.Native" + i, "step"));
        }
        stack.add(frame("org.sqlite.BusyHandlerTest$BusyWork", "run"));
        stack.add(frame("java.lang.Thread", "run"));

        List<String> lines = FoldedStack.lines(stack, 12);

        assertEquals(List.of("... 2 more", "org.sqlite.BusyHandlerTest$BusyWork.run(BusyHandlerTest$BusyWork.java:10)",
                "java.lang.Thread.run(Thread.java:10)"), lines.subList(12, lines.size()));
    }

    @Test
    void aLimitCountsLinesAndSaysHowManyFramesAreLeft() {
        List<Frame> stack = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stack.add(frame("com.acme.Deep" + i, "call"));
        }
        List<String> lines = FoldedStack.lines(stack, 12);
        assertEquals(13, lines.size(), lines.toString());
        assertEquals("... 8 more", lines.get(12));
    }

    @Test
    void aLeakingTestsBlockIsAFewLinesAndItsJsonKeepsEveryFrame() throws Exception {
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            started.countDown();
            try {
                queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "worker");
        List<Frame> own = ownStack();
        List<Frame> createdAt = own.subList(1, own.size()); // the test method first, as the agent has it
        worker.start();
        try {
            started.await();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (worker.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Leak leak = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                    .thread(new ThreadInfo(worker.getId(), "worker", false, false, "WAITING")).createdAt(createdAt)
                    .createdBy(new ThreadRef(1, "main")).ageMillis(2100).reason("still alive 2.0 s after the test ended")
                    .blockedOn(new BlockedOn("java.util.concurrent.LinkedBlockingQueue.take", "java.util.concurrent."
                            + "LinkedBlockingQueue@6d06d69c", 2000L, null, null, 0, Integer.MAX_VALUE, null))
                    .stack(Frame.of(worker.getStackTrace(), 32)).build();
            LeakReport report = LeakReport.of(new JvmInfo(1, "17", JvmInfo.AGENT), new ScopeInfo("test", "leaks()"),
                    List.of(leak), null, null, null);
            String block = report.toText().substring(report.toText().indexOf("THREAD LEAKED"));
            assertTrue(block.lines().count() <= 12, block);
            assertTrue(block.contains("  now at:\n    ... "), "the JDK's frames of the wait fold: " + block);
            assertTrue(block.contains(" frames inside LinkedBlockingQueue.take\n"
                    + "    java.util.concurrent.LinkedBlockingQueue.take("), block);
            assertEquals(createdAt.size(), ReportJson.read(report.toJson()).leaks().get(0).createdAt().size());
        } finally {
            worker.interrupt();
            worker.join();
        }
    }

    @Test
    void aReportComparedWithABaselineSaysWhatIsBeyondIt() {
        List<Frame> pool = List.of(frame("java.util.concurrent.ThreadPoolExecutor", "addWorker"),
                frame("com.acme.Pool", "start"));
        LeakReport live = LeakReport.of(new JvmInfo(1, "17", JvmInfo.AGENT), new ScopeInfo("jvm", "live"), List.of(), null,
                null, null);
        Baseline baseline = new Baseline("known.json", 12, 10, 3, List.of(new Baseline.Site(LeakKind.THREAD, pool, 5, 7),
                new Baseline.Site(LeakKind.TASK, List.of(), 0, 1)));
        List<String> lines = live.withBaseline(baseline).toText().lines().toList();
        assertEquals("threadleak: 3 leaks beyond the baseline `known.json`, in jvm `live`", lines.get(0));
        assertEquals(List.of("  baseline: 12 known, 10 now; beyond it:",
                "    +2 THREAD com.acme.Pool.start(Pool.java:10): 7 now, 5 known",
                "    +1 TASK (creation site unknown): new"), lines.subList(2, 5));
        String none = live.withBaseline(new Baseline("known.json", 12, 10, 0, List.of())).toText();
        assertTrue(none.startsWith("threadleak: no leaks beyond the baseline `known.json`, in jvm `live`\n"), none);
        assertTrue(none.contains("\n  baseline: 12 known, 10 now\n"), none);
    }
}
