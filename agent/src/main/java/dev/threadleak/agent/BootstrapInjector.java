package dev.threadleak.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts {@code Hooks} and {@code ThreadListener} into the bootstrap class loader, where advice
 * inlined into {@code java.lang} can see them.
 *
 * <p>We define them directly ({@link JdkAccess#defineInBootLoader}: {@code Unsafe.defineClass}
 * with a null loader) rather than with
 * {@link Instrumentation#appendToBootstrapClassLoaderSearch}: appending makes the JVM print
 * "Sharing is only supported for boot loader classes because bootstrap classpath has been
 * appended" and turn off class-data sharing for application classes. Appending is kept only as a
 * fallback, for a JDK that would refuse the direct way.
 *
 * <p>This class names the bootstrap classes only as strings: nothing may load them through the
 * agent's own class loader before they exist in the bootstrap loader.
 */
final class BootstrapInjector {

    private static final List<String> CLASSES = List.of(
            "dev.threadleak.agent.bootstrap.ThreadListener",
            "dev.threadleak.agent.bootstrap.ExecutorListener",
            "dev.threadleak.agent.bootstrap.WaitListener",
            "dev.threadleak.agent.bootstrap.Hooks");

    private BootstrapInjector() {
    }

    /** Returns how the classes got there, for the self-check message. */
    static String inject(Instrumentation inst, JdkAccess jdk) throws IOException {
        if (alreadyInBootstrap()) {
            return "already present";
        }
        try {
            defineDirectly(jdk);
            return "defined";
        } catch (RuntimeException | LinkageError e) {
            appendJar(inst);
            return "appended (" + e + ")";
        }
    }

    private static boolean alreadyInBootstrap() {
        try {
            Class.forName(CLASSES.get(CLASSES.size() - 1), false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void defineDirectly(JdkAccess jdk) throws IOException {
        for (String name : CLASSES) {
            jdk.defineInBootLoader(name, bytesOf(name));
        }
    }

    private static void appendJar(Instrumentation inst) throws IOException {
        Path jar = Files.createTempFile("threadleak-bootstrap", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String name : CLASSES) {
                out.putNextEntry(new JarEntry(name.replace('.', '/') + ".class"));
                out.write(bytesOf(name));
                out.closeEntry();
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    }

    private static byte[] bytesOf(String className) throws IOException {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = BootstrapInjector.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing from the agent jar: " + resource);
            }
            return in.readAllBytes();
        }
    }
}
