package dev.threadleak.agent;

import jdk.internal.misc.Unsafe;

/**
 * Defines a class in the boot loader with {@code jdk.internal.misc.Unsafe.defineClass}, called
 * directly. A reflective call costs JDK 18+ dozens of method-handle classes spun at start-up
 * (about 80 measured on JDK 25: {@code Method.invoke} is built on method handles there), which
 * every JVM running the agent would pay; a direct call costs nothing of the kind.
 *
 * <p>Compiled on its own, with {@code jdk.internal.misc} exported to it (see the agent's pom):
 * {@code --release 17}, which compiles the rest, hides that package. The call links when it
 * first runs, so {@link JdkAccess} exports the package to the agent before; a JDK whose
 * {@code Unsafe} has no such method answers with a {@link LinkageError}, and the caller falls back.
 */
final class BootLoaderDefiner {

    private BootLoaderDefiner() {
    }

    static void define(String name, byte[] bytes) {
        Unsafe.getUnsafe().defineClass(name, bytes, 0, bytes.length, null, null);
    }
}
