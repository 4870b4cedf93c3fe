package dev.threadleak.junit;

/** Starts virtual threads from code compiled for Java 17 (where {@code Thread.ofVirtual()} does not exist). */
final class VirtualThreads {

    private VirtualThreads() {
    }

    static Thread start(String name, Runnable task) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class).invoke(builder, name);
            return (Thread) builderType.getMethod("start", Runnable.class).invoke(builder, task);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need Java 21+", e);
        }
    }
}
