package dev.threadleak.junit;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * What the test class's own static fields held as a test began: a pool, an event-loop group, a
 * server the class made before its tests (in a field initializer or {@code @BeforeAll}). A worker
 * thread such a fixture starts only when a test first uses it (as Netty's event loops do) is the
 * fixture's, not that test's: which test comes first is an accident of order, and the class's
 * {@code @AfterAll} ends it. A field the test itself set to something new holds what the test made.
 *
 * <p>Only classes already initialised are read, so that reading starts no class initializer: the
 * test class, its superclasses, and the classes enclosing a {@code @Nested} (inner) test class.
 */
final class FixtureFields {

    static final FixtureFields NONE = new FixtureFields(Map.of());

    /** Each field, by the name a report gives it ({@code com.acme.ServerTest.group}), with its value then. */
    private final Map<String, Held> fields;

    /** Weakly: a value the test replaced must stay collectable, as it would without us (a pool's cleaner, a proof). */
    private record Held(Field field, WeakReference<Object> value) {
    }

    private FixtureFields(Map<String, Held> fields) {
        this.fields = fields;
    }

    /** The values of the static fields of {@code testClass}'s own code now. */
    static FixtureFields of(Class<?> testClass) {
        Map<String, Held> fields = new HashMap<>();
        for (Class<?> c = testClass; c != null; c = isInner(c) ? c.getEnclosingClass() : null) {
            for (Class<?> s = c; s != null && s != Object.class; s = s.getSuperclass()) {
                read(s, fields);
            }
        }
        return new FixtureFields(fields);
    }

    /**
     * Whether static field {@code name} (as a report names it) holds the same object now as when
     * the test began: a fixture made before the test. False for a field not read then.
     */
    boolean unchanged(String name) {
        Held held = fields.get(name);
        if (held == null) {
            return false;
        }
        try {
            Object then = held.value().get();
            return then != null && held.field().get(null) == then;
        } catch (IllegalAccessException | RuntimeException e) {
            return false;
        }
    }

    private static void read(Class<?> type, Map<String, Held> into) {
        Field[] declared;
        try {
            declared = type.getDeclaredFields();
        } catch (LinkageError | SecurityException e) { // a field's type missing from the class path
            return;
        }
        for (Field f : declared) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                continue;
            }
            try {
                f.setAccessible(true);
                into.put(type.getName() + "." + f.getName(), new Held(f, new WeakReference<>(f.get(null))));
            } catch (IllegalAccessException | RuntimeException e) {
                // a field we may not read is not known as a fixture: its leaks stay the test's
            }
        }
    }

    private static boolean isInner(Class<?> c) {
        return c.isMemberClass() && !Modifier.isStatic(c.getModifiers());
    }
}
