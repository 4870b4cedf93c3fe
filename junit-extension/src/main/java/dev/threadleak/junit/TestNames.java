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
     * A test method's two names before a template invocation's is added: made once per method and
     * class, since a repeated or parameterized test's invocations share them. {@code method} is the
     * name JUnit displays for the method, {@code runs(String)}.
     */
    record Names(String qualified, String display, String method) {

        static Names of(Class<?> type, Method method) {
            String displayed = method.getName() + parameters(method, false);
            return new Names(type.getName() + "." + method.getName() + parameters(method, true),
                    className(type) + "." + displayed, displayed);
        }

        /** {@code com.acme.ImportJobTest$Nested.runs(java.lang.String) [2] b}: unique, for scopes and files. */
        String qualified(ExtensionContext context) {
            return isTemplateInvocation(context) ? qualified + " " + invocation(context) : qualified;
        }

        /** {@code Class.method(ParamType)} and, for one invocation of a template, its display name. */
        String display(ExtensionContext context) {
            return isTemplateInvocation(context) ? display + " " + invocation(context) : display;
        }

        /**
         * The invocation's display name ({@code repetition 2 of 3}, {@code [1] a, b}), or its index
         * ({@code [2]}) where that name only repeats the method's: a retrying template names every
         * try after its method, which said "runs()runs()" and told the tries apart by nothing.
         */
        private String invocation(ExtensionContext context) {
            String name = context.getDisplayName();
            if (!name.equals(method) && !method.startsWith(name + "(")) {
                return name;
            }
            String id = context.getUniqueId();
            int hash = id.lastIndexOf('#');
            int end = id.indexOf(']', hash);
            return hash >= 0 && end > hash ? "[" + id.substring(hash + 1, end) + "]" : name;
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
