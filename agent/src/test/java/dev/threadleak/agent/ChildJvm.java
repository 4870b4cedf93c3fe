package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a test program in a fresh JVM, usually under the built agent jar, and collects what it printed. */
final class ChildJvm {

    static final Path AGENT_JAR = Path.of(System.getProperty("threadleak.agent.jar", "target/threadleak-agent.jar"));
    private static final String CLASSES = System.getProperty("threadleak.test.classes", "target/test-classes");
    private static final long TIMEOUT_SECONDS = 30;

    private final List<String> command = new ArrayList<>();
    private final Path dir;

    private ChildJvm(Path dir) {
        this.dir = dir;
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Where the JDK has dynamic-agent warnings, this is what our users add to silence them.
        if (Runtime.version().feature() >= 21) {
            command.add("-XX:+EnableDynamicAgentLoading");
        }
    }

    static ChildJvm in(Path dir) {
        return new ChildJvm(dir);
    }

    ChildJvm agent(String options) {
        command.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + (options.isEmpty() ? "" : "=" + options));
        return this;
    }

    ChildJvm jvmArg(String arg) {
        command.add(arg);
        return this;
    }

    Result run(Class<?> main, String... args) throws IOException, InterruptedException {
        Process process = start(main, args);
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail(main.getSimpleName() + " did not end within " + TIMEOUT_SECONDS + " s: " + read("stderr.txt"));
        }
        return new Result(process.exitValue(), read("stdout.txt"), read("stderr.txt"));
    }

    Process start(Class<?> main, String... args) throws IOException {
        List<String> full = new ArrayList<>(command);
        full.add("-cp");
        full.add(CLASSES);
        full.add(main.getName());
        full.addAll(List.of(args));
        return new ProcessBuilder(full).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    private String read(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** What a finished child printed. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Reads the JSON report a child wrote to {@code file}. */
    static LeakReport report(Path file) throws Exception {
        assertTrue(Files.exists(file), "no report written to " + file);
        return ReportJson.read(file);
    }
}
