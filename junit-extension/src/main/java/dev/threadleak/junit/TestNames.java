package dev.threadleak.junit;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.StringJoiner;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * How tests are named to people ({@code ImportJobTest.Nested.runs(String)}) and in report scopes
 * and file names (fully qualified).
 */
final class TestNames {

    private TestNames() {
    }

    /** {@code Outer.Inner}: the class name without its package. */
    static String className(Class<?> type) {
        String name = type.getName();
        String pkg = type.getPackageName();
        String simple = pkg.isEmpty() ? name : name.substring(pkg.length() + 1);
        return simple.replace('$', '.');
    }

    /**
     * A test method's two names before a template invocation's display name is added: made once
     * per method and class, since a repeated or parameterized test's invocations share them.
     */
    record Names(String qualified, String display) {

        static Names of(Class<?> type, Method method) {
            return new Names(type.getName() + "." + method.getName() + parameters(method, true),
                    className(type) + "." + method.getName() + parameters(method, false));
        }

        /** {@code com.acme.ImportJobTest$Nested.runs(java.lang.String)}: unique, for scopes and files. */
        String qualified(ExtensionContext context) {
            return isTemplateInvocation(context) ? qualified + context.getDisplayName() : qualified;
        }

        /** {@code Class.method(ParamType)} and, for one invocation of a template, its display name. */
        String display(ExtensionContext context) {
            return isTemplateInvocation(context) ? display + " " + context.getDisplayName() : display;
        }
    }

    private static boolean isTemplateInvocation(ExtensionContext context) {
        Optional<ExtensionContext> parent = context.getParent();
        return parent.isPresent() && parent.get().getTestMethod().isPresent();
    }

    private static String parameters(Method method, boolean qualified) {
        StringJoiner joiner = new StringJoiner(qualified ? "," : ", ", "(", ")");
        for (Class<?> p : method.getParameterTypes()) {
            joiner.add(qualified ? p.getName() : p.getSimpleName());
        }
        return joiner.toString();
    }
}
