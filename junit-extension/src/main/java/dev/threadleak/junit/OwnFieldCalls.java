package dev.threadleak.junit;

import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * Work a test started through an object of its class's static fields: the test called a method of
 * that object (a server the class made, restarted in a test), and the method started it. Quartz's
 * trial: its Derby network server, a static field of the tests' base class, restarted by one test
 * and stopped by the base class's {@code @AfterAll}, failed that test: the server's control object
 * refers to none of its threads, so no heap path from the field said the class kept them. Such work
 * is the class's fixture's, and waits for the class's end, where what the {@code @AfterAll} did not
 * end still fails the class, naming the test.
 */
final class OwnFieldCalls {

    private OwnFieldCalls() {
    }

    /**
     * The static field of the test class or of a superclass ({@code com.acme.BaseTest.server}) whose
     * object's method the test called where {@code leak} was made, or null: the frame just above the
     * test class's first is an instance method of that object's class (not a static factory of it,
     * as {@code HttpClient.newHttpClient} is of the client a field then holds).
     */
    static String fieldCalled(Leak leak, Class<?> testClass) {
        List<Frame> stack = leak.createdAt();
        if (stack == null || testClass == null) {
            return null;
        }
        int own = firstOwnFrame(stack, testClass);
        if (own <= 0) {
            return null;
        }
        Frame callee = stack.get(own - 1);
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            String field = fieldCalled(c, callee);
            if (field != null) {
                return field;
            }
        }
        return null;
    }

    /** The first frame of the test class, a superclass of it or a class nested in one; -1 if none. */
    private static int firstOwnFrame(List<Frame> stack, Class<?> testClass) {
        for (int i = 0; i < stack.size(); i++) {
            String type = stack.get(i).className();
            for (Class<?> c = testClass; type != null && c != null && c != Object.class; c = c.getSuperclass()) {
                if (type.equals(c.getName()) || type.startsWith(c.getName() + "$")) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The static field of {@code owner} whose object has {@code callee}'s method as an instance method; null if none. */
    private static String fieldCalled(Class<?> owner, Frame callee) {
        Field[] fields;
        try {
            fields = owner.getDeclaredFields();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
        for (Field field : fields) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                continue;
            }
            Object value;
            try {
                field.setAccessible(true);
                value = field.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue; // not open to us: no deferral, the test's check stands
            }
            if (value != null && hasInstanceMethod(value.getClass(), callee)) {
                return owner.getName() + "." + field.getName();
            }
        }
        return null;
    }

    /** Whether {@code type} or a superclass of it is {@code callee}'s class, and declares its method as an instance method. */
    private static boolean hasInstanceMethod(Class<?> type, Frame callee) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(callee.className())) {
                return declaresInstanceMethod(c, callee.method());
            }
        }
        return false;
    }

    private static boolean declaresInstanceMethod(Class<?> type, String method) {
        try {
            for (Method m : type.getDeclaredMethods()) {
                if (m.getName().equals(method) && !Modifier.isStatic(m.getModifiers())) {
                    return true;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            return false; // a method's types not loadable here: not ours to judge
        }
        return false;
    }
}
