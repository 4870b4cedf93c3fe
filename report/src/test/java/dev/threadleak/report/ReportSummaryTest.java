package dev.threadleak.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failed test's message: a few lines that say what leaked, whose code made it and whose code it waits in. */
class ReportSummaryTest {

    private static final String TEST_CLASS = "com.acme.PoolTest";

    private static Frame frame(String type, String method, int line) {
        return new Frame(type, method, type.substring(type.lastIndexOf('.') + 1) + ".java", line);
    }

    private static final List<Frame> CREATED_AT = List.of(
            frame("com.acme.Pool", "startBorrower", 41),
            frame(TEST_CLASS, "holdsAnObject", 17),
            frame("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", -2),
            frame("org.junit.platform.commons.util.ReflectionUtils", "invokeMethod", 786));

    private static Leak sleeper(int id) {
        return Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(id, "borrower-" + id, false, false, "TIMED_WAITING")).ageMillis(2_500)
                .reason("still alive 2.0 s after the test ended")
                .createdAt(CREATED_AT).createdBy(new ThreadRef(1, "main"))
                .blockedOn(BlockedOn.of(BlockedOn.SLEEP, null))
                .stack(List.of(frame("java.lang.Thread", "sleep", -2), frame("com.acme.SlowFactory", "create", 88),
                        frame("java.lang.Thread", "run", 840)))
                .build();
    }

    private static LeakReport report(List<Leak> leaks) {
        return new LeakReport(LeakReport.SCHEMA, new JvmInfo(1, "17", "agent"), "2026-12-01T00:00:00Z",
                new ScopeInfo("test", TEST_CLASS + ".holdsAnObject()"), leaks, List.of(), new Stats(1, 1, 0, 0), List.of());
    }

    @Test
    void aLeakSaysWhoseCodeMadeItWhichTestLineLedThereAndWhoseCodeItWaitsIn() {
        List<String> lines = ReportSummary.lines(report(List.of(sleeper(31))), TEST_CLASS, 25, "the full report");

        assertEquals(List.of(
                "THREAD LEAKED: \"borrower-31\" #31 (platform, non-daemon) TIMED_WAITING, age 2.5 s",
                "  why: still alive 2.0 s after the test ended",
                "  created by \"main\" #1 at com.acme.Pool.startBorrower(Pool.java:41)",
                "    via com.acme.PoolTest.holdsAnObject(PoolTest.java:17)",
                "  sleeping in Thread.sleep",
                "    at com.acme.SlowFactory.create(SlowFactory.java:88)"), lines);
    }

    /**
     * Commons Pool's trial: a 60 s sleep the project's slow factory asked for, through a library's
     * helper, said {@code at ThreadUtils$$Lambda$754/0x....accept(Unknown Source)}.
     */
    @Test
    void aWaitIsToldAtTheProjectsFrameNotALibrarysNorALambdasGeneratedOne() {
        Leak leak = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(31, "Thread-7", false, false, "TIMED_WAITING")).ageMillis(6_200)
                .reason("still alive 5.1 s after the test ended").createdAt(CREATED_AT).createdBy(new ThreadRef(1, "main"))
                .blockedOn(BlockedOn.of(BlockedOn.SLEEP, null))
                .stack(List.of(frame("java.lang.Thread", "sleep", -2),
                        new Frame("org.lib.Sleeps$$Lambda$754/0x00007f1e0419b368", "accept", null, -1),
                        frame("org.lib.Sleeps", "sleep", 504), frame("com.acme.SlowFactory", "create", 88),
                        frame("java.lang.Thread", "run", 840)))
                .build();

        List<String> project = ReportSummary.lines(report(List.of(leak)), List.of(TEST_CLASS),
                name -> name.startsWith("com.acme."), 25, "x");
        List<String> unknown = ReportSummary.lines(report(List.of(leak)), List.of(TEST_CLASS), name -> false, 25, "x");

        assertTrue(project.contains("    at com.acme.SlowFactory.create(SlowFactory.java:88)"), project.toString());
        assertTrue(unknown.contains("    at org.lib.Sleeps.sleep(Sleeps.java:504)"), "where the project's classes are "
                + "not known, the application's first frame with a line: " + unknown);
    }

    /** Threads started by a method reference ({@code workers.forEach(Thread::start)}): made at the line that wrote it. */
    @Test
    void aThreadIsMadeAtTheLineThatWroteTheMethodReferenceNotAtItsGeneratedFrame() {
        Leak leak = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(31, "worker-1", false, false, "WAITING")).ageMillis(2_000)
                .reason("still alive 2.0 s after the test ended").createdBy(new ThreadRef(1, "main"))
                .createdAt(List.of(frame("java.lang.Thread", "start", 793),
                        new Frame("com.acme.Workers$$Lambda$41/0x0000000800c0b238", "accept", null, -1),
                        frame("java.util.ArrayList", "forEach", 1511), frame("com.acme.Workers", "startAll", 27),
                        frame(TEST_CLASS, "startsWorkers", 40)))
                .build();

        List<String> lines = ReportSummary.lines(report(List.of(leak)), List.of(TEST_CLASS),
                name -> name.startsWith("com.acme."), 25, "x");

        assertTrue(lines.contains("  created by \"main\" #1 at com.acme.Workers.startAll(Workers.java:27)"), lines.toString());
    }

    /** Curator's trial: a client's four leaks from one test line hid, below the cut, a fifth made elsewhere. */
    @Test
    void theFirstLeakOfEachCreationLineComesBeforeMoreOfOneAlreadyShown() {
        Leak elsewhere = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(40, "latch-starter", false, true, "WAITING")).ageMillis(2_500)
                .reason("still alive 2.0 s after the test ended")
                .createdAt(List.of(frame("com.acme.Latch", "start", 12), frame(TEST_CLASS, "holdsAnObject", 23)))
                .createdBy(new ThreadRef(1, "main")).build();
        List<Leak> leaks = List.of(sleeper(31), sleeper(32), sleeper(33), sleeper(34), elsewhere);

        List<String> lines = ReportSummary.lines(report(leaks), TEST_CLASS, 14, "the full report");

        assertEquals("THREAD LEAKED: \"borrower-31\" #31 (platform, non-daemon) TIMED_WAITING, age 2.5 s", lines.get(0),
                "no line says one call made them: the fifth came from another");
        assertEquals("THREAD LEAKED: \"latch-starter\" #40 (platform, daemon) WAITING, age 2.5 s", lines.get(6), lines.toString());
        assertEquals("... 3 more leaks: see the full report", lines.get(lines.size() - 1));
        assertTrue(report(leaks).toText().indexOf("latch-starter") > report(leaks).toText().indexOf("borrower-34"),
                "the full report keeps the report's order");
    }

    /** SSHD's trial: one client is a thread, two pools and a timer; a line before their blocks says one call made them all. */
    @Test
    void leaksThatOneCallOfTheTestMadeSaySoBeforeTheirBlocks() {
        List<String> lines = ReportSummary.lines(report(List.of(sleeper(31), sleeper(32), sleeper(33))), TEST_CLASS,
                25, "the full report");
        List<String> two = ReportSummary.lines(report(List.of(sleeper(31), sleeper(32))), TEST_CLASS, 25, "the full report");
        List<String> one = ReportSummary.lines(report(List.of(sleeper(31))), TEST_CLASS, 25, "the full report");

        assertEquals("all 3 leaks come from the call at com.acme.PoolTest.holdsAnObject(PoolTest.java:17)", lines.get(0));
        assertEquals("THREAD LEAKED: \"borrower-31\" #31 (platform, non-daemon) TIMED_WAITING, age 2.5 s", lines.get(1));
        assertEquals("both leaks come from the call at com.acme.PoolTest.holdsAnObject(PoolTest.java:17)", two.get(0));
        assertTrue(one.get(0).startsWith("THREAD LEAKED"), "one leak's own via line says it: " + one);
    }

    /** ZooKeeper's trial: a quorum's fifty leaks put its election's threads before the two the test made itself. */
    @Test
    void whatTheTestsOwnCodeMadeComesFirst() {
        Leak byTheTest = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(50, "main-thread-1", false, false, "WAITING")).ageMillis(2_500)
                .reason("still alive 2.0 s after the test ended")
                .createdAt(List.of(frame(TEST_CLASS, "startsAServer", 88))).createdBy(new ThreadRef(1, "main")).build();
        List<Leak> leaks = List.of(sleeper(31), sleeper(32), byTheTest);

        List<String> lines = ReportSummary.lines(report(leaks), TEST_CLASS, 25, "the full report");

        assertEquals("THREAD LEAKED: \"main-thread-1\" #50 (platform, non-daemon) WAITING, age 2.5 s", lines.get(0));
        assertEquals("THREAD LEAKED: \"borrower-31\" #31 (platform, non-daemon) TIMED_WAITING, age 2.5 s", lines.get(3),
                lines.toString());
    }

    /** A library the project calls made the thread: the line names the project's code first, the code its reader can change. */
    @Test
    void theCreationLineNamesTheProjectsFrameBeforeALibrarysItCalled() {
        List<Frame> createdAt = new ArrayList<>();
        createdAt.add(frame("java.lang.Thread", "<init>", 708));
        createdAt.add(frame("org.apache.commons.lang3.ThreadUtils", "lambda$start$0", 120));
        createdAt.addAll(CREATED_AT);
        Leak leak = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(31, "borrower-31", false, false, "RUNNABLE"))
                .createdAt(createdAt).createdBy(new ThreadRef(1, "main")).build();
        LeakReport report = report(List.of(leak));

        List<String> told = ReportSummary.lines(report, List.of(TEST_CLASS), name -> name.startsWith("com.acme."), 25, "x");
        List<String> untold = ReportSummary.lines(report, List.of(TEST_CLASS), 25, "x");
        List<String> noneOfTheProjects = ReportSummary.lines(report, List.of(TEST_CLASS), name -> false, 25, "x");

        // and the library's frame that made it, which the full report's stack alone showed (Curator's trial)
        assertEquals(List.of("  created by \"main\" #1 at com.acme.Pool.startBorrower(Pool.java:41)",
                "    inside org.apache.commons.lang3.ThreadUtils.lambda$start$0(ThreadUtils.java:120)",
                "    via com.acme.PoolTest.holdsAnObject(PoolTest.java:17)"), told.subList(1, 4));
        assertEquals("  created by \"main\" #1 at org.apache.commons.lang3.ThreadUtils.lambda$start$0(ThreadUtils.java:120)",
                untold.get(1), "without knowing the project, the first frame that is not the JDK's");
        assertEquals(untold, noneOfTheProjects);
    }

    @Test
    void theLibrarysFrameIsTheCallerOfAFactoryThatOnlyWrapsTheJdks() {
        List<Frame> jdk = List.of(frame("java.lang.Thread", "<init>", 708),
                frame("java.util.concurrent.Executors", "newSingleThreadScheduledExecutor", 343));
        Frame factory = frame("org.apache.curator.utils.ThreadUtils", "newSingleThreadScheduledExecutor", 51);
        List<Frame> throughALibrary = new ArrayList<>(jdk);
        throughALibrary.add(factory);
        throughALibrary.add(frame("org.apache.curator.framework.state.CircuitBreaker", "build", 40));
        throughALibrary.addAll(CREATED_AT);
        List<Frame> fromTheProject = new ArrayList<>(jdk);
        fromTheProject.add(factory);
        fromTheProject.addAll(CREATED_AT);

        List<String> library = ReportSummary.lines(report(List.of(madeThrough(throughALibrary))), List.of(TEST_CLASS),
                name -> name.startsWith("com.acme."), 25, "x");
        List<String> project = ReportSummary.lines(report(List.of(madeThrough(fromTheProject))), List.of(TEST_CLASS),
                name -> name.startsWith("com.acme."), 25, "x");

        // Curator's trial: the helper's frame named the helper, not the code that made the pool and never shut it down
        assertEquals(List.of("  created by \"main\" #1 at com.acme.Pool.startBorrower(Pool.java:41)",
                "    inside org.apache.curator.framework.state.CircuitBreaker.build(CircuitBreaker.java:40)"),
                library.subList(1, 3));
        assertEquals("  created by \"main\" #1 at com.acme.Pool.startBorrower(Pool.java:41)", project.get(1));
        assertTrue(project.stream().noneMatch(l -> l.contains("inside")), "the project's line calls the factory itself: "
                + String.join("\n", project));
    }

    /**
     * Logback's trial: an executor's creation stack begins at the call of its constructor, here a
     * library's factory; the context's getter that called it is what tells its pools apart.
     */
    @Test
    void anExecutorsStackThatBeginsAtALibrarysFactoryNamesTheFactorysCaller() {
        List<Frame> createdAt = new ArrayList<>(List.of(
                frame("ch.qos.logback.core.util.ExecutorServiceUtil", "newScheduledExecutorService", 56),
                frame("ch.qos.logback.core.ContextBase", "getScheduledExecutorService", 244)));
        createdAt.addAll(CREATED_AT);
        Leak pool = Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(new ExecutorInfo("java.util.concurrent.ScheduledThreadPoolExecutor",
                        "java.util.concurrent.ScheduledThreadPoolExecutor@1ca25c47", "running", List.of(), 1, 0, null,
                        null, null))
                .createdAt(createdAt).createdBy(new ThreadRef(1, "main")).build();

        List<String> lines = ReportSummary.lines(report(List.of(pool)), List.of(TEST_CLASS),
                name -> name.startsWith("com.acme."), 25, "x");

        assertEquals(List.of("  created by \"main\" #1 at com.acme.Pool.startBorrower(Pool.java:41)",
                "    inside ch.qos.logback.core.ContextBase.getScheduledExecutorService(ContextBase.java:244)"),
                lines.subList(1, 3));
    }

    /**
     * Camel's trial: every pool of Camel's is made through a chain of its factories; the headline
     * named the innermost, {@code DefaultThreadPoolFactory.newThreadPool}, alike for every pool,
     * where the first caller that is no factory tells which part of Camel made this one.
     */
    @Test
    void anExecutorMadeThroughAChainOfALibrarysFactoriesNamesTheFirstCallerThatIsNone() {
        List<Frame> createdAt = new ArrayList<>(List.of(
                frame("org.apache.camel.impl.engine.DefaultThreadPoolFactory", "newThreadPool", 109),
                frame("org.apache.camel.impl.engine.BaseExecutorServiceManager", "newThreadPool", 285),
                frame("org.apache.camel.impl.engine.BaseExecutorServiceManager", "newSingleThreadExecutor", 330),
                frame("org.apache.camel.impl.engine.DefaultShutdownStrategy", "getExecutorService", 468),
                frame("org.apache.camel.impl.engine.DefaultShutdownStrategy", "shutdownForced", 148)));
        createdAt.addAll(CREATED_AT);
        Leak pool = Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor",
                        "java.util.concurrent.ThreadPoolExecutor@1ca25c47", "running", List.of(), 0, 0, null,
                        null, null))
                .createdAt(createdAt).createdBy(new ThreadRef(1, "main")).build();

        List<String> lines = ReportSummary.lines(report(List.of(pool)), List.of(TEST_CLASS),
                name -> name.startsWith("com.acme."), 25, "x");

        assertEquals(List.of("  created by \"main\" #1 at com.acme.Pool.startBorrower(Pool.java:41)",
                "    inside org.apache.camel.impl.engine.DefaultShutdownStrategy.getExecutorService("
                        + "DefaultShutdownStrategy.java:468)"),
                lines.subList(1, 3));
    }

    /**
     * Commons JCS's trial: every pool is made in the project's {@code ThreadPoolManager.createPool},
     * and an event queue's pool read as its discovery's did; the factory's caller tells them apart.
     * Not where the test itself called the factory: its "via" line says so.
     */
    @Test
    void aPoolMadeInTheProjectsFactorySaysWhoCalledTheFactory() {
        List<Frame> throughTheFactory = new ArrayList<>(List.of(
                frame("java.util.concurrent.ThreadPoolExecutor", "<init>", 1283),
                frame("com.acme.ThreadPoolManager", "createPool", 243),
                frame("com.acme.ThreadPoolManager", "createPool", 215),
                frame("com.acme.CacheEventQueue", "createPool", 72)));
        throughTheFactory.addAll(CREATED_AT);
        List<Frame> byTheTest = List.of(frame("com.acme.ThreadPoolManager", "createPool", 243),
                frame(TEST_CLASS, "holdsAnObject", 17));

        List<String> lines = ReportSummary.lines(report(List.of(madeThrough(throughTheFactory))), List.of(TEST_CLASS),
                name -> name.startsWith("com.acme."), 25, "x");
        List<String> direct = ReportSummary.lines(report(List.of(madeThrough(byTheTest))), List.of(TEST_CLASS),
                name -> name.startsWith("com.acme."), 25, "x");

        assertEquals(List.of("  created by \"main\" #1 at com.acme.ThreadPoolManager.createPool(ThreadPoolManager.java:243)",
                "    called from com.acme.CacheEventQueue.createPool(CacheEventQueue.java:72)",
                "    via com.acme.PoolTest.holdsAnObject(PoolTest.java:17)"), lines.subList(1, 4));
        assertTrue(direct.stream().noneMatch(l -> l.contains("called from")), String.join("\n", direct));
    }

    /** A thread made through {@code createdAt}. */
    private static Leak madeThrough(List<Frame> createdAt) {
        return Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(48, "pool-3-thread-1", false, false, "WAITING"))
                .createdAt(createdAt).createdBy(new ThreadRef(1, "main")).build();
    }

    @Test
    void aTestMethodInheritedFromASuperclassIsTheViaLineToo() {
        List<String> lines = ReportSummary.lines(report(List.of(sleeper(31))), List.of("com.acme.MemoryPoolTest",
                "com.acme.PoolTest"), 25, "the full report");
        List<String> onlyTheTestClass = ReportSummary.lines(report(List.of(sleeper(31))), "com.acme.MemoryPoolTest",
                25, "the full report");

        assertTrue(lines.contains("    via com.acme.PoolTest.holdsAnObject(PoolTest.java:17)"), String.join("\n", lines));
        assertTrue(onlyTheTestClass.contains("    via com.acme.PoolTest.holdsAnObject(PoolTest.java:17)"),
                "the frame JUnit called through reflection is the test's, whatever its class: "
                        + String.join("\n", onlyTheTestClass));
    }

    @Test
    void aStackCutAboveTheTestsFrameSaysSoWhereTheViaLineWouldBe() {
        Leak.Builder leak = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(31, "reloader", false, true, "WAITING"))
                .createdAt(CREATED_AT.subList(0, 1)).createdBy(new ThreadRef(1, "main"));

        List<String> cut = ReportSummary.lines(report(List.of(leak.createdAtCut(true).build())), TEST_CLASS, 25, "x");
        List<String> whole = ReportSummary.lines(report(List.of(leak.createdAtCut(false).build())), TEST_CLASS, 25, "x");

        assertEquals(List.of("  created by \"main\" #1 at com.acme.Pool.startBorrower(Pool.java:41)",
                "    ... cut at 1 frame (stack-depth=1) before any frame of com.acme.PoolTest"), cut.subList(1, 3));
        assertEquals(2, whole.size(), "a whole stack without the test's frame: nothing to add " + whole);
    }

    /**
     * Qpid JMS's trial: five tests' pools, each made in the constructor of a class nested in the
     * test class, named that constructor only; the line of the test that called it is the via line.
     */
    @Test
    void aPoolMadeInAHelperOfTheTestClassNamesTheTestMethodThatCalledIt() {
        Leak leak = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(31, "pool-1-thread-1", false, true, "WAITING"))
                .createdAt(List.of(frame(TEST_CLASS + "$ServerSession", "<init>", 575),
                        frame(TEST_CLASS, "dispatches", 121), frame(TEST_CLASS, "dispatchesAfterStart", 97),
                        frame("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", -2)))
                .createdBy(new ThreadRef(1, "main")).build();

        List<String> lines = ReportSummary.lines(report(List.of(leak)), TEST_CLASS, 25, "x");

        assertEquals(List.of("  created by \"main\" #1 at com.acme.PoolTest$ServerSession.<init>(PoolTest$ServerSession.java:575)",
                "    via com.acme.PoolTest.dispatchesAfterStart(PoolTest.java:97)"), lines.subList(1, 3));
    }

    /**
     * Feign's trial: forty failures of one class each said "via" the same builder helper of the test
     * class; the line of the test that called it follows, so that one failure reads apart from the next.
     */
    @Test
    void aViaLineInAHelperOfTheTestClassIsFollowedByTheTestThatCalledIt() {
        Leak leak = Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@1", "running", List.of(), 0,
                        0, null, null, null))
                .createdAt(List.of(frame("java.util.concurrent.Executors", "newCachedThreadPool", 220),
                        frame("com.acme.AsyncClient", "defaultExecutor", 68),
                        frame(TEST_CLASS + "$Builder", "target", 1305), frame(TEST_CLASS, "postsAForm", 149),
                        frame("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", -2)))
                .createdBy(new ThreadRef(1, "main")).build();

        List<String> lines = ReportSummary.lines(report(List.of(leak)), List.of(TEST_CLASS), name -> name.startsWith("com.acme."),
                25, "x");

        assertEquals(List.of("  created by \"main\" #1 at com.acme.AsyncClient.defaultExecutor(AsyncClient.java:68)",
                "    via com.acme.PoolTest$Builder.target(PoolTest$Builder.java:1305)",
                "    from com.acme.PoolTest.postsAForm(PoolTest.java:149)"), lines.subList(1, 4));
    }

    /**
     * cache2k's trial: a test class that extends the library's class it calls read "at
     * ...Test.loads(PoolTest.java:99)", "via" that class's frame, and again "from
     * ...Test.loads(PoolTest.java:99)".
     */
    @Test
    void aTestThatExtendsTheLibrarysClassIsNotNamedTwice() {
        Leak leak = Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@1", "running", List.of(), 0,
                        0, null, null, null))
                .createdAt(List.of(frame("java.util.concurrent.ThreadPoolExecutor", "<init>", 1345),
                        frame("org.cache.HeapCache", "provideDefaultLoaderExecutor", 299),
                        frame("org.cache.ForwardingCache", "loadAll", 146), frame(TEST_CLASS, "loads", 99),
                        frame("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", -2)))
                .createdBy(new ThreadRef(1, "main")).build();

        List<String> lines = ReportSummary.lines(report(List.of(leak)), List.of(TEST_CLASS, "org.cache.ForwardingCache"),
                name -> name.startsWith("com.acme."), 25, "x");

        assertEquals(List.of("  created by \"main\" #1 at com.acme.PoolTest.loads(PoolTest.java:99)",
                "    inside org.cache.HeapCache.provideDefaultLoaderExecutor(HeapCache.java:299)"), lines.subList(1, 3));
        assertEquals(3, lines.size(), String.join("\n", lines));
    }

    /** Dubbo's trial: a pool of the project's own class was "created at" its constructor's {@code super(...)} line. */
    @Test
    void anExecutorOfTheProjectsOwnClassIsCreatedWhereItsConstructorWasCalled() {
        Leak leak = Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED)
                .executor(new ExecutorInfo("com.acme.EagerPool", "com.acme.EagerPool@1f", "running", List.of(), 0, 0,
                        null, null, null))
                .createdAt(List.of(frame("java.util.concurrent.ThreadPoolExecutor", "<init>", 1345),
                        frame("java.util.concurrent.ThreadPoolExecutor", "<init>", 1236),
                        frame("com.acme.EagerPool", "<init>", 38), frame("com.acme.EagerPools", "getExecutor", 55),
                        frame(TEST_CLASS, "getExecutor1", 53),
                        frame("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", -2)))
                .createdBy(new ThreadRef(1, "main")).build();

        assertEquals(List.of("  created by \"main\" #1 at com.acme.EagerPools.getExecutor(EagerPools.java:55)",
                "    via com.acme.PoolTest.getExecutor1(PoolTest.java:53)"), createdAndVia(leak));
    }

    /** Dubbo's trial: the via line named {@code Test$1.<init>}, the anonymous class a {@code @BeforeEach} method made. */
    @Test
    void theViaLineIsTheMethodThatWroteAnAnonymousClassNotItsConstructor() {
        Leak leak = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(31, "config-worker-1", false, true, "WAITING"))
                .createdAt(List.of(frame("com.acme.Config", "initWorkers", 240), frame("com.acme.Config", "<init>", 102),
                        frame(TEST_CLASS + "$1", "<init>", 53), frame(TEST_CLASS, "init", 53),
                        frame("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", -2)))
                .createdBy(new ThreadRef(1, "main")).build();

        assertEquals(List.of("  created by \"main\" #1 at com.acme.Config.initWorkers(Config.java:240)",
                "    via com.acme.PoolTest.init(PoolTest.java:53)"), createdAndVia(leak));
    }

    /** The summary's "created by" and "via" lines of {@code leak}, alone in its report, com.acme being the project. */
    private static List<String> createdAndVia(Leak leak) {
        return ReportSummary.lines(report(List.of(leak)), List.of(TEST_CLASS), name -> name.startsWith("com.acme."), 25,
                "x").subList(1, 3);
    }

    /**
     * Log4j's trial: an extension's {@code beforeEach} made it, and the stack kept reaches JUnit's
     * call of it: what was cut is JUnit's, and no frame of the test class is in it to look for.
     */
    @Test
    void aStackCutBelowWhereJUnitCalledTheApplicationDoesNotSendItsReaderLookingForTheTestsFrame() {
        Leak leak = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(31, "dispatcher", false, true, "WAITING"))
                .createdAt(List.of(frame("com.acme.Appender", "start", 127),
                        frame("com.acme.test.ContextResolver", "beforeEach", 78),
                        frame("org.junit.jupiter.engine.descriptor.CallbackSupport", "invokeBeforeCallbacks", 34)))
                .createdBy(new ThreadRef(1, "main")).createdAtCut(true).build();

        List<String> lines = ReportSummary.lines(report(List.of(leak)), TEST_CLASS, 25, "x");

        assertTrue(lines.stream().noneMatch(l -> l.contains("before any frame of")), String.join("\n", lines));
    }

    /** A Spring context's stack is deeper than stack-depth: where the test entered it is kept, and is the via line. */
    @Test
    void aStackCutAboveTheTestsFrameNamesItWhereTheTestEnteredTheApplication() throws Exception {
        Leak leak = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(31, "reloader", false, true, "WAITING"))
                .createdAt(CREATED_AT.subList(0, 1)).createdBy(new ThreadRef(1, "main")).createdAtCut(true)
                .createdFrom(List.of(frame(TEST_CLASS, "holdsAnObject", 17), frame("com.acme.Runner", "main", 3))).build();
        LeakReport report = report(List.of(leak));

        List<String> lines = ReportSummary.lines(report, TEST_CLASS, 25, "x");

        assertEquals(List.of("  created by \"main\" #1 at com.acme.Pool.startBorrower(Pool.java:41)",
                "    via com.acme.PoolTest.holdsAnObject(PoolTest.java:17)"), lines.subList(1, 3));
        assertTrue(report.toText().contains("    ... cut at 1 frame (stack-depth=1)\n"
                + "    ... entered from com.acme.PoolTest.holdsAnObject(PoolTest.java:17)\n"
                + "    ... entered from com.acme.Runner.main(Runner.java:3)\n"), report.toText());
        assertEquals(report.leaks(), ReportJson.read(ReportJson.write(report)).leaks(), "the JSON keeps it");
    }

    @Test
    void aPeriodicTasksRunnerBetweenRunsIsNotNewsButTheTasksOwnCodeIs() {
        Leak.Builder task = Leak.builder(LeakKind.TASK, Verdict.LEAKED)
                .task(new TaskInfo("com.acme.Beat", "com.acme.Beat@1f", "pool@2e", "running", null, null, null,
                        null, null, null, true, 2))
                .createdAt(CREATED_AT).createdBy(new ThreadRef(1, "main"));
        List<Frame> betweenRuns = List.of(frame("jdk.internal.misc.Unsafe", "unpark", -2),
                frame("java.util.concurrent.ThreadPoolExecutor", "runWorker", 1137));
        List<Frame> inTheTask = List.of(frame("com.acme.Beat", "run", 12),
                frame("java.util.concurrent.ThreadPoolExecutor", "runWorker", 1136));

        List<String> between = ReportSummary.lines(report(List.of(task.stack(betweenRuns).build())), TEST_CLASS, 25, "x");
        List<String> running = ReportSummary.lines(report(List.of(task.stack(inTheTask).build())), TEST_CLASS, 25, "x");

        assertEquals(List.of(), between.stream().filter(l -> l.startsWith("  now at")).toList(), between.toString());
        assertEquals(List.of("  now at com.acme.Beat.run(Beat.java:12)"),
                running.stream().filter(l -> l.startsWith("  now at")).toList(), running.toString());
    }

    /** db-scheduler's trial: a thread reading a process's output said only where its own code was. */
    @Test
    void aThreadInANativeMethodOfTheJdksSaysWhichBesideItsOwnFrame() {
        List<Frame> reading = List.of(frame("java.io.FileInputStream", "readBytes", -2),
                frame("java.io.FileInputStream", "read", 276), frame("java.io.BufferedInputStream", "read1", 282),
                frame("java.io.BufferedInputStream", "read", 343), frame("com.acme.OutputLogger", "run", 52),
                frame("java.lang.Thread", "run", 840));
        Leak thread = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(23, "postgres:pid(8156)", false, true, "RUNNABLE"))
                .createdAt(CREATED_AT).createdBy(new ThreadRef(1, "main")).stack(reading).build();

        List<String> lines = ReportSummary.lines(report(List.of(thread)), TEST_CLASS, 25, "x");

        assertEquals(List.of("  now at com.acme.OutputLogger.run(OutputLogger.java:52), in FileInputStream.readBytes (native)"),
                lines.stream().filter(l -> l.startsWith("  now at")).toList(), lines.toString());
        assertEquals(List.of("java.io.FileInputStream.readBytes(Native Method)", "... 3 frames inside BufferedInputStream.read",
                "com.acme.OutputLogger.run(OutputLogger.java:52)", "java.lang.Thread.run(Thread.java:840)"),
                FoldedStack.lines(reading, null, 12), "the native method on top is what it does: shown, not folded");
    }

    /** TTL's trial: a pool's running worker, with no wait line, read "Unsafe.park(Native Method)" above its fold. */
    @Test
    void aParkOnTopOfAStackWithNoWaitLineFoldsWithTheJdksFramesAboveTheCodeThatWaits() {
        List<Frame> parked = List.of(frame("jdk.internal.misc.Unsafe", "park", -2),
                frame("java.util.concurrent.locks.LockSupport", "park", 211),
                frame("java.util.concurrent.locks.AbstractQueuedSynchronizer", "acquire", 715),
                frame("java.util.concurrent.locks.AbstractQueuedSynchronizer", "acquireSharedInterruptibly", 1047),
                frame("java.util.concurrent.CountDownLatch", "await", 230), frame("com.acme.Job", "run", 7),
                frame("java.lang.Thread", "run", 840));

        assertEquals(List.of("... 5 frames inside CountDownLatch.await", "com.acme.Job.run(Job.java:7)",
                "java.lang.Thread.run(Thread.java:840)"), FoldedStack.lines(parked, null, 12));
    }

    @Test
    void whatDoesNotFitIsCountedInALastLineThatSaysWhereItIs() {
        List<Leak> leaks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            leaks.add(sleeper(30 + i));
        }

        List<String> lines = ReportSummary.lines(report(leaks), TEST_CLASS, 20, "the full report");

        assertEquals(20, lines.size(), "the one call that made them, three leaks of six lines, and the count");
        assertEquals("all 10 leaks come from the call at com.acme.PoolTest.holdsAnObject(PoolTest.java:17)", lines.get(0));
        assertEquals("... 7 more leaks: see the full report", lines.get(19));
    }

    /** Java-WebSocket's trial: "34 leaks" over two groups of twelve said "... 4 more leaks", four groups of 22. */
    @Test
    void theLastLineCountsTheLeaksOfTheGroupsItCutNotTheGroups() {
        List<Leak> leaks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Leak first = sleeper(30 + i);
            leaks.add(first.grouped(5, List.of(new ThreadRef(30 + i, "borrower-" + (30 + i)))));
        }

        List<String> lines = ReportSummary.lines(report(leaks), TEST_CLASS, 20, "the full report");

        assertEquals("... 20 more leaks: see the full report", lines.get(lines.size() - 1),
                "four groups of five left out: " + lines);
    }

    /**
     * Java-WebSocket's trial: beside every leak, "heap proof took ... 0 blocked forever, 0 deadlocked"
     * and "no static field ... holds what is left" took a failed test's lines and settled nothing.
     * The full report keeps them; a note that says something stays.
     */
    @Test
    void theProofsNotesThatSettleNothingAreLeftToTheFullReport() {
        String took = ProofNotes.TOOK + "232 ms (dump 98 ms, analysis 134 ms; 126500 objects, 15 MB): "
                + ProofNotes.NOTHING_PROVEN + ", 2 can still be woken";
        String noHolder = ProofNotes.NO_HOLDER + " (from a heap dump of 21 MB, 223 ms)";
        String other = "static field com.acme.Registry.INSTANCE holds some of what is left, not through a collection";
        LeakReport report = new LeakReport(LeakReport.SCHEMA, new JvmInfo(1, "17", "agent"), "2026-12-01T00:00:00Z",
                new ScopeInfo("test", TEST_CLASS + ".holdsAnObject()"), List.of(sleeper(31)), List.of(),
                new Stats(1, 1, 0, 0), List.of(took, noHolder, other));

        List<String> lines = ReportSummary.lines(report, TEST_CLASS, 25, "the full report");

        assertEquals(List.of("note: " + other), lines.stream().filter(l -> l.startsWith("note: ")).toList(), lines.toString());
        assertTrue(report.toText().contains(took) && report.toText().contains(noHolder), "the full report keeps them");
    }
}
