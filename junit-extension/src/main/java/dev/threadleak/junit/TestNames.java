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

    /** {@code Class.method(ParamType)} and, for one invocation of a template, its display name. */
    static String test(ExtensionContext context) {
        Class<?> type = context.getRequiredTestClass();
        Method method = context.getRequiredTestMethod();
        String name = className(type) + "." + method.getName() + parameters(method, false);
        return isTemplateInvocation(context) ? name + " " + context.getDisplayName() : name;
    }

    /** {@code com.acme.ImportJobTest$Nested.runs(java.lang.String)}: unique, for scopes and files. */
    static String qualifiedTest(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        String name = context.getRequiredTestClass().getName() + "." + method.getName() + parameters(method, true);
        return isTemplateInvocation(context) ? name + context.getDisplayName() : name;
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
