package dev.threadleak.agent.executors;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The code's own task inside a wrapper another agent put around it on its way into a pool.
 * transmittable-thread-local's agent (TTL) wraps every task in {@code execute}, so the pool queues,
 * starts and ends a {@code TtlRunnable} the code never made: whether our hook in {@code execute}
 * sees the task or the wrapper depends on which agent wove first, and {@code beforeExecute} always
 * sees the wrapper. Every hook that names a task of a pool unwraps it, so that one record follows
 * the code's task, and a report names the code's task, whichever agent came first.
 *
 * <p>Known by TTL's public interface, {@code com.alibaba.ttl.spi.TtlWrapper}, and its
 * {@code unwrap()}, found by name: the application has TTL, we do not. Looked up once per class, in
 * a {@link ClassValue}, which keeps no class from unloading.
 */
final class TaskWrappers {

    private static final String TTL_WRAPPER = "com.alibaba.ttl.spi.TtlWrapper";
    /** A wrapper of a wrapper is unwrapped again, this many times at most: a wrapper that wraps itself ends. */
    private static final int MAX_DEPTH = 4;
    /** Of a class that wraps nothing: no handle made, so no method handle is spun for the tasks of most JVMs. */
    private static final Unwrap NONE = new Unwrap(null);

    private static final ClassValue<Unwrap> UNWRAP = new ClassValue<>() {
        @Override
        protected Unwrap computeValue(Class<?> type) {
            Class<?> wrapper = wrapperInterface(type);
            if (wrapper == null) {
                return NONE;
            }
            try {
                return new Unwrap(MethodHandles.publicLookup()
                        .findVirtual(wrapper, "unwrap", MethodType.methodType(Object.class))
                        .asType(MethodType.methodType(Object.class, Object.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return NONE; // a TTL of another shape: its wrappers are told as they are
            }
        }
    };

    private record Unwrap(MethodHandle handle) {
    }

    private TaskWrappers() {
    }

    /** The task {@code task} wraps, if another agent wrapped it; else {@code task} itself. Never throws. */
    static Object unwrap(Object task) {
        Object current = task;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            Unwrap unwrap = UNWRAP.get(current.getClass());
            if (unwrap == NONE) {
                return current;
            }
            Object inner;
            try {
                inner = (Object) unwrap.handle().invokeExact(current);
            } catch (Throwable e) {
                return current;
            }
            if (inner == null || inner == current) {
                return current;
            }
            current = inner;
        }
        return current;
    }

    /** The wrapper interface {@code type} implements, through its superclasses and superinterfaces; null if none. */
    private static Class<?> wrapperInterface(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Class<?> found = wrapperAmong(c.getInterfaces());
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Class<?> wrapperAmong(Class<?>[] interfaces) {
        for (Class<?> i : interfaces) {
            if (i.getName().equals(TTL_WRAPPER)) {
                return i;
            }
            Class<?> found = wrapperAmong(i.getInterfaces());
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
