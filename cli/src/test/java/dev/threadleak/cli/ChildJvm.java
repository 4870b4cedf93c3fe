package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test program in a fresh JVM of this JDK, with the agent from the start or without it (then
 * ready for a late attach: on JDK 21+ with {@code -XX:+EnableDynamicAgentLoading}, which is what
 * users add so that the JVM prints no warning). Close it in a finally (try-with-resources): it
 * is ended.
 */
final class ChildJvm implements AutoCloseable {

    static final Path CLASSES = Path.of(System.getProperty("threadleak.test.classes", "target/test-classes"));
    private static final long READY_SECONDS = 30;

    private final Process process;
    private final BufferedReader stdout;
    private final Path stderr;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stderr = stderr;
    }

    /** Options of the child JVM; {@link #start} runs it. */
    static final class Spec {
        private final List<String> jvmArgs = new ArrayList<>();
        private boolean agent;
        private boolean lateAttachFlag = true;

        Spec withAgent() throws IOException {
            return withAgent("");
        }

        Spec withAgent(String options) throws IOException {
            agent = true;
            jvmArgs.add("-javaagent:" + EmbeddedAgentJar.file() + (options.isEmpty() ? "" : "=" + options));
            return this;
        }

        Spec jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** Leaves out {@code -XX:+EnableDynamicAgentLoading}, to see what users without it see. */
        Spec withoutLateAttachFlag() {
            lateAttachFlag = false;
            return this;
        }

        ChildJvm start(Path dir, Class<?> main, String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            if (!agent && lateAttachFlag && Runtime.version().feature() >= 21) {
                command.add("-XX:+EnableDynamicAgentLoading");
            }
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(CLASSES.toAbsolutePath().toString());
            command.add(main.getName());
            command.addAll(List.of(args));
            Path stderr = Files.createTempFile(dir, "child-", ".stderr");
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            return new ChildJvm(process, stderr);
        }
    }

    static Spec jvm() {
        return new Spec();
    }

    long pid() {
        return process.pid();
    }

    String pidArg() {
        return Long.toString(process.pid());
    }

    /** Waits for the program's {@code ready} line; fails with its stderr if it does not come. */
    ChildJvm awaitReady() throws Exception {
        String line = awaitLine(l -> l.equals("ready"));
        if (line == null) {
            fail("the child never said ready; its stderr: " + stderr());
        }
        return this;
    }

    /** The first line the program prints that {@code wanted} accepts, or null at its end. */
    String awaitLine(java.util.function.Predicate<String> wanted) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l = stdout.readLine(); l != null; l = stdout.readLine()) {
                    if (wanted.test(l)) {
                        return l;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return line.get(READY_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fail("no line from the child within " + READY_SECONDS + " s; its stderr: " + stderr());
            return null;
        }
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** Ends it: politely first, so that the agent removes its socket at exit; by force if that takes long. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
