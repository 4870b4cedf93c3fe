package dev.threadleak.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakReportTest {

    private static final List<Frame> SITE = List.of(new Frame("com.acme.Search", "process", "Search.java", 42),
            new Frame("com.acme.Main", "main", "Main.java", 7));

    private static Leak virtualLeak(long id) {
        return Leak.builder(LeakKind.VIRTUAL_THREAD, Verdict.LEAKED)
                .thread(new ThreadInfo(id, "", true, true, "WAITING"))
                .createdAt(SITE).createdBy(new ThreadRef(1, "main")).ageMillis(1200).build();
    }

    private static LeakReport report(List<Leak> leaks) {
        return LeakReport.of(new JvmInfo(42, "25", JvmInfo.AGENT), new ScopeInfo("jvm", "at exit"), leaks, null,
                new Stats(3, 2, 1, 0), List.of("a note"));
    }

    @Test
    void identicalLeaksAreGroupedWithACountAndAFewNamedMembers() {
        List<Leak> leaks = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            leaks.add(virtualLeak(100 + i));
        }
        LeakReport report = report(leaks);
        assertEquals(1, report.leaks().size());
        assertEquals(10_000, report.leaks().get(0).count());
        assertEquals(10_000, report.leakCount());
        assertEquals(LeakGroups.NAMED_MEMBERS, report.leaks().get(0).members().size());
        assertTrue(report.toText().contains("VIRTUAL_THREAD LEAKED x10000"), report.toText());
    }

    /** Spring Batch's ten pools: the one shown, "e.g.", is the oldest, whatever order they were found in. */
    @Test
    void aGroupOfExecutorsShowsItsOldest() {
        List<Leak> pools = new ArrayList<>();
        for (long age : new long[] {259, 5_100, 1_300}) {
            ExecutorInfo pool = new ExecutorInfo("java.util.concurrent.ThreadPoolExecutor", "pool@" + age, "running",
                    List.of(new ThreadRef(age, "pool-thread")), 0, 0, null, null, 0);
            pools.add(Leak.builder(LeakKind.EXECUTOR, Verdict.LEAKED).executor(pool).createdAt(SITE)
                    .createdBy(new ThreadRef(1, "main")).ageMillis(age).reason("not shut down when the test ended").build());
        }
        Leak group = report(pools).leaks().get(0);

        assertEquals(3, group.count());
        assertEquals("pool@5100", group.executor().identity());
        assertEquals(5_100, group.ageMillis());
    }

    /**
     * A group of threads is led by its oldest member with a stack, not by the first in the JVM's
     * order (157 lost senders were led by "sender-92"); a big group takes the stacks of a few.
     */
    @Test
    void aGroupOfThreadsShowsItsOldestWithAStack() {
        List<Leak> senders = new ArrayList<>();
        long[][] idAgeStack = {{92, 300, 1}, {3, 900, 1}, {7, 5_000, 0}, {12, 600, 1}};
        for (long[] s : idAgeStack) {
            senders.add(Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                    .thread(new ThreadInfo(s[0], "sender-" + s[0], false, false, "WAITING")).createdAt(SITE)
                    .ageMillis(s[1]).stack(s[2] == 1 ? SITE : List.of()).build());
        }
        Leak group = report(senders).leaks().get(0);

        assertEquals(4, group.count());
        assertEquals("sender-3", group.thread().name());
        assertEquals(900, group.ageMillis());
        assertTrue(report(senders).toText().contains("THREAD LEAKED x4: \"sender-3\""), report(senders).toText());
    }

    /**
     * Two request threads of one pool, deadlocked on two monitors: one site, one state, one
     * verdict, but each waits on the monitor the other holds, and one block's wait line, its first
     * member's, was false of the other (an embedded Tomcat's trial).
     */
    @Test
    void membersOfADeadlockStandAloneEachWithItsOwnWait() {
        List<ThreadRef> cycle = List.of(new ThreadRef(31, "exec-1"), new ThreadRef(32, "exec-2"));
        List<Leak> members = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ThreadRef owner = cycle.get(1 - i);
            BlockedOn entering = new BlockedOn("com.acme.Main$Deadlock.doGet", "java.lang.Object@" + i, null, null, null,
                    null, null, null, owner, false);
            members.add(Leak.builder(LeakKind.THREAD, Verdict.DEADLOCKED)
                    .thread(new ThreadInfo(cycle.get(i).id(), cycle.get(i).name(), false, true, "BLOCKED"))
                    .createdAt(SITE).ageMillis(900).blockedOn(entering).reason("deadlocked").cycle(cycle).build());
        }
        LeakReport report = report(members);

        assertEquals(2, report.leaks().size(), report.toText());
        for (int i = 0; i < 2; i++) {
            Leak member = report.leaks().get(i);
            assertEquals(1, member.count());
            assertEquals(cycle.get(1 - i), member.blockedOn().owner(), report.toText());
            assertEquals(cycle, member.cycle());
        }
        assertTrue(report.toText().contains("wait-for cycle of \"exec-1\" #31, \"exec-2\" #32"), report.toText());
    }

    /** A server's pool threads: one site, one state, but an acceptor and a selector are not in one place. */
    private static Leak serverThread(long id, String method, int line) {
        List<Frame> stack = List.of(new Frame("sun.nio.ch.Net", method, "Net.java", line),
                new Frame("org.eclipse.jetty.util.thread.QueuedThreadPool$Runner", "run", "QueuedThreadPool.java", 1149));
        return Leak.builder(LeakKind.THREAD, Verdict.LEAKED).thread(new ThreadInfo(id, "qtp-" + id, false, false, "RUNNABLE"))
                .createdAt(SITE).stack(stack).build();
    }

    private static Leak requestThread(long id, String operation, String object, String inMethod) {
        BlockedOn on = new BlockedOn(operation, object, 40_000L, null, null, null, null, null, null, null);
        List<Frame> stack = inMethod == null ? List.of() : List.of(new Frame("com.acme.Servlets", inMethod, "Servlets.java", 9),
                new Frame("org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker", "run", "ThreadPoolExecutor.java", 1));
        return Leak.builder(LeakKind.THREAD, Verdict.SUSPECT).thread(new ThreadInfo(id, "exec-" + id, true, false, "WAITING"))
                .createdAt(SITE).blockedOn(on).stack(stack).build();
    }

    /**
     * Tomcat's trial: a server's request threads share a creation site and a state, and a report
     * reads the stacks of a few. Five, stuck in a queue's put, on a latch and on a lock, read as one
     * block on the wait of the one shown, "4 of these 5" where nothing was known of two.
     */
    @Test
    void aGroupIsOfOneKindOfWaitAndSaysOfHowManyMembersItKnowsWhereTheyAre() throws Exception {
        String put = "java.util.concurrent.SynchronousQueue.put";
        LeakReport report = report(List.of(
                requestThread(1, put, "java.util.concurrent.SynchronousQueue@1", "produce"),
                requestThread(2, put, "java.util.concurrent.SynchronousQueue@1", "produce"),
                requestThread(3, put, "java.util.concurrent.SynchronousQueue@3", "leakPut"),
                requestThread(4, put, "java.util.concurrent.SynchronousQueue@4", null),
                requestThread(5, put, "java.util.concurrent.SynchronousQueue@5", null),
                requestThread(6, "java.util.concurrent.CountDownLatch.await", "java.util.concurrent.CountDownLatch$Sync@6",
                        "lockHog"),
                requestThread(7, "java.util.concurrent.locks.ReentrantLock.lock",
                        "java.util.concurrent.locks.ReentrantLock$NonfairSync@7", null)));

        assertEquals(List.of(5, 1, 1), report.leaks().stream().map(Leak::count).toList(), report.toText());
        Leak puts = report.leaks().get(0);
        assertEquals(3, puts.stacksRead());
        assertTrue(report.toText().contains("(stacks of 3 of these 5 read: 2 here, 1 elsewhere; on 4 objects of this class)\n"),
                report.toText());
        String json = ReportJson.write(report);
        assertTrue(json.contains("\"stacksRead\" : 3") && json.contains("\"waitObjects\" : 4"), json);
        assertEquals(report, ReportJson.read(json));
    }

    @Test
    void aGroupWhoseMembersAreInOtherPlacesSaysHowManyItsStackDescribes() {
        LeakReport report = report(List.of(serverThread(7, "accept", 10), serverThread(8, "poll", 20),
                serverThread(9, "accept", 11), serverThread(10, "accept", 12)));

        Leak group = report.leaks().get(0);
        assertEquals(4, group.count());
        assertEquals(1, group.elsewhere(), "the selector is not where the first member's stack says");
        assertTrue(report.toText().contains("  now at (3 of these 4; 1 elsewhere):\n    sun.nio.ch.Net.accept"),
                report.toText());
        assertTrue(ReportJson.write(report).contains("\"elsewhere\" : 1"), ReportJson.write(report));

        BlockedOn latch = new BlockedOn("java.util.concurrent.CountDownLatch.await", "latch@1", 900L, null, null, null,
                null, null, null, null);
        LeakReport parked = report(List.of(serverThread(7, "accept", 10).withBlockedOn(latch),
                serverThread(8, "poll", 20).withBlockedOn(latch)));
        assertTrue(parked.toText().contains("on latch@1 (1 of these 2; 1 elsewhere)\n  now at:\n"), parked.toText());

        LeakReport alike = report(List.of(serverThread(7, "accept", 10), serverThread(9, "accept", 11)));
        assertEquals(null, alike.leaks().get(0).elsewhere(), "a line apart in one method is one place");
        assertTrue(alike.toText().contains("  now at:\n"), alike.toText());
    }

    @Test
    void aGroupWhoseMembersHaveOtherReasonsSaysSoAndShowsOne() {
        Leak byFirst = Leak.builder(LeakKind.THREAD, Verdict.LEAKED).thread(new ThreadInfo(7, "w", false, false, "WAITING"))
                .createdAt(SITE).reason("left by test `first()`").build();
        Leak bySecond = Leak.builder(LeakKind.THREAD, Verdict.LEAKED).thread(new ThreadInfo(8, "w", false, false, "WAITING"))
                .createdAt(SITE).reason("left by test `second()`").build();

        Leak group = report(List.of(byFirst, bySecond, byFirst)).leaks().get(0);

        assertEquals(3, group.count());
        assertEquals("left by test `first()`; for 1 of these 3, another reason, such as: left by test `second()`",
                group.reason());
        assertEquals("left by test `first()`", report(List.of(byFirst, byFirst)).leaks().get(0).reason());
    }

    /** ZooKeeper's four client threads, one of them seen to wake and wait again: that is said of it, once. */
    @Test
    void aGroupWhereSomeMembersReasonsOnlyAddToTheOthersSaysTheAdditionOfThoseOnly() {
        Leak plain = Leak.builder(LeakKind.THREAD, Verdict.LEAKED).thread(new ThreadInfo(7, "w", false, false, "WAITING"))
                .createdAt(SITE).reason("still alive 2.0 s after the test ended").build();
        Leak looped = Leak.builder(LeakKind.THREAD, Verdict.LEAKED).thread(new ThreadInfo(8, "w", false, false, "WAITING"))
                .createdAt(SITE).reason("still alive 2.0 s after the test ended; it woke and waits again").build();

        assertEquals("still alive 2.0 s after the test ended; for 1 of these 3, it woke and waits again",
                report(List.of(plain, looped, plain)).leaks().get(0).reason());
        assertEquals("still alive 2.0 s after the test ended; for 2 of these 3, it woke and waits again",
                report(List.of(looped, plain, looped)).leaks().get(0).reason(), "the first member the one that adds");
    }

    @Test
    void membersWhoseReasonsDifferOnlyInWhatTheyMeasuredHaveOneReason() {
        Leak.Builder spinner = Leak.builder(LeakKind.THREAD, Verdict.IGNORES_CANCELLATION)
                .thread(new ThreadInfo(7, "w", false, false, "RUNNABLE")).createdAt(SITE);
        Leak early = spinner.reason("interrupted by cancel(true) 383 ms ago and still running").build();
        Leak late = spinner.reason("interrupted by cancel(true) 1.2 s ago and still running").build();

        assertEquals("interrupted by cancel(true) 383 ms ago and still running",
                report(List.of(early, late)).leaks().get(0).reason());
    }

    @Test
    void leaksFromDifferentSitesStayApart() {
        Leak other = Leak.builder(LeakKind.THREAD, Verdict.LEAKED).thread(new ThreadInfo(7, "w", false, false, "RUNNABLE"))
                .createdAt(List.of(new Frame("com.acme.Other", "run", "Other.java", 3))).build();
        assertEquals(2, report(List.of(virtualLeak(1), other)).leaks().size());
    }

    /** The Jetty trial: two idle pool threads and one stuck for good in the test's job read as "x3 TIMED_WAITING". */
    @Test
    void threadsOfOneSiteInAnotherStateStayApart() {
        Leak.Builder worker = Leak.builder(LeakKind.THREAD, Verdict.LEAKED).createdAt(SITE);
        Leak idle = worker.thread(new ThreadInfo(7, "qtp-1", false, false, "TIMED_WAITING")).build();
        Leak alsoIdle = worker.thread(new ThreadInfo(8, "qtp-2", false, false, "TIMED_WAITING")).build();
        Leak stuck = worker.thread(new ThreadInfo(9, "qtp-3", false, false, "WAITING")).build();

        List<Leak> blocks = report(List.of(idle, stuck, alsoIdle)).leaks();

        assertEquals(2, blocks.size(), blocks.toString());
        assertEquals(2, blocks.get(0).count());
        assertEquals("WAITING", blocks.get(1).thread().state());
    }

    @Test
    void jsonRoundTripKeepsEveryField() throws Exception {
        Leak leak = Leak.builder(LeakKind.THREAD, Verdict.SUSPECT)
                .thread(new ThreadInfo(31, "worker-1", false, false, "WAITING")).createdAt(SITE)
                .createdBy(new ThreadRef(1, "main")).ageMillis(12_000)
                .blockedOn(new BlockedOn("java.util.concurrent.SynchronousQueue.put", "java.util.concurrent.SynchronousQueue@1",
                        11_800L, null, null, 0, 0, "queue empty, no taker waiting"))
                .stack(SITE).reason("parked 11.8 s").build();
        LeakReport report = report(List.of(leak));
        String json = report.toJson();
        assertTrue(json.contains("\"schema\" : \"threadleak/1\""), json);
        assertEquals(report, ReportJson.read(json));
    }

    /** A live report of parked threads only: suspects, not leaks, in its first line too. */
    @Test
    void theHeadlineCountsSuspectsAsSuspects() {
        Leak suspect = Leak.builder(LeakKind.THREAD, Verdict.SUSPECT).thread(new ThreadInfo(7, "stage", false, false,
                "WAITING")).build();
        Leak other = Leak.builder(LeakKind.THREAD, Verdict.SUSPECT).thread(new ThreadInfo(8, "main", false, false,
                "WAITING")).createdAt(SITE).build();

        assertTrue(report(List.of(suspect)).toText().startsWith("threadleak: 1 suspect in jvm `at exit`"));
        assertTrue(report(List.of(suspect, other)).toText().startsWith("threadleak: 2 suspects in jvm"));
        assertTrue(report(List.of(suspect, virtualLeak(5))).toText()
                .startsWith("threadleak: 2 leaks (1 of them a suspect) in jvm"));
        assertTrue(report(List.of(virtualLeak(5))).toText().startsWith("threadleak: 1 leak in jvm"));
    }

    @Test
    void textPutsTheCreationStackFirst() {
        String text = report(List.of(virtualLeak(5))).toText();
        assertTrue(text.startsWith("threadleak: 1 leak in jvm `at exit`"), text);
        assertTrue(text.indexOf("created by \"main\" #1 at:") < text.indexOf("com.acme.Search.process(Search.java:42)"), text);
        assertTrue(text.contains("note: a note"), text);
    }

    @Test
    void somethingThatIsNotAReportIsRefusedInOneLine() {
        ReportFormatException notJson = assertThrows(ReportFormatException.class, () -> ReportJson.read("{oops"));
        assertTrue(notJson.getMessage().startsWith("not JSON"), notJson.getMessage());
        ReportFormatException other = assertThrows(ReportFormatException.class, () -> ReportJson.read("{\"a\":1}"));
        assertEquals("not a threadleak report: schema is missing, expected 'threadleak/1'", other.getMessage());
    }

    @Test
    void durationsParseAndPrint() {
        assertEquals(500, Durations.parseMillis("500ms"));
        assertEquals(10_000, Durations.parseMillis("10s"));
        assertEquals(300_000, Durations.parseMillis("5m"));
        assertEquals(3_600_000, Durations.parseMillis("1h"));
        assertEquals(0, Durations.parseMillis("0"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis("10"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis("ten s"));
        assertEquals("12.3 s", Durations.format(12_345));
        assertEquals("4 m 05 s", Durations.format(245_000));
        assertEquals("2 h 03 m", Durations.format(7_380_000));
        assertEquals("3 d 04 h", Durations.format((3 * 24 + 4) * 3_600_000L));
        assertEquals("over a year", Durations.format(Long.MAX_VALUE / 1_000_000), "a sleep(Long.MAX_VALUE)");
        assertEquals("59.9 s", Durations.format(59_949));
        assertEquals("1 m 00 s", Durations.format(59_980), "not 60.0 s, which a moment later reads 1 m 00 s");
        assertEquals("1 m 00 s", Durations.format(60_020));
    }

    @Test
    void aCheckSaysHowLongItWaitedAndWhyItStoppedBeforeTheGracePeriodEnded() {
        java.time.Duration grace = java.time.Duration.ofSeconds(2);
        assertEquals("still alive 2.0 s after the test ended",
                StillAlive.reason(System.nanoTime() - 2_050_000_000L, grace, "the test ended"), "a last look just after it");
        assertEquals("still alive 2.0 s after the test ended",
                StillAlive.reason(System.nanoTime() - 1_990_000_000L, grace, "the test ended"),
                "10 ms short of it is 2.0 s as the text says it: not a check that 'did not wait it out'");
        assertEquals("still alive 5.0 s after the test ended",
                StillAlive.reason(System.nanoTime() - 5_000_000_000L, grace, "the test ended"),
                "waited past it, for a thread's timed wait to end: the whole wait");
        assertTrue(StillAlive.reason(System.nanoTime() - 3_000_000L, grace, "the test ended").matches("still alive \\d+ ms "
                + "after the test ended: nothing left could end within the 2\\.0 s grace period, so the check did not wait it"
                + " out"));
        assertEquals("still alive as the test ended: nothing left could end within the 2.0 s grace period, so the check did"
                + " not wait it out", StillAlive.reason(System.nanoTime() + 1_000_000_000L, grace, "the test ended"),
                "no wait at all (a start still to come counts as none): not '0 ms after'");
    }
}
