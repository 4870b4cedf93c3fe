package dev.threadleak.samples;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * {@code Thread.ofVirtual().name(prefix, 1).factory()}, called reflectively because this code is
 * compiled for Java 17; empty where the JDK has no virtual threads (before 21, or 19-20 without
 * preview features enabled).
 */
final class VirtualThreads {

    private VirtualThreads() {
    }

    static Optional<ThreadFactory> factory(String namePrefix) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, namePrefix, 1L);
            return Optional.of((ThreadFactory) builderType.getMethod("factory").invoke(builder));
        } catch (NoSuchMethodException | ClassNotFoundException e) {
            return Optional.empty();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof UnsupportedOperationException) {
                return Optional.empty(); // JDK 19 or 20 without --enable-preview
            }
            throw new IllegalStateException("Thread.ofVirtual() failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Thread.ofVirtual() is public API, yet not accessible", e);
        }
    }
}
