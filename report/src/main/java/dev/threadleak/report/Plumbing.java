package dev.threadleak.report;

import java.util.List;

/**
 * Whose frames sit between a user's frames without being the user's: the test framework that
 * called the test, reflection, the build tool or IDE that started the test JVM. A creation stack
 * taken in a JUnit test under Surefire is two frames of the user's on thirty of these; the text
 * report folds each run of them into one line (see {@link FoldedStack}). Earlier entries win, so
 * Surefire's {@code org.apache.maven.surefire.} is Surefire and not Maven. A name whose last part
 * starts with a capital letter is one class (with its nested classes); any other name is the
 * start of class names ({@code jdk.proxy} for {@code jdk.proxy2.$Proxy13}).
 */
enum Plumbing {
    /** With our own JUnit extension, whose interceptors run {@code @BeforeAll} methods as JUnit's own do. */
    JUNIT("JUnit", "org.junit.", "junit.", "org.opentest4j.", "dev.threadleak.junit.ThreadLeakExtension"),
    TESTNG("TestNG", "org.testng."),
    /** Kotlin's test framework: a test's stack is some forty of its frames, with coroutines' between them (TTL's trial). */
    KOTEST("Kotest", "io.kotest."),
    SPOCK("Spock", "org.spockframework."),
    /** A spy's or a stub's call of the real method passes through Mockito's dispatch (Dropwizard's trial: 14 frames). */
    MOCKITO("Mockito", "org.mockito."),
    REFLECTION("reflection", "jdk.internal.reflect.", "java.lang.reflect.", "sun.reflect.", "java.lang.invoke.",
            "jdk.proxy", "com.sun.proxy."),
    SUREFIRE("Surefire", "org.apache.maven.surefire.", "org.apache.maven.plugin.surefire.",
            "org.apache.maven.plugin.failsafe."),
    GRADLE("Gradle", "org.gradle.", "worker.org.gradle."),
    MAVEN("Maven", "org.apache.maven.", "org.codehaus.plexus.classworlds."),
    ANT("Ant", "org.apache.tools.ant."),
    INTELLIJ("IntelliJ", "com.intellij.rt.", "com.intellij.junit"),
    ECLIPSE("Eclipse", "org.eclipse.jdt.internal.junit");

    private final String label;
    private final List<String> prefixes;

    Plumbing(String label, String... names) {
        this.label = label;
        this.prefixes = List.of(names);
    }

    /** How the fold line names it: "... 28 frames of JUnit and reflection". */
    String label() {
        return label;
    }

    /** Whose plumbing {@code frame} is, or null when it is the user's (or the JDK's own). */
    static Plumbing of(Frame frame) {
        String type = frame.className();
        if (type == null) {
            return null;
        }
        for (Plumbing p : values()) {
            for (String name : p.prefixes) {
                if (type.startsWith(name) && (!isClass(name) || type.length() == name.length()
                        || type.charAt(name.length()) == '$')) {
                    return p;
                }
            }
        }
        return null;
    }

    private static boolean isClass(String name) {
        int last = name.lastIndexOf('.');
        return last >= 0 && last + 1 < name.length() && Character.isUpperCase(name.charAt(last + 1));
    }
}
