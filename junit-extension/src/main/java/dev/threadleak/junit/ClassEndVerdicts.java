package dev.threadleak.junit;

import dev.threadleak.api.Agent;
import dev.threadleak.api.Finding;
import dev.threadleak.api.ScopeCheck;
import dev.threadleak.junit.LeakCheck.LeftOut;
import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.ExecutorInfo;
import dev.threadleak.report.FirstFew;
import dev.threadleak.report.Frame;
import dev.threadleak.report.KnownThreads;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakGroups;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ProofNotes;
import dev.threadleak.report.ReportText;
import dev.threadleak.report.ScopeInfo;
import dev.threadleak.report.TaskInfo;
import java.net.URL;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What tests' checks left out because a static field held or kept it, looked at again when their
 * class ends. Two kinds ({@link LeftOut}):
 * <ul>
 * <li>A singleton that is replaced (a manager made again after a shutdown that forgot one of its
 * pools) is held when each test ends and orphaned by the next one: no test's check can see it.
 * What is still alive when the class ends and no longer held by any static field was never a
 * singleton: the class fails.
 * <li>What a static field of another class keeps through a collection (a library's map of
 * per-name pools, filled by whichever test asks first) is judged once for the class, whatever the
 * order of its tests: still alive when the class ends, after the grace period and its
 * {@code @AfterAll} methods, and kept by a static field of the tests' own code, the class fails;
 * kept by code from elsewhere (a library, the code under test), it may be meant to live for the
 * JVM (a client's evictor, a scheduler's worker cache), and the class is warned, not failed
 * (unless {@code threadleak.kept.outside=fail}). So too what the class's own
 * {@code @BeforeAll} started and code from elsewhere keeps: a test library's server shared by
 * every class of the JVM is started by whichever class comes first.
 * Which field keeps it is the test's check's finding: the class's end takes no heap dump for it,
 * only for a check that left singletons out (kept by no static field any more by then, it was
 * orphaned, and the class fails), so that a repeated test that left a thousand things for the
 * class does not cost a thousand dumps.
 * </ul>
 * Each leak names the test that made it, or the class's own work.
 */
final class ClassEndVerdicts {

    /** Who left what a class's own check left for its end, by the kind of that check ({@link #classWork}). */
    private static final String LIFECYCLE_WORK = "the class's @BeforeAll or @AfterAll (or a thread started there)";
    private static final String CLASS_AS_ONE = "the class's tests, @BeforeAll and @AfterAll, checked as one";
    /** How many of the tests that left a group its reason names. */
    private static final int NAMED_TESTS = 3;
    private static final String NOT_LEFT_OUT = "not left for the class's end by its test's check";
    /**
     * How soon a task that runs once, queued by code outside the tests on its own pool, must be due
     * for the class's end to leave it to that code: a library re-arming itself (Prometheus client's
     * exemplars: 7-70 s ahead) is well inside; a timer days ahead is not.
     */
    private static final Duration RUNS_SOON = Duration.ofMinutes(5);
    /** Of what a static field kept for the class and a heap dump as the class ended found kept by none. */
    private static final String ORPHANED = "; as the class ended a heap dump found no static field keeping it: what "
            + "let go of it (a later test, or an @AfterAll) did not end it";
    /** The first note of a warning's report, so that the file says what the build log did. */
    static final String WARNED = "a warning, not a failure: static fields of code outside the tests keep these, and "
            + "that code may mean them to live as long as the JVM; if not, end them where their tests end (an "
            + "@AfterEach) or in @AfterAll ("
            + Configuration.KEPT_OUTSIDE + "=fail makes them fail the class)";
    /**
     * A note of a failing report that holds what only warns on defaults: why they fail, not advice
     * to set what is set ("...=fail makes them fail the class" was read so: Commons Pool's trial).
     */
    static final String OUTSIDE_FAILS = "static fields of code outside the tests keep some of these, which fail the "
            + "class because " + Configuration.KEPT_OUTSIDE + "=fail (by default they only warn)";

    /**
     * One test's check that left findings out: its watch (the agent's scope holds ids only), their
     * keys, and whether that check found leaks of its own.
     */
    record Left(Watch watch, Map<String, LeftOut> keys, String test, Class<?> testClass, boolean prove,
                boolean failed, long rememberedNanos) {

        /**
         * Whether {@code leak}'s thread is in a timed wait begun after its test's check left it out
         * (with a few milliseconds' slack for how long ago the report read it): of one left in a
         * timed wait begun before its test ended, it woke from that wait and waits again.
         */
        boolean waitsAgain(Leak leak) {
            BlockedOn on = leak.blockedOn();
            return on != null && on.sinceMillis() != null && on.timeoutMillis() != null
                    && System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(on.sinceMillis() + 10) > rememberedNanos;
        }
    }

    /** What the class's end made of what one test's check left: what fails, and what only warns. */
    record Judged(Left left, ScopeCheck check, boolean dump, List<Finding> fail, List<Finding> warn) {

        /** What keeps {@code f} as the class ends ({@link ClassEndVerdicts#keeper}). */
        String keeper(Finding f) {
            return ClassEndVerdicts.keeper(f, left.keys().get(f.key()), dump);
        }
    }

    /**
     * What keeps {@code f}, which its test's check left out {@code why}, as the class ends: what a
     * dump then found ({@code dumped}), kept by none when orphaned; else what that check found.
     */
    static String keeper(Finding f, LeftOut why, boolean dumped) {
        return dumped ? f.keptBy() : why.field();
    }

    /**
     * What the class's end found: what fails it, and what only warns; either null when empty. With
     * {@code warnedAfterFailures}, every test that left what only warns found leaks of its own.
     */
    record Leftovers(LeakReport failing, LeakReport warned, boolean warnedAfterFailures, Set<LeftOut.Kind> failingKinds,
                     boolean failingKeptByHooksOnly) {

        /** Why a test's check may leave a thing to the class's end, every reason: for a report that does not say which. */
        static final String ANY_REASON = "a static field held or kept it (or it was shutting down, or in a timed "
                + "wait that could end soon)";

        /**
         * Why the tests' checks left what fails to the class's end, only the reasons that apply
         * (Dubbo's trial: a timer worker, left for its timed wait alone, read "a static field held
         * or kept it (or it was shutting down, or ...)"), for the class's headline.
         */
        String leftBecause() {
            List<String> reasons = new ArrayList<>();
            for (LeftOut.Kind kind : failingKinds) {
                String reason = switch (kind) {
                    case SINGLETON -> "a static field held or kept it";
                    case FOR_THE_CLASS -> failingKeptByHooksOnly ? "a shutdown hook the code registered kept it"
                            : "a static field held or kept it";
                    // airlift's trial: "a static field" headed a why that named the per-class instance
                    case OWN_FIELD -> "a static field of the test class, or its per-class test instance, kept it";
                    case QUIET_PERIOD -> "it was shutting down";
                    case WAKE -> "it was in a timed wait that could end soon";
                    // plexus-utils' trial: a sleep of Long.MAX_VALUE on JDK 17 read "could end soon"
                    case WAKE_OF_UNKNOWN_END -> "it was in a timed wait whose end could not be seen";
                    case BEHIND_A_WAKE -> "it waited on a thread in a timed wait that could end soon";
                    case POOL_OF_A_WAKE -> "it ran only a task in a timed wait that could end soon";
                    case CLEANER -> "it was a Cleaner's thread still there after a collection, which its test "
                            + "instance could have held";
                    case HTTP_CLIENT -> "it was an HttpClient's selector thread, whose client its test instance "
                            + "could have held";
                    case CALLED_ON_OWN_FIELD -> "a test started it through a static field of the test class";
                    case REAPER -> "it waited on a reference queue, which only the collector serves, and its test "
                            + "instance could have held what it tracks";
                };
                if (!reasons.contains(reason)) {
                    reasons.add(reason);
                }
            }
            return reasons.isEmpty() ? ANY_REASON : String.join(", or ", reasons);
        }
    }

    private final Queue<Left> left = new ConcurrentLinkedQueue<>();

    /**
     * What {@link #remember} is told in place of a test for what a class's own check left out
     * (what static fields of code outside the tests keep), by the kind of that check.
     */
    static String classWork(Subject.Kind kind) {
        return kind == Subject.Kind.CLASS ? CLASS_AS_ONE : LIFECYCLE_WORK;
    }

    /**
     * Remembers what test {@code test}'s check left out ({@code leftOut}: by key, why and which
     * field), and whether it found leaks of its own ({@code failed}): a server the test never
     * stopped is threads nothing static reaches, which fail the test, and threads a library's
     * registry of instances keeps, which only warn here; the warning says they may be one thing.
     */
    void remember(Watch watch, Map<String, LeftOut> leftOut, String test, Class<?> testClass, boolean prove,
                  boolean failed) {
        if (!leftOut.isEmpty()) {
            left.add(new Left(watch, Map.copyOf(leftOut), test, testClass, prove, failed, System.nanoTime()));
        }
    }

    /**
     * What the remembered checks left out that is still alive: a singleton held by no static field
     * now, or what a static field kept for the class after waiting up to {@code grace} (once, for
     * all of them). With {@code outsideFails}, what code outside the tests keeps fails too.
     */
    Leftovers leftovers(String testClass, Duration grace, boolean outsideFails) {
        Reports failing = new Reports();
        Reports warned = new Reports();
        long deadline = System.nanoTime() + grace.toNanos();
        boolean outsideFailed = false;
        boolean failedUnproven = false;
        GracefulShutdowns.Progress shutdowns = new GracefulShutdowns.Progress();
        List<Judged> judged = new ArrayList<>();
        Set<String> stillKeeping = new HashSet<>();
        List<Left> lefts = new ArrayList<>();
        for (Left l = left.poll(); l != null; l = left.poll()) {
            lefts.add(l);
        }
        try (Agent.ProofSharing sharing = sharingProofs(lefts)) {
            judgeEach(lefts, deadline, shutdowns, stillKeeping, judged);
        }
        boolean hooksPerCall = PerCallHooks.moveToFailing(judged);
        for (Judged j : judged) {
            if (outsideFails) {
                outsideFailed |= !j.warn().isEmpty();
                j.fail().addAll(j.warn());
                j.warn().clear();
            }
            failedUnproven |= !j.fail().isEmpty() && !j.left().prove() && j.left().watch().proves();
            List<String> notes = withSingletonsNoted(j.check(), j.left());
            failing.add(j.left(), new ScopeCheck(j.fail(), List.of(), List.of(), notes), j.dump());
            warned.add(j.left(), new ScopeCheck(j.warn(), List.of(), List.of(), notes), j.dump());
        }
        List<String> failingNotes = new ArrayList<>();
        if (hooksPerCall) {
            failingNotes.add(PerCallHooks.NOTE);
        }
        if (outsideFailed) {
            failingNotes.add(OUTSIDE_FAILS);
        }
        if (failedUnproven) { // as a test's report says it (airlift's class failure with the proof off did not)
            failingNotes.add(ProofBudget.offNote());
        }
        return new Leftovers(failing.report(testClass, failingNotes),
                warned.report(testClass, List.of(WARNED)), warned.allAfterFailures(), failing.kinds(),
                failing.keptByHooksOnly());
    }

    /**
     * Checks again, one after another, what each of {@code lefts} left, into {@code judged}: each
     * with what remains of the grace period to {@code deadline}.
     */
    private static void judgeEach(List<Left> lefts, long deadline, GracefulShutdowns.Progress shutdowns,
                                  Set<String> stillKeeping, List<Judged> judged) {
        for (Left of : lefts) {
            Duration rest = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            // a singleton's orphaning needs the heap again, and a wake's leftover asks it first: its test's
            // check left it before any dump (a JVM-wide housekeeper asleep 3 s at a time, which a static
            // field holds, failed its class); what a field kept is judged by that field
            boolean dump = of.prove() && (asksTheHeapFirst(of) || !stillKeeping.containsAll(outsideKeepers(of)));
            ScopeCheck check = of.watch().check(rest, f -> {
                LeftOut why = of.keys().get(f.key());
                if (why == null) {
                    return NOT_LEFT_OUT;
                }
                // a loop left to the class by any reason, shut down by its @AfterAll or its test
                if (shutdowns.goesRoundAgain(f)) {
                    return GracefulShutdowns.STILL_SHUTTING_DOWN;
                }
                // what a test's check left before its dump could say Spring's cache keeps it (Tomcat's
                // await thread, asleep as its test ended: petclinic's trial) is the cache's here too
                String shared = LeakCheck.sharedFixture(f);
                return shared != null ? shared : LeakCheck.heldForTheJvm(f, of.testClass());
            }, dump);
            List<Finding> fail = new ArrayList<>();
            List<Finding> warn = new ArrayList<>();
            for (Finding f : check.leaks()) {
                if (GracefulShutdowns.reason(f) != null) {
                    // waited for, not left out at once: a loop seen in its quiet period as its test
                    // ended may still be in it a moment later, as the class ends, and stuck after it;
                    // still sleeping there when the grace period ran out, it is still shutting down
                    continue;
                }
                LeftOut why = of.keys().get(f.key());
                String keeper = keeper(f, why, dump);
                if (lastsWithTheInstance(f, keeper) || why.kind() == LeftOut.Kind.CLEANER && of.failed()) {
                    // the second: a Cleaner of what its test left running, which failed it already (airlift's
                    // TestHttpServerCipher: its HttpClients' compression Cleaners failed the class once more)
                    continue;
                }
                boolean outside = why.forTheClass() && keeper != null
                        && (!ownCode(keeper, of.testClass()) || why.kind() == LeftOut.Kind.FOR_THE_CLASS
                                && keptThroughOthersObject(dump ? f.leak().keptVia() : why.via(), of.testClass()))
                        && !madeByOwnCode(f.leak(), of.testClass());
                if (outside && runsOnceLater(f.leak())) {
                    continue;
                }
                if (outside && dump) {
                    stillKeeping.add(keeper);
                }
                (outside ? warn : fail).add(f);
            }
            judged.add(new Judged(of, check, dump, fail, warn));
        }
    }

    /**
     * Has the class's checks of what {@code lefts} left share their heap proofs: each asked the
     * heap on its own, one dump per test (Nacos's client tests: 71 of 6-9 s for one class), where
     * one dump asked about what all of them left answers each whose leftovers stood still since.
     * Only what a test's check left out is asked about; only tests whose checks may ask the heap
     * here take part ({@link #mayAskTheHeap}).
     */
    private static Agent.ProofSharing sharingProofs(List<Left> lefts) {
        List<Watch> watches = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Left l : lefts) {
            if (mayAskTheHeap(l)) {
                watches.add(l.watch());
                keys.addAll(l.keys().keySet());
            }
        }
        return AgentWatch.sharingProofs(watches, keys, NOT_LEFT_OUT);
    }

    /** Whether the class's check of what {@code l} left may ask the heap: what {@link #judgeEach} asks, as far as it can be known first. */
    private static boolean mayAskTheHeap(Left l) {
        return l.prove() && (asksTheHeapFirst(l) || !outsideKeepers(l).isEmpty());
    }

    /** Whether the class's check of what {@code l} left asks the heap whatever the checks before it found. */
    private static boolean asksTheHeapFirst(Left l) {
        return l.keys().values().stream().anyMatch(w -> w.asksTheHeapAtTheClassEnd() || w.ownFieldLetGo(l.testClass()));
    }

    /**
     * The static fields of code outside the tests that kept what {@code l}'s test left for the
     * class, and refer to what they did then. Whether one still keeps it is asked of the heap once
     * per field as the class ends, where a dump finds it still does, and again for each test where
     * one did not (hippo4j's trial: a library's map of connection pools, emptied by a later test's
     * close, which ended none of the event loops the earlier tests' pools had started, warned as
     * "kept by" that map). Not a field set to another object since, which the report says (a
     * logging facade's current factory); nor what the class's own check left, moments ago, with
     * a dump of its own.
     */
    private static Set<String> outsideKeepers(Left l) {
        Set<String> fields = new HashSet<>();
        if (l.test().equals(LIFECYCLE_WORK) || l.test().equals(CLASS_AS_ONE)) {
            return fields;
        }
        for (LeftOut why : l.keys().values()) {
            if (why.kind() == LeftOut.Kind.FOR_THE_CLASS && why.field() != null && !ownCode(why.field(), l.testClass())
                    && !why.fieldSetSince(l.testClass())) {
                fields.add(why.field());
            }
        }
        return fields;
    }

    /**
     * Whether {@code leak} is a task queued to run once, within {@link #RUNS_SOON}: code outside the
     * tests queued it on a pool that code keeps (what the tests' own code submitted fails, as it
     * fails itself), and it ends when it runs. Prometheus client_java's exemplar sampler re-arms
     * itself so, seconds ahead, on the library's scheduler for the JVM: four of the five warnings
     * of its trial, of which no test could cancel one. A task that repeats, never cancelled, still
     * warns, and so does one due days ahead, which keeps what it refers to till then (cache2k's
     * timer tasks of closed caches, 12 days ahead on its shared scheduler).
     */
    private static boolean runsOnceLater(Leak leak) {
        TaskInfo t = leak.task();
        return leak.kind() == LeakKind.TASK && t != null && !Boolean.TRUE.equals(t.periodic()) // true or absent
                && "queued".equals(t.state()) && t.nextRunInMillis() != null
                && t.nextRunInMillis() <= RUNS_SOON.toMillis();
    }

    /**
     * The class's look at what {@code l}'s test left: its notes, and what it left out as a singleton
     * a static field holds, said as a test's check says it. The proof's note counts those among
     * "what is left" (Commons JCS's trial: "CompositeCacheManager.instance holds 1 of what is left,
     * not through a collection" beside no such leak: the manager's scheduler, left out).
     */
    private static List<String> withSingletonsNoted(ScopeCheck check, Left l) {
        List<ScopeCheck.Excluded> singletons = new ArrayList<>();
        for (ScopeCheck.Excluded e : check.excluded()) {
            if (l.keys().containsKey(e.finding().key()) && !GracefulShutdowns.STILL_SHUTTING_DOWN.equals(e.reason())) {
                singletons.add(e);
            }
        }
        if (singletons.isEmpty()) {
            return check.notes();
        }
        List<String> notes = new ArrayList<>(check.notes());
        notes.addAll(LeakCheck.note("also alive but ignored: ", singletons));
        return notes;
    }

    /**
     * Whether {@code f} is a {@code Cleaner}'s thread (or a JDK {@code HttpClient}'s selector, which
     * ends with its client alike) that the per-class test instance keeps
     * ({@code keeper}: as the class's end found it, or its test's check): it ends
     * with its {@code Cleaner}, which nothing but letting go ends, and JUnit lets go of the instance
     * as the class ends (airlift's trial: a stopped Jetty server that the instance's field still
     * named kept its compression's {@code Cleaner}, and failed the class; a check collects before
     * it looks, so what nothing keeps has ended by then).
     */
    private static boolean lastsWithTheInstance(Finding f, String keeper) {
        return keeper != null && keeper.endsWith(".this")
                && (KnownThreads.isCleanersThread(f.leak()) || KnownThreads.isHttpClientSelector(f.leak())
                        || KnownThreads.waitsOnAReferenceQueue(f.leak()));
    }

    /**
     * The leaks of several tests' checks, each with the test that made it, as one report of the
     * class. Alike leaks that several tests left are one group, named with those tests: what one
     * library field keeps (a cached pool that every test adds a worker to) is one block, not one per
     * test, so leaks are grouped by the field and the creation frames above the test class's own
     * rather than by the whole creation stack, whose test frames differ.
     */
    private static final class Reports {
        private final List<Leak> leaks = new ArrayList<>();
        private final Map<Leak, Member> members = new IdentityHashMap<>();
        /** Each note of the tests' checks with the test that said it, in order. */
        private final List<TestsNote> notes = new ArrayList<>();
        private LeakReport first;

        /**
         * Why a leak was left for the class, by which test, and whether that test found leaks of its
         * own; what the class's look said of it, and whether it woke from the wait it was left in.
         */
        private record Member(LeftOut why, String test, Class<?> testClass, boolean failed, String looked,
                              boolean wokeSince, boolean orphaned) {
        }

        /** Whether what a static field kept for the class (not what it held) was kept by shutdown hooks alone. */
        boolean keptByHooksOnly() {
            boolean any = false;
            for (Member m : members.values()) {
                if (m.why() != null && m.why().kind() == LeftOut.Kind.FOR_THE_CLASS) {
                    if (!PerCallHooks.HOOKS.equals(m.why().field())) {
                        return false;
                    }
                    any = true;
                }
            }
            return any;
        }

        /** Why the checks of the tests that left these left them to the class's end, in the order of the kinds. */
        Set<LeftOut.Kind> kinds() {
            Set<LeftOut.Kind> kinds = EnumSet.noneOf(LeftOut.Kind.class);
            for (Member m : members.values()) {
                if (m.why() != null) {
                    kinds.add(m.why().kind());
                }
            }
            return kinds;
        }

        /** Whether every test that left one of these found leaks of its own (false when none did). */
        boolean allAfterFailures() {
            return !members.isEmpty() && members.values().stream().allMatch(Member::failed);
        }

        /** {@code l}'s leaks still there as its class ends; {@code looked}: the class's end asked the heap what keeps them. */
        void add(Left l, ScopeCheck check, boolean looked) {
            if (check.leaks().isEmpty()) {
                return;
            }
            LeakReport report = l.watch().report(check, List.of());
            for (Leak leak : report.leaks()) {
                if (leak.task() == null && leak.executor() == null && leak.threadEnded()) {
                    continue; // the grace period's last look saw it alive; the report's, a moment later, ended
                }
                first = first == null ? report : first;
                LeftOut why = l.keys().get(new Finding(leak, null).key());
                boolean setSince = why != null && !collected(leak) && (why.kind() == LeftOut.Kind.FOR_THE_CLASS
                        || why.kind() == LeftOut.Kind.OWN_FIELD) && why.fieldSetSince(l.testClass());
                boolean orphaned = looked && why != null && why.kind() == LeftOut.Kind.FOR_THE_CLASS
                        && leak.keptThrough() == null && !setSince && !collected(leak);
                Member member = new Member(why, l.test(), l.testClass(), l.failed(), leak.reason(), l.waitsAgain(leak),
                        orphaned);
                String reason = reason(leak, member, List.of(l.test()))
                        + (setSince ? fieldSetSince(why, l.testClass(), looked) : "")
                        + afterFailures(l.failed() ? 1 : 0, 1);
                Leak judged = leak.withVerdict(leak.verdict(), leak.blockedOn(), reason, leak.cycle());
                // what the field kept when the test ended, it may not keep now: no "kept by" of the present,
                // unless the class's end looked (and found none, or told it)
                boolean kept = why != null && why.kind() == LeftOut.Kind.FOR_THE_CLASS && leak.keptThrough() == null
                        && !setSince && !collected(leak) && !looked;
                Leak added = kept ? judged.withKeptThrough(why.field(), why.via()) : judged;
                leaks.add(added);
                members.put(added, member);
            }
            for (String note : check.notes()) {
                notes.add(new TestsNote(l.test(), note));
            }
        }

        LeakReport report(String testClass, List<String> firstNotes) {
            if (first == null) {
                return null;
            }
            List<String> all = new ArrayList<>(firstNotes);
            all.addAll(distinctNotes(notes));
            List<Leak> grouped = LeakGroups.group(leaks, this::place, this::groupReason);
            return LeakReport.of(first.jvm(), new ScopeInfo("class", testClass), grouped, List.of(), first.stats(), all);
        }

        /** Where a leak came from, as far as the test that made it does not matter. */
        private Object place(Leak leak) {
            Member m = members.get(leak);
            if (m == null || m.why() == null) {
                return leak.createdAt();
            }
            return List.of(m.why().kind(), Objects.toString(m.why().field()), aboveTests(leak.createdAt(), m.testClass()));
        }

        /** A group's reason: its first member's when one test left them all, else naming the tests. */
        private String groupReason(List<Leak> group) {
            Set<String> tests = new LinkedHashSet<>();
            Set<String> failed = new LinkedHashSet<>();
            for (Leak leak : group) {
                Member m = members.get(leak);
                if (m == null) {
                    return group.get(0).reason();
                }
                tests.add(m.test());
                if (m.failed()) {
                    failed.add(m.test());
                }
            }
            Leak first = group.get(0);
            Member m = members.get(first);
            // from what the class's look said, not the member's reason, which says it of one test already
            return tests.size() == 1 ? first.reason()
                    : reason(first, m, List.copyOf(tests))
                    + madeApart(group) + afterFailures(failed.size(), tests.size());
        }

        /**
         * That a group's members were made at different places of their tests, whose creation stack
         * shows one (ZooKeeper's trial: three cleaner threads of three tests read as all made at the
         * line of the one shown); empty when they were all made at one place.
         */
        private static String madeApart(List<Leak> group) {
            return group.stream().map(Leak::createdAt).distinct().count() > 1
                    ? "; each was made where its own test made it, and the creation stack below is one of theirs" : "";
        }

        /**
         * That {@code failed} of the {@code tests} that left a leak found leaks of their own: what
         * the reader stops for those may end this too. A "may": the proof cannot tell a registry of
         * instances from a service meant for the JVM, nor a client's threads from two leaks. Said of
         * a failing report too: an unclosed client failed its test through its event thread and its
         * class through its connection thread, asleep between tries as the test ended, read as two
         * leaks (Apache Curator's trial).
         */
        private String afterFailures(int failed, int tests) {
            if (failed == 0) {
                return "";
            }
            if (tests == 1 || failed == tests || failed == 1) { // "1 of those tests ... their own" read wrong (JCS)
                String who = tests == 1 ? "that test" : failed == tests ? "each of those tests" : "1 of those tests";
                return "; " + who + " also left leaks of its own, reported with it, and this may be part "
                        + "of what it left running";
            }
            return "; " + failed + " of those tests also left leaks of their own, reported with each, and "
                    + "this may be part of what they left running";
        }
    }

    /** What leads a heap proof's note, its time and dump sizes: "heap proof took 743 ms (dump ...): ". */
    private static final Pattern PROOF_COST = Pattern.compile("^" + Pattern.quote(ProofNotes.TOOK) + "[^(]*\\([^)]*\\): ");

    /** A note of a test's check, and that test (its name quoted). */
    record TestsNote(String test, String note) {
    }

    /**
     * {@code notes} once each, each naming the tests whose checks said it: its counts are of what
     * those tests left, not of the class's report (Commons Pool's trial read "holds 1 of what is
     * left as a singleton; 2 kept through a collection" beside three leaks, all kept so). A note
     * that differs from another only in the size and time of the heap dump it came from is the
     * same note: each test's check that dumped the heap said "no static field of the program holds what is left",
     * and the class's report said it once per test (Commons JCS's trial: five times, which read as
     * five findings); said by several, it loses that size and time, which were one test's. So does
     * a heap proof's count of the JVM's waiting threads, whose time and dump sizes lead it
     * (Quartz's trial: nine notes alike but for them, one per test). Said word for word by
     * several, it came from one heap proof they shared, and is said as it is.
     */
    static List<String> distinctNotes(List<TestsNote> notes) {
        Map<String, List<String>> testsByNote = new LinkedHashMap<>();
        Map<String, String> firstSaid = new HashMap<>();
        Set<String> saidApart = new HashSet<>();
        for (TestsNote n : notes) {
            String note = PROOF_COST.matcher(n.note().replaceFirst(" \\(from a heap dump of [^)]*\\)$", ""))
                    .replaceFirst("each heap proof: ");
            if (!firstSaid.computeIfAbsent(note, k -> n.note()).equals(n.note())) {
                saidApart.add(note);
            }
            List<String> tests = testsByNote.computeIfAbsent(note, k -> new ArrayList<>());
            if (!tests.contains(n.test())) {
                tests.add(n.test());
            }
        }
        List<String> distinct = new ArrayList<>();
        testsByNote.forEach((note, tests) -> distinct.add("of what " + names(tests) + " left: "
                + (saidApart.contains(note) ? note : firstSaid.get(note))));
        return distinct;
    }

    /**
     * The frames of {@code createdAt} above the first of the test class's own, or of a class nested
     * in it: the JDK's by method (not line: a map's insert takes one of two paths by chance), the
     * others by line too (two pools one constructor makes on two lines are two things to end: they
     * read as one group, "x2", naming one of them, in servicecomb's trial).
     */
    static List<String> aboveTests(List<Frame> createdAt, Class<?> testClass) {
        String name = testClass.getName();
        List<String> frames = new ArrayList<>();
        for (Frame f : createdAt) {
            String c = f.className();
            if (c != null && (c.equals(name) || c.startsWith(name + "$"))) {
                break;
            }
            frames.add(c + "." + f.method() + (f.isJdk() ? "" : ":" + f.line()));
        }
        return frames;
    }

    /**
     * Whether the class that declares static field {@code field} comes from the same class path
     * entry as the test class: the tests' own code, not a library's or the code under test's.
     */
    static boolean ownCode(String field, Class<?> testClass) {
        return ownClass(LeakCheck.ownerClass(field), testClass);
    }

    /**
     * Whether the chain from the tests' static field that keeps a thing ({@code via}: the
     * program's classes on it, nearest the field first) begins with an object of code from
     * elsewhere: the tests' code holds a library's object, and that object keeps the thing, as
     * the library's own static fields would. Ebean's trial: the periodic trim of a cache region,
     * which the library's JVM-wide database schedules on its own pool when a test first uses the
     * region, was kept by the tests' helper's field ({@code ResetBasicData.server}) in one class
     * and by the library's ({@code DB.context}) in the next, as a dump named one of the two, and
     * failed seven classes while it warned in nine.
     */
    private static boolean keptThroughOthersObject(List<String> via, Class<?> testClass) {
        // one that cannot be loaded (a lambda's hidden class) is not known to be another's
        return via != null && !via.isEmpty() && classNamed(via.get(0), testClass) != null
                && !ownClass(via.get(0), testClass);
    }

    /**
     * For what the tests' own static field keeps through an object of code from elsewhere
     * ({@link #keptThroughOthersObject}), why it is judged as that code's: "; that field holds a
     * RegionCaches, code from outside the tests, which keeps it, so it is judged as what that
     * code keeps"; else empty.
     */
    private static String throughOthersObject(Leak leak, LeftOut why, Class<?> testClass) {
        String field = leak.keptThrough() != null ? leak.keptThrough() : why.field();
        List<String> via = leak.keptThrough() != null ? leak.keptVia() : why.via();
        if (why.kind() != LeftOut.Kind.FOR_THE_CLASS || field == null || !ownCode(field, testClass)
                || !keptThroughOthersObject(via, testClass)) {
            return "";
        }
        return "; that field of the tests' holds a " + ReportText.chain(via.subList(0, 1)) + ", code from outside "
                + "the tests, which keeps it, so it is judged as what that code keeps";
    }

    /** Whether class {@code name} comes from the test class's own class path entry. */
    private static boolean ownClass(String name, Class<?> testClass) {
        Class<?> c = classNamed(name, testClass);
        try {
            return c != null && Objects.equals(location(c), location(testClass));
        } catch (SecurityException e) {
            return false;
        }
    }

    /**
     * Whether the tests' own code made {@code leak} itself: the first frame of its creation stack
     * (the JDK's left out) that is not a constructor of a thread or pool class is theirs. A pool a
     * test made and handed to a library's registry is the test's to end, however long the library
     * keeps it (dynamic-tp's trial: pools its tests made, {@code new ThreadPoolExecutorProxy(...)},
     * and registered with {@code AwareManager} only warned, "that code may mean them to live as
     * long as the JVM"). What a library's own object made inside, a test only asked for.
     */
    static boolean madeByOwnCode(Leak leak, Class<?> testClass) {
        for (Frame frame : leak.createdAt() == null ? List.<Frame>of() : leak.createdAt()) {
            if (!frame.method().equals("<init>") || !threadOrPool(frame.className(), testClass)) {
                return ownClass(frame.className(), testClass);
            }
        }
        return false;
    }

    /** Whether class {@code name} is a thread or an executor: its constructor is where it is made, not who made it. */
    private static boolean threadOrPool(String name, Class<?> testClass) {
        Class<?> c = classNamed(name, testClass);
        return c != null && (Thread.class.isAssignableFrom(c) || Executor.class.isAssignableFrom(c));
    }

    /** Class {@code name} as the test class's loader sees it, not initialized; null where it cannot be loaded. */
    static Class<?> classNamed(String name, Class<?> testClass) {
        try {
            return Class.forName(name, false, testClass.getClassLoader());
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return null;
        }
    }

    private static URL location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }

    /**
     * Why a leak waits for the class's end, left by {@code tests}: one, or several when it stands
     * for a group that several tests left between them (each member by one of them), as
     * {@code member}, one of them, was left and seen by the class's look.
     */
    private static String reason(Leak leak, Reports.Member member, List<String> tests) {
        // a group's reason is made anew from its first member: what the class's dump found is said there too
        return leftReason(leak, member, tests) + collectedSince(leak) + (member.orphaned() ? ORPHANED : "");
    }

    /**
     * For an executor collected by the class's end, how, as the class's look found it: where a
     * static field kept it when its test ended, a class failure that said only "still not shut down
     * then" beside "(collected, 0 workers)" read as a false alarm (Camel's trial: a test's own
     * {@code newSingleThreadExecutor()}, which a library's static kept until a later test replaced
     * what it kept, and which the finalizer shut down before the class ended): "only a finalizer
     * stopped it, 3.1 s ago, once the collector found it unreachable; the code never did".
     */
    private static String collectedSince(Leak leak) {
        if (!collected(leak)) {
            return "";
        }
        String how = leak.executor().collectedClause();
        return "; it is gone now: " + (how != null ? how
                : "collected, with no worker left; the code never " + leak.executor().endedWord() + " it");
    }

    /** Whether {@code leak} is an executor the collector took: what kept it when its test ended keeps it no more. */
    private static boolean collected(Leak leak) {
        return leak.executor() != null && leak.executor().collected();
    }

    private static String leftReason(Leak leak, Reports.Member member, List<String> tests) {
        LeftOut why = member.why();
        String looked = member.looked();
        Class<?> testClass = member.testClass();
        String still = leak.executor() != null ? "not " + leak.executor().endedWord() + (collected(leak) ? " by the code" : "")
                // a periodic task never finishes: "still not finished" read as if it were to (Ebean's trial)
                : leak.task() != null ? (Boolean.TRUE.equals(leak.task().periodic()) ? "not cancelled" : "not finished")
                : "alive";
        if (tests.size() == 1 && (tests.get(0).equals(LIFECYCLE_WORK) || tests.get(0).equals(CLASS_AS_ONE))) {
            return "left by " + tests.get(0) + ": still " + still + " after the grace period that followed them";
        }
        String by = "left by " + (tests.size() == 1 ? "test " + tests.get(0) : tests.size() + " tests between them (" + names(tests)
                + ")") + ": ";
        String test = tests.size() == 1 ? "that test" : "its test";
        if (why != null && (why.kind() == LeftOut.Kind.WAKE || why.kind() == LeftOut.Kind.WAKE_OF_UNKNOWN_END)) {
            // the class's own look says what it saw it do: woke and waits again, or a wait that ends later
            String wait = why.kind() == LeftOut.Kind.WAKE ? "a timed wait that was to end soon after " + test + " ended"
                    : "a timed wait whose end was not known when " + test + " ended";
            String left = by + "it was in " + wait + ", so its verdict waited for the class's end, and it was still "
                    + still + " then";
            if (member.wokeSince()) {
                // what it does now, not when its new wait ends: "was to end soon" beside "a grace period
                // longer than 23.4 s would see whether it ends" read as a contradiction (ZooKeeper's trial)
                String since = looked == null ? "" : " (" + looked.split(";", 2)[0] + ")";
                return left + ": it woke from that wait and waits again" + since;
            }
            return left + (looked == null ? "" : " (" + looked + ")");
        }
        if (why != null && why.kind() == LeftOut.Kind.POOL_OF_A_WAKE) {
            return by + "it ran only a task in a timed wait that could end soon after " + test + " ended, and its "
                    + "workers end when idle, so its verdict waited for the class's end with that task's, and it was "
                    + "still " + still + " then";
        }
        if (why != null && why.kind() == LeftOut.Kind.BEHIND_A_WAKE) {
            return by + "it waited on another thread, in a timed wait that could end soon after " + test + " ended, "
                    + "so its verdict waited for the class's end with that thread's, and it was still alive then";
        }
        if (why != null && why.kind() == LeftOut.Kind.QUIET_PERIOD) {
            return by + "it was in Netty's graceful shutdown when " + test + " ended, so its verdict waited for the "
                    + "class's end, and it was still alive then, out of that shutdown's quiet "
                    + "period without having ended";
        }
        if (why != null && why.kind() == LeftOut.Kind.OWN_FIELD) {
            return by + LeakCheck.ownHolder(why.field()) + " kept it when " + test + " ended, so its "
                    + "verdict waited for the class's end and its @AfterAll, and it was still " + still + " then";
        }
        if (why != null && why.kind() == LeftOut.Kind.CALLED_ON_OWN_FIELD) {
            return by + test + " started it through " + LeakCheck.ownHolder(why.field()) + ", so its verdict waited "
                    + "for the class's end and its @AfterAll, and it was still " + still + " then";
        }
        if (why != null && why.kind() == LeftOut.Kind.CLEANER) {
            return by + "it was a Cleaner's thread, alive after " + test + "'s collection, which ends only when its "
                    + "Cleaner is collected, so its verdict waited for the class's end, when JUnit had let go of an "
                    + "instance made per test; it was still alive then, after another collection";
        }
        if (why != null && why.kind() == LeftOut.Kind.HTTP_CLIENT) {
            return by + "it was an HttpClient's selector thread, alive when " + test + " ended, which ends only once "
                    + "its client is collected (or closed, from Java 21), so its verdict waited for the class's end, "
                    + "when JUnit had let go of an instance made per test; it was still alive then, after a "
                    + "collection: what keeps its client outlives such an instance";
        }
        if (why != null && why.kind() == LeftOut.Kind.REAPER) {
            return by + "it waited on a reference queue when " + test + " ended, which only the collector serves, so "
                    + "its verdict waited for the class's end, when JUnit had let go of an instance made per test; it "
                    + "was still alive then, after a collection: what it tracks outlives such an instance, or it does "
                    + "not end when that is collected";
        }
        if (why != null && why.forTheClass()) {
            String made = why.field() != null && !ownCode(why.field(), testClass) && madeByOwnCode(leak, testClass)
                    ? ": the tests' own code made it, so it is theirs to end, whoever keeps it" : "";
            // OpenTelemetry's SDK registers a hook per SDK: "a static field kept it" beside "kept by a
            // shutdown hook" read as two findings (Prometheus client_java's trial)
            String keeper = PerCallHooks.HOOKS.equals(why.field()) ? "a shutdown hook the code registered"
                    : "a static field";
            String cache = ReactiveSchedulers.cacheOf(leak);
            String busy = cache == null ? "" : "; it is a worker of " + cache + ": what is queued or running in "
                    + "it keeps it, not a missing shutdown";
            return by + keeper + " kept it when " + test + " ended, so its verdict waited for the class's end, "
                    + "and it was still " + still + " then" + made + busy + throughOthersObject(leak, why, testClass);
        }
        String held = why == null || why.heldWith() == null ? "it" : why.heldWith() + ", which it was started with,";
        // the field, so that a reader finds what emptied it (Commons VFS: a later test's VFS.setManager)
        String field = why == null || why.field() == null ? "a static field" : "static field " + why.field();
        String emptied = why == null || why.field() == null ? "" : ": what emptied that field later (a test after "
                + test + ", or an @AfterAll) did not end it";
        return by + field + " held " + held + " when " + test + " ended, so its check left it out as a singleton"
                + "; when the class ended no static field did, and it was still " + still + emptied;
    }

    /**
     * Said of a leak kept for the class by a static field that has been set to another object, or
     * to null, since its test ended: which field and along what it kept it then, and whether what
     * keeps it now was looked for ({@code looked}: the class's end took a heap dump, as it does when
     * the test class's own field let go; not for another's field, to spare a dump per test).
     */
    private static String fieldSetSince(LeftOut why, Class<?> testClass, boolean looked) {
        // null, not "another object": Seata's client, whose destroy() sets its instance field to null
        String now = Objects.equals(StaticFieldValue.identityOf(why.field(), testClass), 0) ? "is null now"
                : "refers to another object now";
        if (why.kind() == LeftOut.Kind.OWN_FIELD) { // named already, by the reason this follows
            return "; that field " + now + (looked ? ", and a heap dump as the class ended looked for what keeps it" : "");
        }
        String along = why.via() == null || why.via().isEmpty() ? "" : ", along " + ReportText.chain(why.via());
        return "; the field was " + why.field() + along + ", and it " + now
                + (looked ? ": what keeps this now is what a heap dump found as the class ended"
                        : ": what keeps this now was not looked for");
    }

    /** The first few of {@code tests}, and how many more. */
    private static String names(List<String> tests) {
        return FirstFew.of(tests, NAMED_TESTS);
    }
}
