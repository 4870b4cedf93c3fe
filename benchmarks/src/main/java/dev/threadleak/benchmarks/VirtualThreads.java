package dev.threadleak.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Virtual threads through method handles, because this module compiles at release 17 where
 * {@code Thread.ofVirtual()} does not exist.
 */
final class VirtualThreads {

    private VirtualThreads() {
    }

    /** True when this JVM can create a virtual thread (JDK 21+, or 19-20 with preview on). */
    static boolean available() {
        try {
            Thread probe = (Thread) unstartedFactory().invokeExact((Runnable) () -> { });
            return probe != null;
        } catch (Throwable notAvailable) {
            return false;
        }
    }

    /**
     * A handle of type {@code (Runnable)Thread} that returns {@code Thread.ofVirtual().unstarted(r)}.
     *
     * @throws UnsupportedOperationException when this JVM has no virtual threads
     */
    static MethodHandle unstartedFactory() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builderType = Class.forName("java.lang.Thread$Builder$OfVirtual");
            Object builder = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builderType))
                    .invoke();
            // Look the method up on Thread.Builder, the public interface that declares it; the
            // builder's class itself is JDK-internal.
            Class<?> declaringType = Class.forName("java.lang.Thread$Builder");
            return lookup.findVirtual(declaringType, "unstarted", MethodType.methodType(Thread.class, Runnable.class))
                    .bindTo(builder);
        } catch (Throwable e) {
            throw new UnsupportedOperationException(
                    "virtual threads need JDK 21 or newer; this is " + Runtime.version(), e);
        }
    }
}
