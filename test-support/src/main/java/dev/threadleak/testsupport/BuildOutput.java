package dev.threadleak.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files the build made before the integration tests ran, whose paths the modules' failsafe
 * configurations pass as system properties ({@code systemPropertyVariables}).
 */
public final class BuildOutput {

    /** The property that holds the path of the shaded agent jar. */
    public static final String AGENT_JAR = "threadleak.agent.jar";

    private BuildOutput() {
    }

    /** The agent jar, {@code agent/target/threadleak-agent.jar}. */
    public static Path agentJar() {
        return file(AGENT_JAR);
    }

    /** The file named by {@code property}; fails the test, saying what to do, if it is not set or not there. */
    public static Path file(String property) {
        String path = System.getProperty(property);
        if (path == null) {
            fail("system property " + property + " is not set: run the integration tests through mvn verify,"
                    + " whose failsafe configuration sets it");
        }
        if (!Files.isRegularFile(Path.of(path))) {
            fail(property + " = " + path + " does not exist: build it first (mvn verify packages before it tests)");
        }
        return Path.of(path);
    }
}
