package dev.threadleak.junit;

import dev.threadleak.api.Finding;
import dev.threadleak.report.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Why a live thread a test started is not a leak: its name, a frame of its current or creation
 * stack, or the thread that created it. Each rule remembers where it came from, so that a report
 * can say which rule hid which thread.
 */
final class IgnoreRules {

    static final String REGEX_ACCEPTED = "regular expressions matched against the whole name, separated by commas";

    /** One reason a thread is not a leak, and where it was configured. */
    record Rule(String description, Predicate<Finding> matches) {
    }

    static final IgnoreRules NONE = new IgnoreRules(List.of(), false);

    /**
     * JUnit's own threads: the timeout watcher ({@code @Timeout}, started by the first timed
     * test and kept for the run), the threads of {@code assertTimeoutPreemptively} and
     * {@code SEPARATE_THREAD} timeouts, and the workers of parallel execution (5.x: a
     * ForkJoinPool; 6.x: a worker pool), which the test thread may start while a test runs.
     */
    static final IgnoreRules JUNIT = new IgnoreRules(List.of(new Rule(
            "part of JUnit (its timeout watcher, or a timeout's or a parallel run's threads), not the test's",
            IgnoreRules::isJUnitThread)),
            false);

    private static final String JUNIT_EXECUTION_PACKAGE = "org.junit.platform.engine.support.hierarchical.";
    private static final Pattern JUNIT_NAMES = Pattern.compile("junit-jupiter-timeout-watcher|junit-timeout-thread-\\d+");

    private final List<Rule> rules;
    private final boolean hasCreatorRules;

    private IgnoreRules(List<Rule> rules, boolean hasCreatorRules) {
        this.rules = List.copyOf(rules);
        this.hasCreatorRules = hasCreatorRules;
    }

    /** Threads whose name matches one of {@code regexes} in full (for an executor: all its workers'). */
    static IgnoreRules names(String source, List<String> regexes) {
        List<Rule> rules = new ArrayList<>();
        for (String regex : regexes) {
            Pattern p = compile(regex);
            rules.add(new Rule("thread name matches `" + regex + "` (" + source + ")",
                    s -> allMatch(s.names(), p)));
        }
        return new IgnoreRules(rules, false);
    }

    /** Threads whose current stack or creation stack has a frame matching one of {@code patterns}. */
    static IgnoreRules frames(String source, List<String> patterns) {
        List<Rule> rules = new ArrayList<>();
        for (String text : patterns) {
            FramePattern p;
            try {
                p = FramePattern.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a frame: expected " + e.getMessage());
            }
            rules.add(new Rule("a frame matches `" + p + "` (" + source + ")",
                    s -> anyMatches(s.leak().createdAt(), p) || anyMatches(s.currentStack(), p)));
        }
        return new IgnoreRules(rules, false);
    }

    /** Threads whose creating thread's name matches one of {@code regexes} in full. */
    static IgnoreRules creators(String source, List<String> regexes) {
        List<Rule> rules = new ArrayList<>();
        for (String regex : regexes) {
            Pattern p = compile(regex);
            rules.add(new Rule("created by a thread whose name matches `" + regex + "` (" + source + ")",
                    s -> s.leak().createdBy() != null && p.matcher(s.leak().createdBy().name()).matches()));
        }
        return new IgnoreRules(rules, !rules.isEmpty());
    }

    /**
     * Findings one of the {@link ThreadLeakFilter} classes ignores, each made once with its
     * no-argument constructor (public or not, as JUnit makes test classes). A class that is not a filter or cannot be made is an
     * {@link IllegalArgumentException} saying which and why; a filter that throws fails the check
     * with its name.
     */
    static IgnoreRules filters(String source, List<Class<?>> classes) {
        List<Rule> rules = new ArrayList<>();
        for (Class<?> type : classes) {
            ThreadLeakFilter filter = instance(type);
            String name = type.getName();
            rules.add(new Rule("ignored by the filter " + name + " (" + source + ")", finding -> {
                try {
                    return filter.ignores(finding);
                } catch (RuntimeException | LinkageError e) {
                    throw new ExtensionConfigurationException("threadleak: the filter " + name + " (" + source
                            + ") threw " + e + " for " + finding.describe() + "; a filter must answer for every finding",
                            e);
                }
            }));
        }
        return new IgnoreRules(rules, false);
    }

    private static ThreadLeakFilter instance(Class<?> type) {
        if (!ThreadLeakFilter.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(type.getName() + " does not implement " + ThreadLeakFilter.class.getName());
        }
        try {
            java.lang.reflect.Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return (ThreadLeakFilter) constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no constructor without arguments");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException i ? i.getCause() : e;
            throw new IllegalArgumentException(type.getName() + " could not be made (" + cause + ")");
        }
    }

    IgnoreRules plus(IgnoreRules other) {
        if (other.rules.isEmpty()) {
            return this;
        }
        if (rules.isEmpty()) {
            return other;
        }
        List<Rule> all = new ArrayList<>(rules);
        all.addAll(other.rules);
        return new IgnoreRules(all, hasCreatorRules || other.hasCreatorRules);
    }

    /** The first rule that makes {@code finding} not a leak, or null. */
    Rule match(Finding finding) {
        for (Rule rule : rules) {
            if (rule.matches().test(finding)) {
                return rule;
            }
        }
        return null;
    }

    /** Creator rules need to know who created a thread, which only the agent does. */
    boolean hasCreatorRules() {
        return hasCreatorRules;
    }

    static boolean isJUnitWorker(Thread thread) {
        return thread.getClass().getName().startsWith(JUNIT_EXECUTION_PACKAGE);
    }

    private static boolean isJUnitThread(Finding s) {
        if (allMatch(s.names(), JUNIT_NAMES) || (s.thread() != null && isJUnitWorker(s.thread()))) {
            return true;
        }
        return !s.workers().isEmpty() && s.workers().stream().allMatch(IgnoreRules::isJUnitWorker);
    }

    private static boolean allMatch(List<String> names, Pattern p) {
        return !names.isEmpty() && names.stream().allMatch(n -> p.matcher(n).matches());
    }

    private static boolean anyMatches(List<Frame> frames, FramePattern p) {
        for (Frame f : frames) {
            if (p.matches(f)) {
                return true;
            }
        }
        return false;
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + regex + "' is not a regular expression (" + e.getDescription()
                    + " near index " + e.getIndex() + ")");
        }
    }
}
