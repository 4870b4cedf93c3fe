package dev.threadleak.torture;

import dev.threadleak.testsupport.BuildOutput;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import dev.threadleak.testsupport.ChildRun;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code java -jar threadleak-cli.jar ...}, as a user runs it, in a JVM of its own. */
final class Cli {

    private static final Duration LIMIT = Duration.ofSeconds(90);

    private Cli() {
    }

    static Path jar() {
        return BuildOutput.file("threadleak.cli.jar");
    }

    /** Runs the CLI to its end. */
    static ChildRun run(Path dir, String... args) throws IOException, InterruptedException {
        return run(dir, List.of(), args);
    }

    /** Runs the CLI with options for its own JVM (e.g. {@code -Djava.io.tmpdir=...}). */
    static ChildRun run(Path dir, List<String> jvmArgs, String... args) throws IOException, InterruptedException {
        return jvm(jvmArgs).timeout(LIMIT).runJar(dir, jar(), args);
    }

    /** Starts the CLI and hands it over running (to be killed mid-way). Close what it returns. */
    static ChildProcess start(Path dir, List<String> jvmArgs, String... args) throws IOException {
        return jvm(jvmArgs).startJar(dir, jar(), args);
    }

    private static ChildJvm jvm(List<String> jvmArgs) {
        ChildJvm cli = ChildJvm.onThisJdk().withoutLateAttachFlag(); // nothing attaches to the CLI itself
        new ArrayList<>(jvmArgs).forEach(cli::jvmArg);
        return cli;
    }
}
