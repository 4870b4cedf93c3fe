package dev.threadleak.junit;

import dev.threadleak.api.ScopeCheck;
import dev.threadleak.junit.Configuration.Action;
import dev.threadleak.junit.Configuration.Uncaught;
import dev.threadleak.junit.DetectThreadLeaks.Scope;
import dev.threadleak.junit.Watch.Window;
import dev.threadleak.report.JvmInfo;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportSummary;
import dev.threadleak.report.TerminalText;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.JUnitException;
import org.opentest4j.TestAbortedException;

/**
 * Fails tests that leave threads running; see {@link DetectThreadLeaks} for what users write,
 * and {@code threadleak.*} configuration parameters for the rest.
 *
 * <p>Each test is watched from before its test instance is made (its field initializers and
 * constructor are the test's: a new instance per test; on JUnit before 5.12, which gives no test's
 * context there, from its {@code @BeforeEach} methods) to after its {@code @AfterEach} methods and
 * checked then, whether it passed or not (a leak found after a
 * failure is attached to it as suppressed). A class is watched during its {@code @BeforeAll}
 * and {@code @AfterAll} methods (and while its test instance is made, where one is made per
 * class), and with scope CLASS during its tests as well, and checked
 * after its {@code @AfterAll} methods. With scope NONE a class or test is not watched. All state
 * is in the extension context stores: one instance serves a whole run when registered by
 * auto-detection, and tests may run in parallel.
 */
public final class ThreadLeakExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, InvocationInterceptor {

    private static final Namespace NAMESPACE = Namespace.create(ThreadLeakExtension.class);

    /**
     * A class's run, settings, and the watch of its own work (null when its mode cannot tell it
     * apart); {@code methods} holds each test method's settings and names once made, so that a
     * repeated or parameterized test's thousand invocations look its annotations up once.
     */
    private record ClassCheck(TestRun run, CheckSettings settings, Watch watch, Subject subject,
                              ConcurrentHashMap<Method, MethodCheck> methods, ClassEndVerdicts classEnd) {

        ClassCheck(TestRun run, CheckSettings settings, Watch watch, Subject subject) {
            this(run, settings, watch, subject, new ConcurrentHashMap<>(), new ClassEndVerdicts());
        }

        /** {@code method}'s check in {@code context}'s class; kept only for this class's own tests (not an inner class's). */
        MethodCheck of(ExtensionContext context, Method method) {
            Class<?> type = context.getRequiredTestClass();
            MethodCheck known = type == subject.testClass() ? methods.get(method) : null;
            if (known == null) {
                // an invalid annotation throws each time, as before: nothing is kept
                known = new MethodCheck(settings.with(method), names(context, method));
                if (type == subject.testClass()) {
                    methods.putIfAbsent(method, known);
                }
            }
            return known;
        }
    }

    /** The names of test {@code method} of {@code context}'s class, as it ran. */
    private static TestNames.Names names(ExtensionContext context, Method method) {
        return TestNames.Names.of(TestNames.ranAs(context), TestNames.ranAsDisplayed(context), method);
    }

    /** A test method's settings and names, the same for each of its invocations. */
    private record MethodCheck(CheckSettings settings, TestNames.Names names) {
    }

    /**
     * One test's check, from before its instance is made (or its beforeEach) to afterEach, which
     * takes it out of the store. One that stays (its instance could not be made, so no afterEach
     * ran) ends its watch as the test's context closes: an open window would go on recording.
     * {@code AutoCloseable} is what JUnit 5.13+ closes (it warns of a resource that is only a
     * {@code CloseableResource}); {@code CloseableResource} what earlier ones do.
     */
    private record TestCheck(TestRun run, CheckSettings settings, Watch watch, Subject subject)
            implements Store.CloseableResource, AutoCloseable {

        @Override
        public void close() {
            watch.end();
        }
    }

    /**
     * The class's window over the {@code beforeAll} callbacks of the extensions registered after
     * this one (an auto-detected one is first), which JUnit runs before the class's
     * {@code @BeforeAll} methods: a server a test framework's extension starts for the class
     * (Helidon's {@code @ServerTest}) is the class's, as one its {@code @BeforeAll} starts is. Open
     * until the class's first test begins; unwatched, that server's timer, which its stop left
     * running, was no class's leak (62 of 79 in Helidon's trial).
     */
    private static final String CALLBACKS_WINDOW = "window over beforeAll callbacks";

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionUse.note();
        closeCallbacksWindows(context); // an enclosing class's: what a nested class's callbacks start is its own
        ClassCheck check = startClassCheck(context);
        if (check.watch() != null) {
            context.getStore(NAMESPACE).put(CALLBACKS_WINDOW, check.watch().openWindow());
        }
    }

    /** Closes the windows over {@code beforeAll} callbacks of {@code context}'s class and those enclosing it. */
    private static void closeCallbacksWindows(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Window window = c.get().getStore(NAMESPACE).get(CALLBACKS_WINDOW, Window.class);
            if (window != null) {
                window.close(); // closing twice is closing once
            }
        }
    }

    /**
     * The class's check; once, from its {@code beforeAll} or, where its test instance is made per
     * class (which JUnit does before {@code beforeAll}), from before that instance is made.
     */
    private static ClassCheck startClassCheck(ExtensionContext context) {
        Store store = context.getStore(NAMESPACE);
        Class<?> testClass = context.getRequiredTestClass();
        ClassCheck started = store.get(ClassCheck.class, ClassCheck.class); // or an enclosing class's
        if (started != null && started.subject().testClass() == testClass) {
            return started;
        }
        TestRun run = TestRun.of(context, NAMESPACE);
        CheckSettings settings = classSettings(run, context);
        boolean wholeClass = settings.scope() == Scope.CLASS;
        Subject.Kind kind = wholeClass ? Subject.Kind.CLASS
                : context.getTestInstanceLifecycle().orElse(null) == Lifecycle.PER_CLASS
                ? Subject.Kind.CLASS_LIFECYCLE_AND_INSTANCE : Subject.Kind.CLASS_LIFECYCLE;
        Subject subject = new Subject(kind,
                TestNames.ranAs(context), TestNames.ranAsDisplayed(context), testClass, "the test class ended");
        Watch watch = settings.off() ? null : run.mode().classWatch(subject); // NONE: only a test may turn it on again
        ClassCheck check = new ClassCheck(run, settings, watch, subject);
        store.put(ClassCheck.class, check);
        return check;
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext context) throws Throwable {
        proceedInClassWindow(invocation, context);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                        ExtensionContext context) throws Throwable {
        proceedInClassWindow(invocation, context);
    }

    /** The test's own context where its instance is made per test, so that its check starts before its fields are set. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    /**
     * Starts the test's check before its instance is made (once, for an outer class's instance
     * too): a pool a field initializer makes is the test's. An instance made per class has the
     * class's context here, and is the class's: what its fields start is watched as the class's
     * {@code @BeforeAll} methods are, and judged at the class's end. The constructor's interceptor
     * (JUnit 5.5), not the pre-construct callback (5.9): an extension class that names a callback
     * the run's JUnit lacks fails to load, and with it every test of an auto-detecting run.
     */
    @Override
    public <T> T interceptTestClassConstructor(Invocation<T> invocation,
                                               ReflectiveInvocationContext<Constructor<T>> invocationContext,
                                               ExtensionContext context) throws Throwable {
        if (context.getTestMethod().isPresent()) {
            startTestCheck(context);
            return invocation.proceed();
        }
        if (context.getTestClass().isEmpty() || context.getTestInstanceLifecycle().orElse(null) != Lifecycle.PER_CLASS) {
            return invocation.proceed();
        }
        ClassCheck check = startClassCheck(context);
        Window window = check.watch() == null ? Window.NONE : check.watch().openWindow();
        try {
            return invocation.proceed();
        } finally {
            window.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ExtensionUse.note(); // on a method alone, JUnit calls no beforeAll of ours
        startTestCheck(context);
    }

    /** The test's check, or its window in its class's check; once, whichever of the callbacks comes first. */
    private static void startTestCheck(ExtensionContext context) {
        closeCallbacksWindows(context);
        Store store = context.getStore(NAMESPACE);
        if (store.get(TestCheck.class, TestCheck.class) != null || store.get(Window.class, Window.class) != null) {
            return;
        }
        ClassCheck classCheck = store.get(ClassCheck.class, ClassCheck.class);
        TestRun run = classCheck != null ? classCheck.run() : TestRun.of(context, NAMESPACE);
        Method method = context.getRequiredTestMethod();
        Class<?> testClass = context.getRequiredTestClass();
        MethodCheck methodCheck = classCheck != null ? classCheck.of(context, method)
                : new MethodCheck(classSettings(run, context).with(method), names(context, method));
        CheckSettings settings = methodCheck.settings();
        if (settings.off()) {
            return;
        }
        if (settings.scope() == Scope.CLASS && classCheck != null && classCheck.watch() != null) {
            store.put(Window.class, classCheck.watch().openWindow());
            return;
        }
        Subject subject = new Subject(Subject.Kind.TEST, methodCheck.names().qualified(context),
                methodCheck.names().display(context), testClass, "the test ended");
        Watch watch = run.mode().testWatch(subject);
        if (context.getTestInstanceLifecycle().orElse(null) == Lifecycle.PER_CLASS) {
            // made once for the class: what its fields hold, the class's @AfterAll ends (Commons VFS's
            // suites make their manager in a test and close it after all; Kotlin's `by lazy` alike)
            context.getTestInstance().ifPresent(watch::holderAlso);
        }
        store.put(TestCheck.class, new TestCheck(run, settings, watch, subject));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Store store = context.getStore(NAMESPACE);
        Window window = store.remove(Window.class, Window.class);
        if (window != null) {
            window.close();
        }
        TestCheck check = store.remove(TestCheck.class, TestCheck.class);
        if (check != null) {
            judge(context, check.run(), check.watch(), check.settings(), check.subject(), null);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeCallbacksWindows(context); // a class without tests
        ClassCheck check = context.getStore(NAMESPACE).remove(ClassCheck.class, ClassCheck.class);
        if (check == null) {
            return;
        }
        try {
            if (check.watch() != null) {
                // a nested class's own work is left to the outermost class's end, as its tests' is
                ClassCheck outer = outermostClassCheck(context);
                judge(context, check.run(), check.watch(), check.settings(), check.subject(),
                        (outer != null ? outer : check).classEnd());
            }
        } finally {
            judgeClassEnd(context, check);
        }
    }

    /**
     * Fails the class (or warns) when what its tests' checks left for its end is alive as it ends
     * ({@link ClassEndVerdicts}); warns only of what code outside the tests keeps in a static
     * field, which may be meant to live for the JVM. After the class's own check, whose failure it
     * joins as suppressed.
     */
    private static void judgeClassEnd(ExtensionContext context, ClassCheck check) {
        ClassEndVerdicts.Leftovers leftovers;
        try {
            leftovers = check.classEnd().leftovers(check.subject().qualifiedName(),
                    Duration.ofMillis(check.settings().graceMillis()), check.settings().keptOutside() == Action.FAIL);
        } catch (RuntimeException | LinkageError e) {
            notChecked(context, check.subject().displayName() + "'s end", e);
            return;
        }
        if (leftovers.warned() != null) {
            Subject.Kind kind = leftovers.warnedAfterFailures() ? Subject.Kind.CLASS_KEPT_AFTER_FAILURES
                    : Subject.Kind.CLASS_KEPT;
            Subject kept = new Subject(kind, check.subject().qualifiedName() + ".kept",
                    check.subject().displayName(), check.subject().testClass(), "the test class ended");
            String message = message(check.run(), kept, leftovers.warned(), 0);
            warn(context, "", message);
        } else {
            forgetEarlierReport(check.run(), check.subject().qualifiedName() + ".kept");
        }
        LeakReport report = leftovers.failing();
        if (report == null) {
            forgetEarlierReport(check.run(), check.subject().qualifiedName() + ".leftovers");
            return;
        }
        Subject subject = new Subject(Subject.Kind.CLASS_LEFTOVERS, check.subject().qualifiedName() + ".leftovers",
                check.subject().displayName(), check.subject().testClass(), "the test class ended",
                leftovers.leftBecause());
        String message = message(check.run(), subject, report, 0);
        if (check.settings().action() != Action.FAIL) {
            warn(context, " (" + Configuration.ACTION + "=warn)", message);
            return;
        }
        toldOnStandardError(message);
        throw new ThreadLeakError(message, report);
    }

    /**
     * A check that threw is threadleak's failure, not the test's: the test passes, with a warning
     * that names what threw and where, to report (Commons VFS's trial: MINA's pool throws from
     * {@code getQueue()}, and every FTP test ended in that exception). A JUnit exception is the
     * user's configuration, told as JUnit tells it; and so is a class or member of ours missing
     * ({@link #oursMissing}): an agent and an extension of two builds on one class path, which
     * checks nothing where they differ, and passed each such test with a line on standard error
     * nobody reads in CI (commons-lang's trial: a real leak went through, BUILD SUCCESS).
     */
    static void notChecked(ExtensionContext context, String what, Throwable e) {
        if (e instanceof JUnitException) {
            throw (JUnitException) e;
        }
        StackTraceElement[] at = e.getStackTrace();
        what = TerminalText.escape(what); // a test's name may carry the application's text
        String threw = e.getClass().getName() + (at.length == 0 ? "" : " at " + TerminalText.escape(at[0].toString()));
        if (oursMissing(e)) {
            throw new ExtensionConfigurationException("threadleak: could not check `" + what + "` for leaks: " + threw
                    + ": a class of threadleak's lacks what another of its classes expects, as when the -javaagent jar "
                    + "and the threadleak-junit dependency are of two versions or builds; use one version of both, "
                    + "built together (if they are, a bug of threadleak's: please report this line)", e);
        }
        warn(context, "", "could not check `" + what + "` for leaks, and did not fail it: " + threw
                + " (a bug of threadleak's: please report this line)");
    }

    /** Whether {@code e} says a class or member of threadleak's is missing or not as expected. */
    private static boolean oursMissing(Throwable e) {
        String message = e.getMessage();
        return e instanceof LinkageError && message != null
                && (message.contains("dev.threadleak.") || message.contains("dev/threadleak/"));
    }

    /** The report an earlier run left for {@code qualifiedName}, now clean. */
    private static void forgetEarlierReport(TestRun run, String qualifiedName) {
        if (run.reportFiles() != null) {
            run.reportFiles().forget(qualifiedName);
        }
    }

    /**
     * A warning, not a failure: a JUnit report entry, and the same on standard error, where build
     * logs show it. Without {@code because}, the message says itself why it does not fail (what
     * code outside the tests keeps), and the line does not say "not failing" twice.
     */
    private static void warn(ExtensionContext context, String because, String message) {
        context.publishReportEntry("threadleak", message);
        System.err.println("threadleak: warning" + (because.isEmpty() ? ": " : because + ", not failing: ") + message);
    }

    private static void proceedInClassWindow(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        ClassCheck check = context.getStore(NAMESPACE).get(ClassCheck.class, ClassCheck.class);
        Window window = check == null || check.watch() == null ? Window.NONE : check.watch().openWindow();
        try {
            invocation.proceed();
        } finally {
            window.close();
        }
    }

    /**
     * The check of the outermost test class around {@code context}, where a test's check leaves
     * what a static field keeps ({@link ClassEndVerdicts}): a nested class's static fields are its
     * enclosing class's to end too. Null when no class is watched.
     */
    private static ClassCheck outermostClassCheck(ExtensionContext context) {
        ClassCheck found = null;
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            if (c.get().getElement().filter(Class.class::isInstance).isPresent()) {
                ClassCheck own = c.get().getStore(NAMESPACE).get(ClassCheck.class, ClassCheck.class);
                found = own != null ? own : found;
            }
        }
        return found;
    }

    /**
     * The classes whose frames are the test's own code, for the summary's "via" line: the test
     * class, then its superclasses, which declare the test methods it inherits; and so for its
     * {@code @Nested} classes (tests whose superclass holds the test methods), whose leaks a
     * class's report may hold. Not a helper nested in it that extends the code under test: its
     * own frames are the test's (nested in the test class), its superclass's are not.
     */
    private static List<String> callerClasses(Class<?> testClass) {
        List<String> classes = new ArrayList<>();
        addWithSuperclasses(testClass, classes, 0);
        return classes;
    }

    private static void addWithSuperclasses(Class<?> type, List<String> classes, int depth) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (!classes.contains(c.getName())) {
                classes.add(c.getName());
            }
        }
        if (depth >= NESTING_LOOKED_AT) {
            return;
        }
        try {
            for (Class<?> nested : type.getDeclaredClasses()) {
                if (nested.isAnnotationPresent(Nested.class)) {
                    addWithSuperclasses(nested, classes, depth + 1);
                }
            }
        } catch (LinkageError | SecurityException e) {
            // a nested class that cannot load holds no test that ran
        }
    }

    /** How deep nested classes are looked into for the test's own code. */
    private static final int NESTING_LOOKED_AT = 3;

    /**
     * Waits out the grace period, then fails (or warns) with the report if threads are left, or
     * if a thread of the check died of an uncaught exception that no handler of its own took
     * ({@code threadleak.uncaught}). A class's check leaves out what its tests' checks judged
     * already; a test's check does not, so that under parallel execution
     * without the agent every test that sees a thread says so, whichever looked first. A test's
     * check leaves what static fields hold or keep for its class's end, and a class's check what
     * static fields of code outside the tests keep ({@code classEnd}: the end it leaves them to,
     * null for a test's check). The check holds what it
     * found detached from the live threads: a heap proof may run in it, and this thread's stack
     * counts as a root there (anyone holding a thread can interrupt it, so a held thread would
     * look wakeable).
     *
     * <p>The failure's message is a summary of at most {@value #MESSAGE_LINES} lines (a build tool
     * repeats it in its summary); the full report goes to the report directory, as text and JSON.
     */
    private static void judge(ExtensionContext context, TestRun run, Watch watch, CheckSettings settings,
                              Subject subject, ClassEndVerdicts classEnd) {
        Verdict verdict;
        try {
            boolean test = subject.kind() == Subject.Kind.TEST;
            boolean afterTests = classEnd != null;
            // only a check that a static field holds or keeps a leak for asks: a clean test looks up no store
            boolean perClass = test && context.getTestInstanceLifecycle().orElse(null) == Lifecycle.PER_CLASS;
            LeakCheck.Result result = LeakCheck.run(watch, settings, run.judged(), afterTests, subject.testClass(),
                    perClass, () -> afterTests || test && outermostClassCheck(context) != null);
            if (test && !result.leftOut().isEmpty()) {
                ClassCheck classCheck = outermostClassCheck(context);
                if (classCheck != null) {
                    classCheck.classEnd().remember(watch, result.leftOut(), "`" + subject.displayName() + "`",
                            subject.testClass(), settings.prove(), !result.check().leaks().isEmpty());
                }
            } else if (afterTests) {
                // only what it left for the class's end: a singleton it left out was judged here, for good
                Map<String, LeakCheck.LeftOut> forTheEnd = new HashMap<>(result.leftOut());
                forTheEnd.values().removeIf(why -> !why.forTheClass());
                // not "also left leaks of its own": those of the class's own work are no test's to stop
                classEnd.remember(watch, forTheEnd, ClassEndVerdicts.classWork(subject.kind()), subject.testClass(),
                        settings.prove(), false);
            }
            ScopeCheck check = settings.uncaught() == Uncaught.IGNORE ? withoutDeaths(result.check()) : result.check();
            int unhandled = (int) check.deaths().stream().filter(d -> d.handledBy() == null).count();
            if (check.clean() && unhandled == 0) {
                forgetEarlierReport(run, subject.qualifiedName()); // a clean test's common case
                return;
            }
            List<String> notes = new ArrayList<>(result.ignoredNotes());
            String aborted = test ? abortedBy(context) : null;
            if (aborted != null) {
                notes.add(0, abortNote(aborted));
            }
            if (settings.ignores().hasCreatorRules() && run.mode() instanceof SnapshotMode) {
                notes.add("ignoring by creator needs the agent: in snapshot mode the creator rules were not applied");
            }
            LeakReport report = watch.report(check, notes);
            boolean fails = (!check.clean() && settings.action() == Action.FAIL)
                    || (unhandled > 0 && settings.uncaught() == Uncaught.FAIL);
            verdict = new Verdict(message(run, subject, report, unhandled, aborted), report, fails,
                    because(!check.clean(), unhandled > 0));
        } catch (RuntimeException | LinkageError e) {
            notChecked(context, subject.displayName(), e);
            return;
        } finally {
            watch.end(); // after the report: it may name the tests that ran alongside this one
        }
        if (!verdict.fails()) {
            warn(context, verdict.because(), verdict.message());
            return;
        }
        if (subject.kind() != Subject.Kind.TEST) {
            toldOnStandardError(verdict.message());
        }
        throw new ThreadLeakError(verdict.message(), verdict.report());
    }

    /**
     * A class's failure, whose first line is said on standard error too: it is thrown from
     * {@code afterAll}, and Maven Surefire before 3.0.0-M5 drops what a class's {@code @AfterAll}
     * throws (Milo's trial: its 3.0.0-M4 said "Failures: 0", BUILD SUCCESS, and only a file in
     * the report directory told of the class's leak).
     */
    private static void toldOnStandardError(String message) {
        int end = message.indexOf('\n');
        System.err.println("threadleak: failing " + (end < 0 ? message : message.substring(0, end)));
    }

    /**
     * The message of the assumption that aborted the test, escaped, or null when it was not
     * aborted. What it left before the abort fails it all the same, the abort attached to that
     * failure by JUnit; its headline says so (Brave's trial: three tests skipped without
     * threadleak failed with it, the abort only a suppressed exception below the report).
     */
    private static String abortedBy(ExtensionContext context) {
        return context.getExecutionException().filter(TestAbortedException.class::isInstance)
                .map(e -> e.getMessage() == null ? e.getClass().getSimpleName() : TerminalText.escape(e.getMessage()))
                .orElse(null);
    }

    /** The report files' note of a test {@code aborted} (the abort's message) after it made what is left. */
    private static String abortNote(String aborted) {
        return "the test was aborted (" + aborted + ") after it made what is left, which is judged all the same";
    }

    private static LeakReport withoutNote(LeakReport r, String note) {
        List<String> notes = new ArrayList<>(r.notes() == null ? List.of() : r.notes());
        notes.remove(note);
        return new LeakReport(r.schema(), r.jvm(), r.takenAt(), r.scope(), r.leaks(), r.deaths(), r.stats(), notes,
                r.sites(), r.baseline());
    }

    /** What a check decided: the message, the report behind it, whether the test fails, and if not, why not. */
    private record Verdict(String message, LeakReport report, boolean fails, String because) {
    }

    /** The settings that made a check that found something only warn: the ones in effect, so the reader knows which to change. */
    private static String because(boolean leaks, boolean deaths) {
        List<String> settings = new ArrayList<>(2);
        if (leaks) {
            settings.add(Configuration.ACTION + "=warn");
        }
        if (deaths) {
            settings.add(Configuration.UNCAUGHT + "=report");
        }
        return " (" + String.join(", ", settings) + ")";
    }

    /**
     * Whether {@code report} may show a pool or its work: an executor or a task among its leaks, or
     * a report made without the agent, which sees a pool's workers as plain threads.
     */
    private static boolean mayHoldPools(LeakReport report) {
        boolean agent = report.jvm() != null && JvmInfo.AGENT.equals(report.jvm().mode());
        return !agent || report.leaks().stream()
                .anyMatch(l -> l.kind() == LeakKind.EXECUTOR || l.kind() == LeakKind.TASK || l.executor() != null);
    }

    /** The most lines a failure's message has: what a person reads at a glance in a build's output. */
    static final int MESSAGE_LINES = 25;

    /**
     * The headline, a summary, and where the full report is. Without a report directory
     * ({@code threadleak.report.dir=none}) the message carries the full report: there is nowhere else.
     */
    private static String message(TestRun run, Subject subject, LeakReport report, int unhandledDeaths) {
        return message(run, subject, report, unhandledDeaths, null);
    }

    /** The same, for a test that was aborted ({@code aborted}: the abort's message) after it made what is left. */
    private static String message(TestRun run, Subject subject, LeakReport report, int unhandledDeaths,
                                  String aborted) {
        String headline = subject.headline(report.leakCount(), unhandledDeaths, mayHoldPools(report))
                + (aborted == null ? "" : ", which was aborted (" + aborted + ") after it made them");
        // the headline says it: the summary need not say it again (nor a warning's first note, which
        // tells the file what the headline tells the log: Prometheus client_java's trial read it twice)
        LeakReport summarised = aborted == null ? report : withoutNote(report, abortNote(aborted));
        if (subject.kind() == Subject.Kind.CLASS_KEPT || subject.kind() == Subject.Kind.CLASS_KEPT_AFTER_FAILURES) {
            summarised = withoutNote(summarised, ClassEndVerdicts.WARNED);
        }
        if (run.reportFiles() == null) {
            return (headline + "\n" + report.toText()).stripTrailing();
        }
        List<String> footer = new ArrayList<>();
        String moreAt;
        try {
            ReportFiles.Written files = run.reportFiles().write(subject.qualifiedName(), report);
            footer.add("full report: " + ReportFiles.forShell(files.text()));
            footer.add("json report: " + ReportFiles.forShell(files.json()));
            moreAt = "the full report";
        } catch (IOException e) {
            footer.add("the full report could not be written to " + Configuration.REPORT_DIR + " (" + e + ")");
            moreAt = "the JSON of ThreadLeakError.report()";
        }
        List<String> lines = new ArrayList<>();
        lines.add(headline);
        lines.addAll(ReportSummary.lines(summarised, callerClasses(subject.testClass()),
                new ProjectClasses(subject.testClass().getClassLoader()), MESSAGE_LINES - 1 - footer.size(), moreAt));
        lines.addAll(footer);
        return String.join("\n", lines);
    }

    private static ScopeCheck withoutDeaths(ScopeCheck check) {
        return new ScopeCheck(check.leaks(), check.excluded(), List.of(), check.notes());
    }

    /** The run's configuration with the annotations of the test class and its enclosing classes, outermost first. */
    private static CheckSettings classSettings(TestRun run, ExtensionContext context) {
        Deque<Class<?>> classes = new ArrayDeque<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            c.get().getElement().filter(Class.class::isInstance).map(Class.class::cast).ifPresent(type -> {
                if (!classes.contains(type)) {
                    classes.push(type);
                }
            });
        }
        CheckSettings settings = CheckSettings.of(run.configuration());
        for (Class<?> type : classes) {
            settings = settings.with(type);
        }
        return settings;
    }
}
