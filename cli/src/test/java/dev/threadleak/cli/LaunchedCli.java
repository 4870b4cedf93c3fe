package dev.threadleak.cli;

import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import dev.threadleak.testsupport.ChildRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code threadleak} run as users run it: a process, through the launcher script or the jar. */
final class LaunchedCli {

    static final Path LAUNCHER = Path.of(System.getProperty("threadleak.launcher", "../threadleak"));
    static final Path JAR = Path.of(System.getProperty("threadleak.cli.jar", "target/threadleak-cli.jar"));
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private LaunchedCli() {
    }

    /** The launcher script, with this JDK's java first on the PATH. */
    static CommandRun launcher(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        try (ChildProcess cli = ChildProcess.start(dir, "cli", command, Map.of("PATH", javaFirstOnPath()))) {
            return of(cli.awaitExit(LIMIT));
        }
    }

    /** {@code java -jar threadleak-cli.jar ...} behind {@code prefix} (e.g. runuser -u nobody --). */
    static CommandRun jar(Path dir, List<String> prefix, String... args) throws Exception {
        return jar(dir, prefix, List.of(), args);
    }

    /** The same, with options for the CLI's own JVM (e.g. -Djava.io.tmpdir=...). */
    static CommandRun jar(Path dir, List<String> prefix, List<String> jvmArgs, String... args) throws Exception {
        // the CLI's own JVM: nothing attaches to it
        ChildJvm cli = ChildJvm.onThisJdk().withoutLateAttachFlag().launchedThrough(prefix)
                .environment("PATH", javaFirstOnPath()).timeout(LIMIT);
        jvmArgs.forEach(cli::jvmArg);
        return of(cli.runJar(dir, JAR, args));
    }

    private static String javaFirstOnPath() {
        return Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    }

    private static CommandRun of(ChildRun run) {
        return new CommandRun(run.exitCode(), run.stdout(), run.stderr());
    }
}
