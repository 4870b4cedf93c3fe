package dev.threadleak.junit;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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
        return className(type.getName(), type.getPackageName());
    }

    /** {@code name} ({@code com.acme.Outer$Inner}) without package {@code pkg}, as {@code Outer.Inner}. */
    private static String className(String name, String pkg) {
        String simple = pkg.isEmpty() ? name : name.substring(pkg.length() + 1);
        return simple.replace('$', '.');
    }

    /**
     * The test class of {@code context} as it ran, {@code com.acme.H2DbTest$DbTime}: a nested class
     * declared in a superclass of the class that runs it ({@code AbstractDbTest.DbTime}, run by
     * {@code H2DbTest} and by {@code HsqlDbTest}) is named under that class, as Surefire names it.
     * Named where it was declared, its runs shared one name, so a report could not tell which
     * database's run leaked, and one report file (ShedLock's trial).
     */
    static String ranAs(ExtensionContext context) {
        Class<?> type = context.getRequiredTestClass();
        Class<?> declaredIn = type.getEnclosingClass();
        if (declaredIn == null || Modifier.isStatic(type.getModifiers())) {
            return type.getName();
        }
        ExtensionContext own = context;
        while (own.getTestMethod().isPresent() || own.getRequiredTestClass() != type) {
            own = own.getParent().orElse(null);
            if (own == null || own.getTestClass().isEmpty()) {
                return type.getName();
            }
        }
        Optional<ExtensionContext> outer = own.getParent().filter(p -> p.getTestClass().isPresent());
        if (outer.isEmpty() || outer.get().getRequiredTestClass() == declaredIn) {
            return type.getName();
        }
        return ranAs(outer.get()) + "$" + type.getSimpleName();
    }

    /** {@link #ranAs} as people read it: {@code H2DbTest.DbTime}. */
    static String ranAsDisplayed(ExtensionContext context) {
        return className(ranAs(context), context.getRequiredTestClass().getPackageName());
    }

    /**
     * A test method's two names before a template invocation's is added: made once per method and
     * class, since a repeated or parameterized test's invocations share them. {@code method} is the
     * name JUnit displays for the method, {@code runs(String)}.
     */
    record Names(String qualified, String display, String method) {

        static Names of(Class<?> type, Method method) {
            return of(type.getName(), className(type), method);
        }

        /** The names of {@code method} in the class named {@code qualified}, {@code displayed} to people. */
        static Names of(String qualified, String displayed, Method method) {
            String name = method.getName() + parameters(method, false);
            return new Names(qualified + "." + method.getName() + parameters(method, true),
                    displayed + "." + name, name);
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
