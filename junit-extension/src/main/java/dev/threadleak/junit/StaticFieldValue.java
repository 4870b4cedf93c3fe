package dev.threadleak.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Which object a static field of the program refers to now, by identity only: whether a field
 * that kept a leak when its test ended still refers to what it did when its class ends, without
 * a reference of ours that would keep that object alive (or be taken for a holder of it by a heap
 * proof). Hutool's trial: a log factory's field that kept Log4j's scheduler when one test ended
 * was set to another factory by the next test, and the class's report still named it.
 */
final class StaticFieldValue {

    private StaticFieldValue() {
    }

    /**
     * The identity hash of the value of static field {@code field} ({@code com.acme.Registry.INSTANCE}),
     * 0 for null; null when it cannot be read (no such field, not static, or not open to us).
     */
    static Integer identityOf(String field, Class<?> testClass) {
        String ownerClass = LeakCheck.ownerClass(field);
        if (ownerClass.isEmpty()) {
            return null;
        }
        try {
            Class<?> owner = Class.forName(ownerClass, false, testClass.getClassLoader());
            Field f = owner.getDeclaredField(field.substring(ownerClass.length() + 1));
            if (!Modifier.isStatic(f.getModifiers())) {
                return null;
            }
            f.setAccessible(true);
            return System.identityHashCode(f.get(null));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // not ours to read: its report says what the test's check found
        }
    }
}
