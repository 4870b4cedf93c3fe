package dev.threadleak.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
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
            "dev.threadleak.agent.bootstrap.RecordSlot",
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
        List<byte[]> files = classFiles();
        for (int i = 0; i < CLASSES.size(); i++) {
            jdk.defineInBootLoader(CLASSES.get(i), files.get(i));
        }
    }

    /**
     * The fallback: a jar of the classes, appended to the boot class path. The classes are loaded
     * from it at once and the file is deleted: the JVM keeps it open, and nothing of ours is left
     * on disk, even if the JVM is killed.
     */
    private static void appendJar(Instrumentation inst) throws IOException {
        Path jar = Files.createTempFile("threadleak-bootstrap", ".jar"); // owner-only
        try {
            List<byte[]> files = classFiles();
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
                for (int i = 0; i < CLASSES.size(); i++) {
                    out.putNextEntry(new JarEntry(entryName(CLASSES.get(i))));
                    out.write(files.get(i));
                    out.closeEntry();
                }
            }
            try (JarFile appended = new JarFile(jar.toFile())) {
                inst.appendToBootstrapClassLoaderSearch(appended); // the JVM opens the path itself
            }
            for (String name : CLASSES) {
                Class.forName(name, false, null);
            }
        } catch (ClassNotFoundException e) {
            throw new IOException("the boot class path did not take " + jar, e);
        } finally {
            deleteNowOrAtExit(jar);
        }
    }

    /** A file still open cannot be deleted on some systems: then it goes when the JVM does. */
    private static void deleteNowOrAtExit(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            file.toFile().deleteOnExit();
        }
    }

    /**
     * The class files of {@link #CLASSES}, in order, read from the agent's own jar when it runs
     * from one: the class loader's resource lookup searches the JDK's modules first and opens a URL
     * connection per class, a few milliseconds and two dozen JDK classes at every start.
     */
    private static List<byte[]> classFiles() throws IOException {
        List<byte[]> files = new ArrayList<>(CLASSES.size());
        File ownJar = ownJar();
        if (ownJar == null) {
            for (String name : CLASSES) {
                files.add(resource(entryName(name)));
            }
            return files;
        }
        try (JarFile jar = new JarFile(ownJar, false)) {
            for (String name : CLASSES) {
                JarEntry entry = jar.getJarEntry(entryName(name));
                if (entry == null) {
                    throw new IOException("missing from the agent jar: " + entryName(name));
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    files.add(in.readAllBytes());
                }
            }
        }
        return files;
    }

    /** The jar this class was loaded from, or null (a directory, or not known). */
    private static File ownJar() {
        try {
            CodeSource source = BootstrapInjector.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location != null && "file".equals(location.getProtocol()) && location.getPath().endsWith(".jar")) {
                File file = new File(location.toURI());
                return file.isFile() ? file : null;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // read through the class loader instead
        }
        return null;
    }

    private static byte[] resource(String entry) throws IOException {
        try (InputStream in = BootstrapInjector.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IOException("missing from the agent jar: " + entry);
            }
            return in.readAllBytes();
        }
    }

    private static String entryName(String className) {
        return className.replace('.', '/') + ".class";
    }
}
