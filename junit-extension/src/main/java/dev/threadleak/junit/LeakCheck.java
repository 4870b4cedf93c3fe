package dev.threadleak.junit;

import dev.threadleak.api.Finding;
import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.GracePeriod;
import dev.threadleak.api.ScopeCheck;
import dev.threadleak.report.FirstFew;
import dev.threadleak.report.KnownThreads;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.TaskInfo;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The check of one test or class: the watch waits out the grace period, leaving out what an
 * ignore rule matches (it neither counts nor makes the check wait) and, for a class's check after
 * its tests', what those tests' checks already judged; then, when asked, the heap proof, which
 * also leaves out what a static field of another class than the test's holds as a singleton, and
 * leaves for the class's end what such a field keeps through a collection, and the threads and
 * pools the test class's own static fields hold or keep: whichever test came first often made
 * it, so the test that made it is an accident of order, and the class's {@code @AfterAll} may
 * still end it. Threads Netty is shutting down gracefully are left out ({@link GracefulShutdowns}).
 * Notes name the live threads the ignore rules left out.
 */
final class LeakCheck {

    private static final int IGNORED_LISTED = 5;

    /** The package of Spring's test context cache, whose static field keeps the contexts it shares. */
    private static final String SPRING_TEST_CONTEXT_CACHE = "org.springframework.test.context.cache.";

    /** Why a test's check did not wait for a timed wait that ends soon ({@link FindingFilter#defersWake}). */
    static final String WAKE_LEFT = "in a timed wait begun before the test ended that ends soon after: judged when "
            + "the class ends, once for all its tests";

    /** The same for a timed wait whose end is not known ({@link GracePeriod#unknownEndOf}): it may end soon. */
    static String unknownWakeLeft(Finding f) {
        return "in a timed wait begun before the test ended whose end is not known (" + GracePeriod.unknownEndOf(f.leak())
                + "), which may end soon after: judged when the class ends, once for all its tests";
    }

    /** Why a test's check did not wait for a thread that waits on one of those ({@link FindingFilter#defersBehind}). */
    static final String BEHIND_A_WAKE_LEFT = "waiting on a thread left for the class's end in a timed wait, so ending "
            + "no sooner than that thread wakes: judged when the class ends, with it";

    /** The same, of a pool whose workers end when idle that runs only such tasks. */
    static final String POOL_OF_A_WAKE_LEFT = "a pool whose workers end when idle, running only a task left for the "
            + "class's end in a timed wait, so ending no sooner than that task: judged when the class ends, with it";

    /**
     * Why a test's check left a {@code Cleaner}'s thread that its collection did not end: the test
     * instance may still hold the {@code Cleaner}, in a field of the test's, and JUnit lets go of it
     * only after the check.
     */
    static final String CLEANER_LEFT = "a Cleaner's thread, which ends only when its Cleaner is collected, and the "
            + "test instance may still hold that: judged when the class ends, after JUnit has let go of the instance";

    /**
     * Why a test's check left a JDK {@code HttpClient}'s selector thread to the class's end, before
     * any collection: the client ends it once collected, and the test instance may
     * hold the client (an autowired {@code TestRestTemplate}'s, under {@code @DirtiesContext}:
     * petclinic's trial), which JUnit lets go of only after the check. A client the test dropped
     * is forgiven at once; one its instance holds was failed for no more than JUnit's lifecycle.
     */
    static final String HTTP_CLIENT_LEFT = "an HttpClient's selector thread, which ends once its client is collected "
            + "(or closed, from Java 21), and the test instance may still hold that: judged when the class ends, after "
            + "JUnit has let go of the instance";

    /**
     * Why a test's check left a thread that waits on a reference queue to the class's end: it may
     * end once what it tracks is collected, which the test instance may still hold (Wicket's
     * trial: Commons IO's file reaper, told to end once nothing is tracked, and an upload's marker
     * that the test's page still held).
     */
    static final String REAPER_LEFT = "a thread that waits on a reference queue, which only the collector serves, "
            + "and the test instance may still hold what it tracks: judged when the class ends, after JUnit has let "
            + "go of the instance";

    /** Marks what earlier checks judged: left out silently, not noted as ignored. */
    private static final String JUDGED = "judged by an earlier check of this run";

    /**
     * Why a test's check left a finding out, and the static field that holds or keeps it;
     * {@code fieldValue}: the identity of what that field referred to then
     * ({@link StaticFieldValue}), or null when not read.
     */
    record LeftOut(Kind kind, String field, List<String> via, String heldWith, Integer fieldValue) {

        LeftOut(Kind kind, String field, List<String> via, String heldWith) {
            this(kind, field, via, heldWith, null);
        }

        /** {@code via}: the program's classes on the chain from {@code field} to it, as its leak names them; may be null. */
        LeftOut(Kind kind, String field, List<String> via) {
            this(kind, field, via, null);
        }

        LeftOut(Kind kind, String field) {
            this(kind, field, null, null);
        }

        /** Kept for the class by {@code f}'s static field, which refers to what it does now. */
        static LeftOut keptFor(Finding f, Class<?> testClass) {
            return new LeftOut(Kind.FOR_THE_CLASS, f.keptBy(), f.leak().keptVia(), null,
                    StaticFieldValue.identityOf(f.keptBy(), testClass));
        }

        /**
         * Whether its field was known to refer to one object when its test ended and refers to
         * another now: what the field kept then, it may not keep now.
         */
        boolean fieldSetSince(Class<?> testClass) {
            if (fieldValue == null || field == null) {
                return false;
            }
            Integer now = StaticFieldValue.identityOf(field, testClass);
            return now != null && !now.equals(fieldValue);
        }

        /** Kept for the class by the test class's own static {@code field}, which refers to what it does now. */
        static LeftOut ownField(String field, Class<?> testClass) {
            return new LeftOut(Kind.OWN_FIELD, field, null, null,
                    field == null ? null : StaticFieldValue.identityOf(field, testClass));
        }

        /**
         * Whether the class's end asks the heap what keeps it now: its own field, which kept it
         * when its test ended, is null since (an {@code @AfterAll} let go), and what keeps it now
         * decides (servicecomb's trial: a test's server handle, nulled in {@code @AfterAll}, failed
         * the class for one pool of a library's engine, whose other pool, which the library's
         * static map kept alike, only warned). Not where the field refers to another object: a
         * field each test sets anew would cost a dump per test at the class's end, for what the
         * tests themselves orphaned.
         */
        boolean ownFieldLetGo(Class<?> testClass) {
            return kind == Kind.OWN_FIELD && fieldValue != null && fieldValue != 0
                    && Integer.valueOf(0).equals(StaticFieldValue.identityOf(field, testClass));
        }

        /** A singleton's: held by {@code field} as the thread it was started with ({@link Finding#startedWith()}) is. */
        static LeftOut singleton(Finding f) {
            return new LeftOut(Kind.SINGLETON, f.heldBy(), null,
                    f.startedWith() == null ? null : f.startedWith().toString());
        }

        /**
         * Whether the class's end asks the heap about it, if it is still alive then: a singleton, to
         * see it orphaned, and a wake, which its test's check left before asking whether a static
         * field holds it. Only these: a class's end that left a thousand things kept would pay a
         * thousand dumps.
         */
        boolean asksTheHeapAtTheClassEnd() {
            return kind == Kind.SINGLETON || kind == Kind.WAKE || kind == Kind.WAKE_OF_UNKNOWN_END
                    || kind == Kind.BEHIND_A_WAKE || kind == Kind.POOL_OF_A_WAKE || kind == Kind.CLEANER
                    || kind == Kind.HTTP_CLIENT || kind == Kind.REAPER;
        }

        /** Whether it waits for the class's end: all but {@link Kind#SINGLETON}. */
        boolean forTheClass() {
            return kind != Kind.SINGLETON;
        }

        enum Kind {
            /** A static field of another class than the test's holds it as a singleton: it lives while that field holds it. */
            SINGLETON,
            /** A static field of another class keeps it through a collection: judged when the class ends. */
            FOR_THE_CLASS,
            /** A static field of the test class's own holds or keeps a thread or pool: judged when the class ends. */
            OWN_FIELD,
            /** A thread in Netty's graceful shutdown ({@link GracefulShutdowns}): looked at again when the class ends. */
            QUIET_PERIOD,
            /**
             * A thread (or a running task) in a timed wait begun before its test ended that ends
             * soon after: the class's end sees whether it ended then or waits again, once for all
             * its tests, rather than each test waiting for its own.
             */
            WAKE,
            /** The same, in a timed wait whose end is not known (JDK 17's sleep): it may have been about to end. */
            WAKE_OF_UNKNOWN_END,
            /**
             * A thread waiting on one left as a wake (for the monitor it holds, to join it): it can
             * end no sooner than that one wakes, and is judged with it.
             */
            BEHIND_A_WAKE,
            /**
             * A pool whose workers end when idle, running only tasks left as wakes, nothing queued:
             * when they end, its workers do (logback's trial: judged apart, the pool failed the test
             * and its task the class).
             */
            POOL_OF_A_WAKE,
            /**
             * A {@code Cleaner}'s thread still there after its test's collection: the test instance
             * may hold its {@code Cleaner} (a stopped server in a field: Jetty makes a
             * {@code Cleaner} per server). Judged when the class ends, once the instance is let go
             * (one made per class, by what keeps it then: {@link ClassEndVerdicts}); asked of the
             * heap at each test's end, it cost each test a dump, and one made per test was told as
             * a leak (no static field keeps it: JUnit's context does, until after the check).
             */
            CLEANER,
            /**
             * A JDK {@code HttpClient}'s selector thread alive as its test ended, before a heap
             * dump could say what keeps its client: the test instance may. Judged as
             * {@link #CLEANER} is, when the class ends.
             */
            HTTP_CLIENT,
            /**
             * A thread that waits on a reference queue for code outside the JDK
             * ({@link KnownThreads#waitsOnAReferenceQueue}), alive as its test ended: it may end
             * once what it tracks is collected, which the test instance may hold. Judged as
             * {@link #CLEANER} is, when the class ends.
             */
            REAPER,
            /**
             * Started by the test through an object of a static field of the test class or of a
             * superclass ({@link OwnFieldCalls}), which no heap path says keeps it: judged when the
             * class ends, after its {@code @AfterAll}, as {@link #OWN_FIELD} is.
             */
            CALLED_ON_OWN_FIELD
        }
    }

    /**
     * The check's outcome, notes naming what the ignore rules left out, and the keys of what it
     * left out because a static field holds or keeps it ({@link LeftOut}).
     */
    record Result(ScopeCheck check, List<String> ignoredNotes, Map<String, LeftOut> leftOut) {
    }

    private LeakCheck() {
    }

    /**
     * {@code judged}: keys of what earlier checks of the run reported or ignored, which this check
     * adds to; when {@code skipJudged} (a class's check, after its tests') it leaves those out.
     * {@code classEnds}: whether a check of the class will come after this one's (a test's check in
     * a watched class, or a class's check of its own work), so that what a static field keeps for
     * the class can wait for it; asked only of a finding a static field holds or keeps. A class's
     * check leaves for that end only what a static field of code outside the tests keeps.
     * {@code perClassInstance}: the test's instance is made once for its class, and kept by JUnit
     * until the class ends.
     */
    static Result run(Watch watch, CheckSettings settings, Set<String> judged, boolean skipJudged,
                      Class<?> testClass, boolean perClassInstance, BooleanSupplier classEnds) {
        Map<String, LeftOut> leftOut = new ConcurrentHashMap<>();
        FindingFilter excludes = f -> {
            if (skipJudged && judged.contains(f.key())) {
                return JUDGED;
            }
            IgnoreRules.Rule rule = settings.ignores().match(f);
            if (rule != null) {
                return rule.description();
            }
            String ending = GracefulShutdowns.reason(f);
            if (ending != null) {
                if (classEnds.getAsBoolean()) { // not waited for: looked at again when the class ends
                    leftOut.put(f.key(), new LeftOut(LeftOut.Kind.QUIET_PERIOD, null));
                }
                return ending;
            }
            String cached = ReactiveSchedulers.idleInACache(f);
            if (cached != null) {
                return cached;
            }
            String jvmWide = ReactiveSchedulers.jvmWide(f);
            if (jvmWide != null) {
                return jvmWide;
            }
            String shared = sharedFixture(f);
            if (shared != null) {
                return shared;
            }
            if (!skipJudged && KnownThreads.isCleanersThread(f.leak()) && classEnds.getAsBoolean()) {
                // the instance made for the class as its possible keeper, where no dump at its end will say
                // (airlift's per-class TestHttpServerProvider failed its class with the proof off)
                leftOut.put(f.key(), new LeftOut(LeftOut.Kind.CLEANER,
                        perClassInstance && testClass != null ? testClass.getName() + ".this" : null));
                return CLEANER_LEFT;
            }
            String held = heldForTheJvm(f, testClass);
            String kept = held == null ? keptForTheClass(f, testClass) : null;
            String worker = held == null && kept == null && !skipJudged ? ownFixture(f, testClass) : null;
            String calledOn = held == null && kept == null && worker == null && !skipJudged && workOf(f)
                    && classEnds.getAsBoolean() ? calledOnOwnField(f, testClass, leftOut) : null;
            if (calledOn != null) {
                leftOut.put(f.key(), new LeftOut(LeftOut.Kind.CALLED_ON_OWN_FIELD, calledOn));
                return "started through " + ownHolder(calledOn) + ": judged when the class ends, after its @AfterAll";
            }
            // a class's own check leaves to its end only what code outside the tests keeps, to be
            // warned of as a test's is (ElasticJob's ZooKeeper server, shared by every class of the
            // JVM through a test library's static field, failed whichever class ran first)
            boolean keptHere = kept != null && !(skipJudged && ClassEndVerdicts.ownCode(f.keptBy(), testClass));
            boolean forTheClass = (keptHere || worker != null) && classEnds.getAsBoolean();
            if (held != null || forTheClass) {
                leftOut.put(f.key(), held != null ? LeftOut.singleton(f)
                        : kept != null ? LeftOut.keptFor(f, testClass)
                        : LeftOut.ownField(staticHolder(f), testClass));
            }
            // asked before the heap is (a static field that holds the client is found later, if at all): the
            // class's end tells one still there, whatever keeps it
            if (held == null && kept == null && worker == null && !skipJudged
                    && KnownThreads.isHttpClientSelector(f.leak()) && classEnds.getAsBoolean()) {
                leftOut.put(f.key(), new LeftOut(LeftOut.Kind.HTTP_CLIENT,
                        perClassInstance && testClass != null ? testClass.getName() + ".this" : null));
                return HTTP_CLIENT_LEFT;
            }
            if (held == null && kept == null && worker == null && !skipJudged
                    && KnownThreads.waitsOnAReferenceQueue(f.leak()) && classEnds.getAsBoolean()) {
                leftOut.put(f.key(), new LeftOut(LeftOut.Kind.REAPER,
                        perClassInstance && testClass != null ? testClass.getName() + ".this" : null));
                return REAPER_LEFT;
            }
            return held != null ? held : forTheClass ? (kept != null ? kept : worker) : null;
        };
        FindingFilter filter = new FindingFilter() {
            @Override
            public String excludes(Finding f) {
                return excludes.excludes(f);
            }

            /** A test's, in a watched class: the class's end judges it, once for all its tests. */
            @Override
            public String defersWake(Finding f) {
                if (skipJudged || !classEnds.getAsBoolean()) {
                    return null;
                }
                boolean known = f.leak().blockedOn() != null && f.leak().blockedOn().wakesInMillis() != null;
                leftOut.put(f.key(), new LeftOut(known ? LeftOut.Kind.WAKE : LeftOut.Kind.WAKE_OF_UNKNOWN_END, null));
                return known ? WAKE_LEFT : unknownWakeLeft(f);
            }

            /** As its wake's: the class's end judges both. */
            @Override
            public String defersBehind(Finding f) {
                if (skipJudged || !classEnds.getAsBoolean()) {
                    return null;
                }
                boolean pool = f.leak().kind() == LeakKind.EXECUTOR;
                leftOut.put(f.key(), new LeftOut(pool ? LeftOut.Kind.POOL_OF_A_WAKE : LeftOut.Kind.BEHIND_A_WAKE, null));
                return pool ? POOL_OF_A_WAKE_LEFT : BEHIND_A_WAKE_LEFT;
            }
        };
        ScopeCheck check = watch.check(Duration.ofMillis(settings.graceMillis()), filter, settings.prove());
        if (check.leaks().isEmpty() && check.excluded().isEmpty()) {
            return new Result(check, List.of(), Map.of()); // a clean test's common case
        }
        List<ScopeCheck.Excluded> ignored = new ArrayList<>();
        List<ScopeCheck.Excluded> forTheClass = new ArrayList<>();
        Map<String, LeftOut> excludedLeftOut = new HashMap<>();
        for (Finding f : check.leaks()) {
            judged.add(f.key());
        }
        for (ScopeCheck.Excluded e : check.excluded()) {
            LeftOut why = leftOut.get(e.finding().key());
            if (why != null) {
                excludedLeftOut.put(e.finding().key(), why);
            }
            if (!JUDGED.equals(e.reason())) {
                judged.add(e.finding().key());
                (why != null && why.forTheClass() ? forTheClass : ignored).add(e);
            }
        }
        List<String> notes = new ArrayList<>(note("also alive but ignored: ", ignored));
        if (!settings.prove() && watch.proves() && !check.leaks().isEmpty()) {
            notes.add(ProofBudget.offNote());
        }
        notes.addAll(note("also alive, left for the class's end: ", forTheClass));
        return new Result(check, notes, excludedLeftOut);
    }

    /**
     * Why a finding Spring's test context cache keeps is not a test's leak: the cache shares an
     * application context among test classes on purpose, for the life of the JVM, and closes it
     * when it evicts it or the JVM exits; the test that loaded it first did nothing another would
     * not have. The heap proof credits what the cache keeps to the cache, not to a field inside the
     * context. Null for anything else.
     */
    static String sharedFixture(Finding f) {
        String field = staticHolder(f);
        if (field == null || !field.startsWith(SPRING_TEST_CONTEXT_CACHE)) {
            return null;
        }
        return "kept by Spring's test context cache (" + field + "), which shares its application contexts among "
                + "test classes and closes each when it evicts it or the JVM exits: not a test's leak "
                + "(@DirtiesContext closes a context after its test or class)";
    }

    /**
     * Why a finding a static field holds as a singleton is not the test's leak: it lives as long as
     * that field holds it, like what a class initializer starts, and it is one however many tests
     * run the code that made it (a library's lazily made service). Not "as long as the JVM": a
     * library may empty the field (commons-pool2's evictor, shut down as its last pool closes). Null when no static field holds it, or the
     * field is the test class's own (or a nested class's): the class can end what it holds
     * ({@link #ownFixture}).
     */
    static String heldForTheJvm(Finding f, Class<?> testClass) {
        String field = f.heldBy();
        if (field == null || testClass == null || ownField(field, testClass)) {
            return null;
        }
        return through(f, "held") + "static field " + field
                + ", one for the whole JVM while that field holds it: not a test's leak";
    }

    /**
     * "held by ", or for a thread or task started with or by one a field holds or keeps, or by a
     * worker of a pool it holds ({@link Finding#startedWith()}): "started with "client" #12, which
     * belongs to what is held by ", "submitted by "pool-1-thread-1" #14, which belongs to ...".
     */
    private static String through(Finding f, String how) {
        ThreadRef with = f.startedWith();
        if (with == null) {
            return how + " by ";
        }
        ThreadRef by = f.leak().createdBy();
        return (f.leak().kind() == LeakKind.TASK ? "submitted" : "started")
                + (by != null && by.id() == with.id() ? " by " : " with ") + with + ", which belongs to what is "
                + how + " by ";
    }

    /**
     * Why a test's check leaves a finding for its class's end: a static field of another class than
     * the test's keeps it through a collection ({@link Finding#keptBy()}). What a static field
     * keeps outlives the test, and was often made for whichever test came first: a cache library's
     * pool per region, a registry's pool per name. Charged to that test, the verdict would move with
     * test order; the class's {@code @AfterAll} may still end it. Null when no such field keeps it,
     * or the field is the test class's own ({@link #ownFixture}).
     */
    static String keptForTheClass(Finding f, Class<?> testClass) {
        if (f.keptBy() == null || testClass == null || ownField(f.keptBy(), testClass) || theTestsTask(f, testClass)) {
            return null;
        }
        // the JDK's map of hooks is no field a reader looks for ("kept by static field
        // java.lang.ApplicationShutdownHooks.hooks, through a collection")
        return (PerCallHooks.HOOKS.equals(f.keptBy()) ? "kept by a shutdown hook the code registered"
                : "kept by static field " + f.keptBy() + ", through a collection") + ": judged when the class ends";
    }

    /**
     * Whether {@code f} is a task running in a pool a static field keeps that stays its test's
     * leak all the same: the test's own code gave it that pool, or it is proven blocked forever. A
     * loop that a library gives its own JVM-wide pool on first use (Seata's file listener) is the
     * library's; a task that holds a worker of someone's pool forever is the test's.
     */
    private static boolean theTestsTask(Finding f, Class<?> testClass) {
        return runsOnce(f) && (f.leak().verdict() == Verdict.BLOCKED_FOREVER
                || ClassEndVerdicts.madeByOwnCode(f.leak(), testClass));
    }

    /**
     * Why a test's check leaves a thread or a pool for its class's end: a static field of the test
     * class's own holds or keeps it. What the class's fields hold, its {@code @AfterAll} ends: a
     * server or event-loop group the class made before its tests (whose thread starts when a test
     * first uses it, as Netty's do), or one each test puts there and the class stops after them.
     * Charged to the test, the verdict would move with test order, or fail a test for what the
     * class ends correctly; judged when the class ends, what nothing ended still fails it, naming
     * the test. So does a task that runs once on such a pool: running, it holds one of its workers
     * until the class shuts it down (Commons VFS's FTP suites: the class's server, started in a
     * test, runs its acceptor and processors as tasks on its own pools); queued, the class's
     * {@code shutdownNow()} drops it (airlift's {@code TestMoreFutures}: seven tests each left a 10 s
     * timeout on the class's scheduler, which its {@code @AfterAll} stops; each failed). What is
     * still queued when the class ends fails it, naming the test. A periodic task the test's own
     * code scheduled stays the test's to cancel: it runs again and again for the rest of the class
     * (issue 12's suites). One a library's object scheduled as the test first used it goes with
     * that object (ShedLock's trial: Hikari's housekeeping and keep-alive tasks, scheduled as a
     * test took the first connection from the class's data source, which the class closes after
     * all; the pool they run on was left for the class's end, the tasks failed the test). Null
     * otherwise.
     */
    static String ownFixture(Finding f, Class<?> testClass) {
        String field = staticHolder(f);
        LeakKind kind = f.leak().kind();
        boolean work = workOf(f) || oneShot(f) || kind == LeakKind.TASK && testClass != null
                && !ClassEndVerdicts.madeByOwnCode(f.leak(), testClass);
        if (!work || field == null || testClass == null || !ownField(field, testClass)) {
            return null;
        }
        return through(f, "kept") + ownHolder(field) + ": judged when the class ends, after its @AfterAll";
    }

    /**
     * The static field of the test class through whose object the test started {@code f}
     * ({@link OwnFieldCalls}), or started the thread that made it, which this check left out so
     * (the findings come in the order their threads were made, the maker first). Quartz's trial:
     * Derby's server, restarted, starts a thread that starts its accept loop. Null otherwise.
     */
    private static String calledOnOwnField(Finding f, Class<?> testClass, Map<String, LeftOut> leftOut) {
        String field = OwnFieldCalls.fieldCalled(f.leak(), testClass);
        ThreadRef maker = f.leak().createdBy();
        LeftOut made = field != null || maker == null ? null : leftOut.get("thread " + maker.id());
        return made != null && made.kind() == LeftOut.Kind.CALLED_ON_OWN_FIELD ? made.field() : field;
    }

    /** A thread, a virtual thread or an executor: what a fixture's object starts, and ends. */
    private static boolean workOf(Finding f) {
        LeakKind kind = f.leak().kind();
        return kind == LeakKind.THREAD || kind == LeakKind.VIRTUAL_THREAD || kind == LeakKind.EXECUTOR;
    }

    /** A task that is not periodic, running or queued: when it has run, it is done. */
    private static boolean oneShot(Finding f) {
        TaskInfo task = f.leak().task();
        return f.leak().kind() == LeakKind.TASK && task != null && !Boolean.TRUE.equals(task.periodic());
    }

    /** A task running now that is not periodic: when it ends, it is done. */
    private static boolean runsOnce(Finding f) {
        return oneShot(f) && "running".equals(f.leak().task().state());
    }

    /**
     * The test class's own holder as a reason names it: its static field, or the test instance
     * JUnit made once for the class ({@code com.acme.PoolTest.this}, {@link Watch#holderAlso}).
     */
    static String ownHolder(String field) {
        return field.endsWith(".this") ? "the per-class test instance " + field
                : "the test class's static field " + field;
    }

    /** The static field that keeps it through a collection, else the one that holds it; null when none does. */
    private static String staticHolder(Finding f) {
        return f.keptBy() != null ? f.keptBy() : f.heldBy();
    }

    /**
     * Whether static field {@code field} (or {@code Class.this}, a test instance made once per class)
     * is the test class's own or a nested class's; of a nested test class declared in a superclass,
     * also a field of a subclass of that superclass, whose run it may be (ShedLock's
     * {@code H2...IntegrationTest.dbConfig}, made for the nested tests its superclass declares).
     */
    private static boolean ownField(String field, Class<?> testClass) {
        String top = testClass.getName();
        int nested = top.indexOf('$');
        top = nested < 0 ? top : top.substring(0, nested);
        String owner = ownerClass(field);
        return owner.equals(top) || owner.startsWith(top + "$") || nested >= 0 && extendsTop(owner, testClass);
    }

    /** Whether class {@code owner} extends the top-level class that declares nested {@code testClass}. */
    private static boolean extendsTop(String owner, Class<?> testClass) {
        Class<?> top = testClass;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        Class<?> ownerClass = ClassEndVerdicts.classNamed(owner, testClass);
        return ownerClass != null && top.isAssignableFrom(ownerClass);
    }

    /** The class that declares static field {@code field} ({@code com.acme.Registry.INSTANCE}). */
    static String ownerClass(String field) {
        return field.substring(0, Math.max(0, field.lastIndexOf('.')));
    }

    /** {@code "a" #1}, {@code "a" #1 and "b" #2}, {@code "a" #1, "b" #2, "c" #3 and 4 more}. */
    static String listed(List<String> things) {
        return FirstFew.of(things, 3);
    }

    /**
     * {@code head}, then what was left out, each reason once with what it was given for (Seata's
     * trial: five of Netty's threads in one graceful shutdown read as five sentences): the first
     * {@value #IGNORED_LISTED} reasons, and how many more things.
     */
    static List<String> note(String head, List<ScopeCheck.Excluded> ignored) {
        if (ignored.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (ScopeCheck.Excluded x : ignored) {
            byReason.computeIfAbsent(x.reason(), r -> new ArrayList<>()).add(x.finding().describe());
        }
        StringBuilder note = new StringBuilder(head);
        int shown = 0;
        int more = 0;
        for (Map.Entry<String, List<String>> e : byReason.entrySet()) {
            if (shown == IGNORED_LISTED) {
                more += e.getValue().size();
                continue;
            }
            note.append(shown++ == 0 ? "" : "; ").append(listed(e.getValue())).append(", ").append(e.getKey());
        }
        if (more > 0) {
            note.append("; and ").append(more).append(" more");
        }
        return List.of(note.toString());
    }
}
