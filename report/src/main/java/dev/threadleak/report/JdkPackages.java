package dev.threadleak.report;

import java.util.HashSet;
import java.util.Set;

/**
 * Which classes are the JDK's. {@code java.}, {@code jdk.} and {@code sun.} are; {@code javax.}
 * and {@code com.sun.} are shared with libraries ({@code javax.jmdns}, {@code javax.mail},
 * {@code com.sun.jna}, {@code com.sun.mail}): a class of those is the JDK's when its package is
 * one of the JDK's modules the JVM resolved. jmdns's trial: its timers and pools, made by
 * {@code javax.jmdns} code, were taken for the JDK's own and never reported, and its frames were
 * never a creation's "at", a test's "via" or a wait's "at".
 */
final class JdkPackages {

    private JdkPackages() {
    }

    static boolean isJdkClass(String className) {
        if (className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")) {
            return true;
        }
        if (!className.startsWith("javax.") && !className.startsWith("com.sun.")) {
            return false;
        }
        if (className.startsWith("com.sun.proxy.")) { // the JDK's dynamic proxies, in no module's package list
            return true;
        }
        int end = className.lastIndexOf('.');
        Set<String> shared = Shared.PACKAGES;
        return shared == null || shared.contains(className.substring(0, end));
    }

    /** Made at the first class of a shared prefix: the JDK's packages under {@code javax.} and {@code com.sun.}. */
    private static final class Shared {

        /** Null where the JVM would not tell (then every such class is the JDK's, as before). */
        static final Set<String> PACKAGES = read();

        private static Set<String> read() {
            try {
                ClassLoader platform = ClassLoader.getPlatformClassLoader();
                Set<String> packages = new HashSet<>();
                for (Module module : ModuleLayer.boot().modules()) {
                    ClassLoader loader = module.getClassLoader();
                    if (loader != null && loader != platform) {
                        continue; // the application's own modules, on the module path
                    }
                    for (String p : module.getPackages()) {
                        if (p.startsWith("javax.") || p.startsWith("com.sun.")) {
                            packages.add(p);
                        }
                    }
                }
                return packages.isEmpty() ? null : Set.copyOf(packages);
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }
    }
}
