package dev.threadleak.junit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Where the agent jar to attach is.
 *
 * <p>First {@code threadleak.agent.jar}, when set. Otherwise the copy built into this
 * extension's own jar (a resource, {@value #RESOURCE}, next to this class), written to a
 * temporary file: it is always the agent of the same version, needs no setup, and being a jar
 * inside a jar it puts no agent classes on the test class path. An agent jar that is a
 * dependency would: its classes would then shadow those of a {@code -javaagent} jar of another
 * version, and the JVM would run a mix.
 */
final class AgentJar {

    static final String RESOURCE = "threadleak-agent.jar";

    private static Path extracted;

    /** The jar, or null with {@link #whyNone()}; a bad {@code threadleak.agent.jar} fails with a message. */
    private final Path path;

    private AgentJar(Path path) {
        this.path = path;
    }

    static AgentJar locate(Configuration configuration) {
        String configured = configuration.agentJar();
        if (configured != null) {
            return new AgentJar(checked(configured));
        }
        return new AgentJar(embedded());
    }

    Path path() {
        return path;
    }

    String whyNone() {
        return "this threadleak-junit jar has no agent built in and " + Configuration.AGENT_JAR
                + " is not set to the path of threadleak-agent.jar";
    }

    private static Path checked(String configured) {
        Path jar;
        try {
            jar = Path.of(configured).toAbsolutePath();
        } catch (RuntimeException e) {
            throw Configuration.invalid(Configuration.AGENT_JAR, configured, "expected the path of threadleak-agent.jar");
        }
        if (!Files.isRegularFile(jar)) {
            throw Configuration.invalid(Configuration.AGENT_JAR, configured,
                    "there is no file " + jar + "; expected the path of threadleak-agent.jar");
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null || manifest.getMainAttributes().getValue(new Attributes.Name("Agent-Class")) == null) {
                throw Configuration.invalid(Configuration.AGENT_JAR, configured,
                        "that jar has no Agent-Class in its manifest; expected the path of threadleak-agent.jar");
            }
        } catch (IOException e) {
            throw Configuration.invalid(Configuration.AGENT_JAR, configured,
                    "that file is not a readable jar (" + e.getMessage() + "); expected the path of threadleak-agent.jar");
        }
        return jar;
    }

    private static synchronized Path embedded() {
        if (extracted != null) {
            return extracted;
        }
        try (InputStream in = AgentJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            Path file = Files.createTempFile("threadleak-agent-", ".jar");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            extracted = file;
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("threadleak: could not write the built-in agent jar to a temporary file ("
                    + e.getMessage() + "); set " + Configuration.AGENT_JAR + " to the path of threadleak-agent.jar", e);
        }
    }
}
