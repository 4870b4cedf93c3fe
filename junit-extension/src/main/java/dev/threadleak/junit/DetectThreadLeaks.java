package dev.threadleak.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test whose code started threads (platform or virtual) that are still alive after a
 * grace period, with a {@link ThreadLeakError} that says where each one was created and by whom.
 *
 * <p>Put it on a test class (also an enclosing or a super class), on a test method, or on an
 * annotation of your own. Every attribute left at its default falls back to a configuration
 * parameter ({@code junit-platform.properties}, a system property or the launcher), and then to
 * the default named below; the innermost setting wins (method over class, nested over enclosing).
 * To check every test class without annotating any, set
 * {@code junit.jupiter.extensions.autodetection.enabled=true}; then
 * {@code @DetectThreadLeaks(scope = NONE)} turns the check off for one class or method.
 *
 * <pre>{@code
 * @DetectThreadLeaks(grace = "500ms", ignoreNames = "metrics-reporter-.*")
 * class ImportJobTest { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ThreadLeakExtension.class)
public @interface DetectThreadLeaks {

    /**
     * How long the check waits for the test's threads to end, polled (it returns as soon as the
     * last one ends): {@code 500ms}, {@code 2s}, {@code 1m}, or {@code 0}. Empty: the
     * configuration parameter {@code threadleak.grace}, else {@code 2s}.
     */
    String grace() default "";

    /**
     * {@link Scope#TEST}: each test is checked after it ends. {@link Scope#CLASS}: the class is
     * checked once after all its tests (for tests that share threads on purpose). {@link Scope#NONE}:
     * not checked at all. Default: the configuration parameter {@code threadleak.scope}, else
     * {@code TEST}.
     */
    Scope scope() default Scope.DEFAULT;

    /**
     * What a leak does: {@link Action#FAIL} the test, or {@link Action#WARN} (the test passes; the
     * report goes to stderr and to the test's report entries). Default: the configuration
     * parameter {@code threadleak.action}, else {@code FAIL}.
     */
    Action action() default Action.DEFAULT;

    /**
     * Filters written in code, for threads an ignore list cannot pin down: each class implements
     * {@link ThreadLeakFilter} and has a no-argument constructor. Adds to
     * {@code threadleak.filters}.
     */
    Class<? extends ThreadLeakFilter>[] filters() default {};

    /** Thread-name regexes (matched in full) of threads that are not leaks. Adds to {@code threadleak.ignore.names}. */
    String[] ignoreNames() default {};

    /**
     * {@code Class.method} frames, or a prefix ending in {@code .*} ({@code com.acme.metrics.*}):
     * a thread whose current stack or creation stack contains one is not a leak. Adds to
     * {@code threadleak.ignore.frames}.
     */
    String[] ignoreFrames() default {};

    /**
     * Regexes (matched in full) of the name of the thread that started a thread, as the report
     * prints it after "created by": threads started by it are not leaks. Needs the agent.
     * Adds to {@code threadleak.ignore.creators}.
     */
    String[] ignoreCreators() default {};

    /**
     * {@code "true"}: when a leak left after the grace period is a thread parked on a queue,
     * future or other channel, dump the heap and prove whether anything can still wake it (it
     * then reads {@code BLOCKED_FOREVER} or {@code DEADLOCKED}, and the report says what the
     * proof took, typically well under a second for a test's heap). {@code "false"}: never; use
     * it on tests with a large heap, where a dump takes seconds. A test with no such leak never
     * pays for it. Needs the agent. Empty: the configuration parameter {@code threadleak.prove},
     * else {@code true}.
     */
    String prove() default "";

    /** What one check covers. */
    enum Scope {
        /** Not set here: {@code threadleak.scope}, else {@link #TEST}. */
        DEFAULT,
        /** Each test on its own, after its {@code @AfterEach} methods. */
        TEST,
        /** The whole class, after its {@code @AfterAll} methods. Only on a class. */
        CLASS,
        /** Not checked: the class or method may leave threads running (randomizedtesting's {@code Scope.NONE}). */
        NONE
    }

    /** What a leak does to the test. */
    enum Action {
        /** Not set here: {@code threadleak.action}, else {@link #FAIL}. */
        DEFAULT,
        /** The test fails with a {@link ThreadLeakError}. */
        FAIL,
        /** The test passes; the report goes to stderr and to the test's report entries. */
        WARN
    }
}
