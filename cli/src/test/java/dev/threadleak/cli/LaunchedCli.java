package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code threadleak} run as users run it: a process, through the launcher script or the jar. */
final class LaunchedCli {

    static final Path LAUNCHER = Path.of(System.getProperty("threadleak.launcher", "../threadleak"));
    static final Path JAR = Path.of(System.getProperty("threadleak.cli.jar", "target/threadleak-cli.jar"));

    private LaunchedCli() {
    }

    /** The launcher script, with this JDK's java first on the PATH. */
    static CommandRun launcher(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return run(dir, command);
    }

    /** {@code java -jar threadleak-cli.jar ...} behind {@code prefix} (e.g. runuser -u nobody --). */
    static CommandRun jar(Path dir, List<String> prefix, String... args) throws Exception {
        return jar(dir, prefix, List.of(), args);
    }

    /** The same, with options for the CLI's own JVM (e.g. -Djava.io.tmpdir=...). */
    static CommandRun jar(Path dir, List<String> prefix, List<String> jvmArgs, String... args) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(List.of(args));
        return run(dir, command);
    }

    private static CommandRun run(Path dir, List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "cli-", ".out");
        Path err = Files.createTempFile(dir, "cli-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "threadleak did not end within 60 s: " + command);
            return new CommandRun(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            process.destroyForcibly().waitFor();
        }
    }
}
