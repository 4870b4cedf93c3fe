package dev.threadleak.junit;

import dev.threadleak.junit.Configuration.Action;
import dev.threadleak.junit.DetectThreadLeaks.Scope;
import dev.threadleak.report.Durations;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What one check uses: the run's configuration overridden by {@link DetectThreadLeaks}
 * attributes, outermost class first, then the test method. Grace, scope, action and prove: the
 * innermost value set wins. Ignore rules and filters add up.
 */
record CheckSettings(long graceMillis, Scope scope, Action action, IgnoreRules ignores, boolean prove,
                     Configuration.Uncaught uncaught, Action keptOutside) {

    static CheckSettings of(Configuration configuration) {
        return new CheckSettings(configuration.graceMillis(), configuration.scope(), configuration.action(),
                configuration.ignores(), configuration.prove(), configuration.uncaught(), configuration.keptOutside());
    }

    /** Off for this class or test: {@code scope = NONE}. */
    boolean off() {
        return scope == Scope.NONE;
    }

    /** These settings with {@code element}'s annotation (direct, meta or inherited), if it has one. */
    CheckSettings with(AnnotatedElement element) {
        Optional<DetectThreadLeaks> found = AnnotationSupport.findAnnotation(element, DetectThreadLeaks.class);
        if (found.isEmpty()) {
            return this;
        }
        DetectThreadLeaks a = found.get();
        long grace = graceMillis;
        if (!a.grace().isBlank()) {
            try {
                grace = Configuration.parseGrace(a.grace());
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw invalid(element, "grace = \"" + a.grace() + "\"", "expected " + Durations.ACCEPTED);
            }
        }
        Scope newScope = scope;
        if (a.scope() != Scope.DEFAULT) {
            if (element instanceof Method && a.scope() == Scope.CLASS) {
                throw invalid(element, "scope = CLASS", "a method can only use TEST; put scope = CLASS on the class");
            }
            newScope = a.scope();
        }
        Action newAction = switch (a.action()) {
            case DEFAULT -> action;
            case FAIL -> Action.FAIL;
            case WARN -> Action.WARN;
        };
        boolean newProve = prove;
        if (!a.prove().isBlank()) {
            Boolean flag = Configuration.parseFlag(a.prove());
            if (flag == null) {
                throw invalid(element, "prove = \"" + a.prove() + "\"", "expected \"true\" or \"false\"");
            }
            newProve = flag;
        }
        String source = "@DetectThreadLeaks on " + describe(element);
        IgnoreRules rules = ignores
                .plus(rules(element, source, "ignoreNames", a.ignoreNames(), Kind.NAMES))
                .plus(rules(element, source, "ignoreFrames", a.ignoreFrames(), Kind.FRAMES))
                .plus(rules(element, source, "ignoreCreators", a.ignoreCreators(), Kind.CREATORS))
                .plus(filters(element, source, a.filters()));
        return new CheckSettings(grace, newScope, newAction, rules, newProve, uncaught, keptOutside);
    }

    private enum Kind { NAMES, FRAMES, CREATORS }

    private static IgnoreRules rules(AnnotatedElement element, String source, String attribute, String[] values,
                                     Kind kind) {
        if (values.length == 0) {
            return IgnoreRules.NONE;
        }
        List<String> list = Arrays.asList(values);
        try {
            return switch (kind) {
                case NAMES -> IgnoreRules.names(source, list);
                case FRAMES -> IgnoreRules.frames(source, list);
                case CREATORS -> IgnoreRules.creators(source, list);
            };
        } catch (IllegalArgumentException e) {
            throw invalid(element, attribute, e.getMessage());
        }
    }

    private static IgnoreRules filters(AnnotatedElement element, String source, Class<?>[] classes) {
        if (classes.length == 0) {
            return IgnoreRules.NONE;
        }
        try {
            return IgnoreRules.filters(source, Arrays.asList(classes));
        } catch (IllegalArgumentException e) {
            throw invalid(element, "filters", e.getMessage());
        }
    }

    private static ExtensionConfigurationException invalid(AnnotatedElement element, String attribute, String problem) {
        return new ExtensionConfigurationException("threadleak: @DetectThreadLeaks(" + attribute + ") on "
                + describe(element) + " is not valid: " + problem);
    }

    static String describe(AnnotatedElement element) {
        if (element instanceof Class<?> c) {
            return TestNames.className(c);
        }
        if (element instanceof Method m) {
            return TestNames.className(m.getDeclaringClass()) + "." + m.getName() + "()";
        }
        return String.valueOf(element);
    }
}
