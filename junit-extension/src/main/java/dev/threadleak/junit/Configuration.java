package dev.threadleak.junit;

import dev.threadleak.junit.DetectThreadLeaks.Scope;
import dev.threadleak.report.CommaList;
import dev.threadleak.report.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The configuration parameters of a test run, read and checked once, in one place. JUnit looks
 * each key up in the launcher's parameters, then system properties, then
 * {@code junit-platform.properties}. A bad value fails with a message that names the key, the
 * value and what is accepted.
 */
final class Configuration {

    static final String MODE = "threadleak.mode";
    static final String GRACE = "threadleak.grace";
    static final String SCOPE = "threadleak.scope";
    static final String ACTION = "threadleak.action";
    static final String IGNORE_NAMES = "threadleak.ignore.names";
    static final String IGNORE_FRAMES = "threadleak.ignore.frames";
    static final String IGNORE_CREATORS = "threadleak.ignore.creators";
    static final String REPORT_DIR = "threadleak.report.dir";
    static final String AGENT_JAR = "threadleak.agent.jar";
    static final String AGENT_OPTIONS = "threadleak.agent.options";
    static final String PROVE = "threadleak.prove";
    static final String PROVE_BUDGET = "threadleak.prove.budget";
    static final String UNCAUGHT = "threadleak.uncaught";
    static final String FILTERS = "threadleak.filters";
    static final String KEPT_OUTSIDE = "threadleak.kept.outside";
    /** JUnit's own switch: without the agent, concurrent tests' threads cannot be told apart. */
    static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";

    static final long DEFAULT_GRACE_MILLIS = 2_000;
    static final String DEFAULT_REPORT_DIR = "target/threadleak";
    /** Where Gradle builds: its test workers have the system property {@value #GRADLE_WORKER}. */
    static final String GRADLE_REPORT_DIR = "build/threadleak";
    static final String GRADLE_WORKER = "org.gradle.test.worker";

    /** How to see threads: whatever works best, the agent or nothing, or snapshots only. */
    enum ModeSetting { AUTO, AGENT, SNAPSHOT }

    /** What a leak does to the test. */
    enum Action { FAIL, WARN }

    /** What a test's thread that died of an uncaught exception does to the test. */
    enum Uncaught { FAIL, REPORT, IGNORE }

    private final ModeSetting mode;
    private final long graceMillis;
    private final Scope scope;
    private final Action action;
    private final IgnoreRules ignores;
    private final Path reportDir;
    private final String agentJar;
    private final String agentOptions;
    private final boolean parallel;
    private final boolean prove;
    private final boolean proveAsked;
    private final ProofBudget proveBudget;
    private final Uncaught uncaught;
    private final Action keptOutside;

    private Configuration(ModeSetting mode, long graceMillis, Scope scope, Action action, IgnoreRules ignores,
                          Path reportDir, String agentJar, String agentOptions, boolean parallel, boolean prove,
                          boolean proveAsked, ProofBudget proveBudget, Uncaught uncaught, Action keptOutside) {
        this.mode = mode;
        this.graceMillis = graceMillis;
        this.scope = scope;
        this.action = action;
        this.ignores = ignores;
        this.reportDir = reportDir;
        this.agentJar = agentJar;
        this.agentOptions = agentOptions;
        this.parallel = parallel;
        this.prove = prove;
        this.proveAsked = proveAsked;
        this.proveBudget = proveBudget;
        this.uncaught = uncaught;
        this.keptOutside = keptOutside;
    }

    /**
     * Reads every parameter through {@code parameter} and loads the {@link BenignThreads}
     * providers visible to {@code loader}.
     */
    static Configuration read(Function<String, Optional<String>> parameter, ClassLoader loader) {
        ModeSetting mode = parameter.apply(MODE).map(v -> choice(MODE, v, ModeSetting.class)).orElse(ModeSetting.AUTO);
        long grace = parameter.apply(GRACE).map(v -> duration(GRACE, v)).orElse(DEFAULT_GRACE_MILLIS);
        Scope scope = parameter.apply(SCOPE).map(v -> scope(SCOPE, v)).orElse(Scope.TEST);
        Action action = parameter.apply(ACTION).map(v -> choice(ACTION, v, Action.class)).orElse(Action.FAIL);
        IgnoreRules ignores = IgnoreRules.JUNIT
                .plus(rules(parameter, IGNORE_NAMES, IgnoreRules::names))
                .plus(rules(parameter, IGNORE_FRAMES, IgnoreRules::frames))
                .plus(rules(parameter, IGNORE_CREATORS, IgnoreRules::creators))
                .plus(filters(parameter, loader))
                .plus(providers(loader));
        Uncaught uncaught = parameter.apply(UNCAUGHT).map(v -> choice(UNCAUGHT, v, Uncaught.class)).orElse(Uncaught.FAIL);
        String dir = parameter.apply(REPORT_DIR).map(String::trim).orElse(defaultReportDir());
        Path reportDir = dir.isEmpty() || dir.equals("none") ? null : path(REPORT_DIR, dir);
        String agentJar = parameter.apply(AGENT_JAR).map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
        String agentOptions = parameter.apply(AGENT_OPTIONS).map(String::trim).orElse("");
        boolean parallel = parameter.apply(PARALLEL).map(v -> v.trim().equalsIgnoreCase("true")).orElse(false);
        Optional<Boolean> prove = parameter.apply(PROVE).map(v -> flag(PROVE, v));
        ProofBudget budget = parameter.apply(PROVE_BUDGET).map(v -> budget(PROVE_BUDGET, v)).orElse(ProofBudget.of(null));
        Action keptOutside = parameter.apply(KEPT_OUTSIDE).map(v -> choice(KEPT_OUTSIDE, v, Action.class))
                .orElse(Action.WARN);
        return new Configuration(mode, grace, scope, action, ignores, reportDir, agentJar, agentOptions, parallel,
                prove.orElse(true), prove.orElse(false), budget, uncaught, keptOutside);
    }

    /** {@value #DEFAULT_REPORT_DIR}, or under Gradle (which builds into {@code build/}) {@value #GRADLE_REPORT_DIR}. */
    static String defaultReportDir() {
        return System.getProperty(GRADLE_WORKER) != null ? GRADLE_REPORT_DIR : DEFAULT_REPORT_DIR;
    }

    ModeSetting mode() {
        return mode;
    }

    long graceMillis() {
        return graceMillis;
    }

    Scope scope() {
        return scope;
    }

    Action action() {
        return action;
    }

    /** JUnit's threads, the configured rules, and those of every {@link BenignThreads} provider. */
    IgnoreRules ignores() {
        return ignores;
    }

    /** Null when JSON reports are off. */
    Path reportDir() {
        return reportDir;
    }

    /** The agent jar to attach, as configured; null when not set. */
    String agentJar() {
        return agentJar;
    }

    String agentOptions() {
        return agentOptions;
    }

    boolean parallel() {
        return parallel;
    }

    /**
     * Whether a check that still has a parked thread leak runs the heap proof. On by default: on
     * a small test heap it takes well under a second, and a clean test never pays it.
     */
    boolean prove() {
        return prove;
    }

    /** How long this JVM's heap proofs may take in all before checks stop asking for one; none by default. */
    ProofBudget proveBudget() {
        return proveBudget;
    }

    /** What a thread the test started that died of an uncaught exception does to it. */
    Uncaught uncaught() {
        return uncaught;
    }

    /**
     * What a class's end does with what static fields of code outside the tests (a library, the
     * code under test) still keep: warns by default, for that code may mean it to live as long as
     * the JVM; fails the class when a team wants every such thread ended in {@code @AfterAll}.
     */
    Action keptOutside() {
        return keptOutside;
    }

    /** True when {@code threadleak.prove=true} was given, not defaulted: snapshot mode then says it cannot prove. */
    boolean proveAsked() {
        return proveAsked;
    }

    /**
     * A list parameter: entries separated by commas; a comma inside {@code ()}, {@code []} or
     * {@code {}} belongs to the entry, so {@code a{1,3}} stays one regex.
     */
    static List<String> splitList(String value) {
        return CommaList.split(value);
    }

    static long parseGrace(String value) {
        return Durations.parseMillis(value);
    }

    /** {@code true} or {@code false}, case and surrounding blanks ignored; anything else is null. */
    static Boolean parseFlag(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("true") ? Boolean.TRUE : v.equals("false") ? Boolean.FALSE : null;
    }

    static ExtensionConfigurationException invalid(String key, String value, String problem) {
        return new ExtensionConfigurationException("threadleak: configuration parameter " + key + "='" + value
                + "' is not valid: " + problem + ". Change it where it is set: junit-platform.properties, the -D" + key
                + " system property, or the launcher's configuration parameters.");
    }

    private static long duration(String key, String value) {
        try {
            return parseGrace(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid(key, value, "expected " + Durations.ACCEPTED);
        }
    }

    /** A duration, or {@code none}. */
    private static ProofBudget budget(String key, String value) {
        if (value.trim().equalsIgnoreCase("none")) {
            return ProofBudget.of(null);
        }
        try {
            return ProofBudget.of(Duration.ofMillis(parseGrace(value)));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid(key, value, "expected none or " + Durations.ACCEPTED);
        }
    }

    private static boolean flag(String key, String value) {
        Boolean flag = parseFlag(value);
        if (flag == null) {
            throw invalid(key, value, "expected true or false");
        }
        return flag;
    }

    private static Scope scope(String key, String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.equals("TEST") || v.equals("CLASS") || v.equals("NONE")) {
            return Scope.valueOf(v);
        }
        throw invalid(key, value, "expected TEST, CLASS or NONE");
    }

    /** The {@link ThreadLeakFilter} classes named in {@code threadleak.filters}, one instance each. */
    private static IgnoreRules filters(Function<String, Optional<String>> parameter, ClassLoader loader) {
        Optional<String> value = parameter.apply(FILTERS);
        if (value.isEmpty()) {
            return IgnoreRules.NONE;
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : splitList(value.get())) {
            try {
                classes.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                throw invalid(FILTERS, value.get(), "there is no class " + name + " on the test class path; expected "
                        + "names of classes that implement " + ThreadLeakFilter.class.getName());
            }
        }
        try {
            return IgnoreRules.filters(FILTERS, classes);
        } catch (IllegalArgumentException e) {
            throw invalid(FILTERS, value.get(), e.getMessage());
        }
    }

    private static <E extends Enum<E>> E choice(String key, String value, Class<E> type) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        List<String> accepted = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(v)) {
                return constant;
            }
            accepted.add(constant.name().toLowerCase(Locale.ROOT));
        }
        String last = accepted.remove(accepted.size() - 1);
        throw invalid(key, value, "expected " + String.join(", ", accepted) + " or " + last);
    }

    private static Path path(String key, String value) {
        try {
            return Path.of(value).toAbsolutePath();
        } catch (RuntimeException e) {
            throw invalid(key, value, "expected a directory path (" + e.getMessage() + ")");
        }
    }

    private static IgnoreRules rules(Function<String, Optional<String>> parameter, String key,
                                     java.util.function.BiFunction<String, List<String>, IgnoreRules> parse) {
        Optional<String> value = parameter.apply(key);
        if (value.isEmpty()) {
            return IgnoreRules.NONE;
        }
        try {
            return parse.apply(key, splitList(value.get()));
        } catch (IllegalArgumentException e) {
            throw invalid(key, value.get(), e.getMessage() + "; entries are separated by commas");
        }
    }

    /** The rules libraries ship; a broken provider is named, so that its users can report it. */
    private static IgnoreRules providers(ClassLoader loader) {
        IgnoreRules all = IgnoreRules.NONE;
        ServiceLoader<BenignThreads> services = ServiceLoader.load(BenignThreads.class, loader);
        try {
            for (BenignThreads provider : services) {
                all = all.plus(provider(provider));
            }
        } catch (ServiceConfigurationError e) {
            throw new ExtensionConfigurationException("threadleak: a " + BenignThreads.class.getName()
                    + " provider could not be loaded (" + e.getMessage() + "); fix or remove its entry in "
                    + "META-INF/services/" + BenignThreads.class.getName(), e);
        }
        return all;
    }

    private static IgnoreRules provider(BenignThreads provider) {
        String source = "from " + provider.getClass().getName();
        String list = "threadNames()";
        try {
            IgnoreRules rules = IgnoreRules.names(source, provider.threadNames());
            list = "frames()";
            rules = rules.plus(IgnoreRules.frames(source, provider.frames()));
            list = "creators()";
            return rules.plus(IgnoreRules.creators(source, provider.creators()));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("threadleak: the " + BenignThreads.class.getSimpleName()
                    + " provider " + provider.getClass().getName() + " returned a bad entry from " + list + ": "
                    + e.getMessage() + "; it needs fixing in that library (or remove it from the test class path)");
        }
    }
}
