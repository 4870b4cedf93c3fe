package dev.threadleak.benchmarks;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the threadleak agent jar: the one asked for, else the contract's path
 * {@code agent/target/threadleak-agent.jar} under the current directory (the repository root in
 * the README's command), else under the repository this module was built in, so the command also
 * works from another directory.
 */
final class ThreadleakAgentJar {

    static final Path RELATIVE_PATH = Path.of("agent", "target", "threadleak-agent.jar");
    /** The CLI jar, for the heap proof's measurement: found the same way, never asked for. */
    static final Path CLI_PATH = Path.of("cli", "target", "threadleak-cli.jar");

    private ThreadleakAgentJar() {
    }

    static Path locate(Optional<Path> asked) {
        if (asked.isPresent()) {
            Path jar = asked.get().toAbsolutePath().normalize();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("agent jar not found: " + jar);
            }
            return jar;
        }
        List<Path> candidates = candidates(RELATIVE_PATH);
        return candidates.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("agent jar not found at " + candidates
                        + "; build it (mvn -B -pl agent -am package -DskipTests) or pass --agent JAR"));
    }

    /** The CLI jar under the current directory or this module's repository, if it was built. */
    static Optional<Path> locateCli() {
        return candidates(CLI_PATH).stream().filter(Files::isRegularFile).findFirst();
    }

    private static List<Path> candidates(Path relative) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(relative.toAbsolutePath().normalize());
        repositoryOfThisModule().ifPresent(root -> candidates.add(root.resolve(relative)));
        return candidates;
    }

    /** benchmarks/target/benchmarks.jar or benchmarks/target/classes, three levels below the root. */
    private static Optional<Path> repositoryOfThisModule() {
        try {
            Path location = Path.of(ThreadleakAgentJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Optional.ofNullable(location.getParent())
                    .map(Path::getParent)
                    .map(Path::getParent);
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty(); // no usable code source: the current directory has to do
        }
    }
}
