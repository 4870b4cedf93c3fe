package dev.threadleak.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A temporary directory with the jars child JVMs need: the empty agent's, one holding only
 * {@link Hello}, and a snapshot of the threadleak agent's. The first two are written from this
 * module's own class files at run time, so the benchmarks jar is all a user needs, and both are
 * tiny, so no configuration pays for opening the benchmarks jar and its dependencies.
 */
final class ScratchFiles implements AutoCloseable {

    private final Path directory;

    ScratchFiles() throws IOException {
        directory = Files.createTempDirectory("threadleak-benchmarks-");
        deleteOnExit(directory);
    }

    /** A jar with {@code Premain-Class: EmptyAgent} and that one class. */
    Path emptyAgentJar() throws IOException {
        return jarOf(EmptyAgent.class, "empty-agent.jar", "Premain-Class");
    }

    /** A class path that holds {@link Hello} and nothing else. */
    Path helloJar() throws IOException {
        return jarOf(Hello.class, "hello.jar", "Main-Class");
    }

    /** A class path that holds {@link ForgottenFutures} and what it needs. */
    Path forgottenFuturesJar() throws IOException {
        return jarOf(ForgottenFutures.class, "forgotten-futures.jar", "Main-Class", VirtualThreads.class);
    }

    /** A class path that holds {@link ParkedThreads} and what it needs. */
    Path parkedThreadsJar() throws IOException {
        Path jar = directory.resolve("parked-threads.jar");
        return Files.exists(jar) ? jar : jarOf(ParkedThreads.class, "parked-threads.jar", "Main-Class",
                VirtualThreads.class);
    }

    /** This run's directory, for the files a measurement writes and deletes. */
    Path directory() {
        return directory;
    }

    /**
     * A copy of the agent jar, taken once at the start: a full run lasts minutes, and a jar
     * rebuilt meanwhile (another build in the same tree) would otherwise give later forks another
     * agent, or a half-written jar that fails to load.
     */
    Path snapshotOf(Path agentJar) throws IOException {
        Path copy = directory.resolve("measured-" + agentJar.getFileName());
        if (Files.exists(copy)) {
            return copy; // a second part asking for the same jar gets the same snapshot
        }
        Files.copy(agentJar, copy);
        deleteOnExit(copy);
        return copy;
    }

    /** A jar of {@code type}, named in the manifest by {@code attribute}, and the classes it uses. */
    private Path jarOf(Class<?> type, String name, String attribute, Class<?>... uses) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name(attribute), type.getName());
        Path jar = directory.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Class<?> c : concat(type, uses)) {
                out.putNextEntry(new JarEntry(c.getName().replace('.', '/') + ".class"));
                out.write(classFile(c));
                out.closeEntry();
            }
        }
        deleteOnExit(jar);
        return jar;
    }

    /**
     * A run cut short by Ctrl-C never reaches {@link #close()}; the JVM's delete-on-exit list still
     * runs then (in reverse order: files before their directories).
     */
    private static void deleteOnExit(Path path) {
        path.toFile().deleteOnExit();
    }

    private static Class<?>[] concat(Class<?> first, Class<?>... more) {
        Class<?>[] all = new Class<?>[more.length + 1];
        all[0] = first;
        System.arraycopy(more, 0, all, 1, more.length);
        return all;
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IOException("class file of " + type.getName() + " not found on the class path");
            }
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(ScratchFiles::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
