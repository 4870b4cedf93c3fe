package dev.threadleak.junit;

import java.net.URL;
import java.util.function.Predicate;

/**
 * Which classes are the project's own: compiled into a directory on the test's class path
 * ({@code target/classes}, {@code target/test-classes}, Gradle's {@code build/classes/...}),
 * where a dependency comes in a jar and the JDK from its image. A failure's summary names the
 * project's frame first: the code the reader can change, not the library's it called.
 *
 * <p>Asks the class loader for the class file as a resource, so nothing is loaded or initialised
 * by asking; a class it cannot find (a hidden class, another loader's) is not the project's.
 */
final class ProjectClasses implements Predicate<String> {

    private final ClassLoader loader;

    ProjectClasses(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public boolean test(String className) {
        if (loader == null) {
            return false;
        }
        try {
            URL url = loader.getResource(topLevel(className).replace('.', '/') + ".class");
            return url != null && "file".equals(url.getProtocol());
        } catch (RuntimeException e) { // a loader's own fault must not cost the user the failure's message
            return false;
        }
    }

    /** {@code a.B} of {@code a.B$C}, {@code a.B$$Lambda/0x1}: a nested or hidden class sits beside its outer one. */
    private static String topLevel(String className) {
        int slash = className.indexOf('/');
        String name = slash < 0 ? className : className.substring(0, slash);
        int dollar = name.indexOf('$', name.lastIndexOf('.') + 1);
        return dollar < 0 ? name : name.substring(0, dollar);
    }
}
