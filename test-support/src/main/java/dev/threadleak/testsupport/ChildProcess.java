package dev.threadleak.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import dev.threadleak.io.Deadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A process a test started: a JVM of {@link ChildJvm}, or any command (a launcher script). Its
 * standard output and error go to two files in the directory it was started in, so that nothing
 * has to drain a pipe and all it printed is there to read; its standard input stays open, so a
 * program that reads it until it closes runs until it is ended.
 *
 * <p>Close it, in a try-with-resources: that ends it (politely first, so that an agent in it
 * runs its exit hooks; by force if that takes long) and whatever it started. Every wait here has
 * a deadline, and a wait that fails ends the child before it fails the test, so
 * {@code try (ChildProcess c = ...start(...).awaitReady())} leaves nothing running either way.
 */
public final class ChildProcess implements AutoCloseable {

    /** How long {@link #awaitLine} waits: a child JVM starts in well under a second, even under an agent. */
    private static final Duration LINE_WAIT = Duration.ofSeconds(30);
    /** Between two looks at the output file: the child writes it, so there is nothing to wait on. */
    private static final Duration POLL_STEP = Duration.ofMillis(20);
    private static final Duration POLITE_END = Duration.ofSeconds(10);
    private static final Duration FORCED_END = Duration.ofSeconds(30);

    private final List<String> command;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private int linesRead;

    private ChildProcess(List<String> command, Process process, Path stdout, Path stderr) {
        this.command = command;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code command} with these additions to the environment; its output goes to
     * {@code name-*.stdout} and {@code name-*.stderr} in {@code dir}.
     */
    public static ChildProcess start(Path dir, String name, List<String> command, Map<String, String> environment)
            throws IOException {
        Path stdout = Files.createTempFile(dir, name + "-", ".stdout");
        String stem = stdout.getFileName().toString().replaceFirst("\\.stdout$", "");
        Path stderr = Files.createFile(dir.resolve(stem + ".stderr"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        return new ChildProcess(List.copyOf(command), builder.start(), stdout, stderr);
    }

    public long pid() {
        return process.pid();
    }

    /** The pid as a command-line argument. */
    public String pidArg() {
        return Long.toString(process.pid());
    }

    /** Waits for the program's {@code ready} line; fails (and ends the child) if it does not come. */
    public ChildProcess awaitReady() throws IOException, InterruptedException {
        String ready = null;
        try {
            ready = awaitLine("ready"::equals);
        } finally {
            if (ready == null) {
                close(); // start(...).awaitReady() in a try's header: nothing else would end it
            }
        }
        if (ready == null) {
            fail(describe("the child never said ready"));
        }
        return this;
    }

    /**
     * The next line the program prints that {@code wanted} accepts, or null if it ends without
     * printing one; after 30 s, the child is ended and the test fails. Lines once read are not
     * read again: a second call goes on where the first stopped.
     */
    public String awaitLine(Predicate<String> wanted) throws IOException, InterruptedException {
        Deadline deadline = Deadline.after(LINE_WAIT);
        while (true) {
            boolean ended = !process.isAlive(); // seen before reading: then what is read is all there is
            List<String> lines = printedLines(ended);
            while (linesRead < lines.size()) {
                String line = lines.get(linesRead++);
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (ended) {
                return null;
            }
            if (deadline.hasPassed()) {
                kill();
                fail(describe("no awaited line from the child within " + LINE_WAIT.toSeconds() + " s"));
            }
            deadline.sleep(POLL_STEP);
        }
    }

    /** Lines printed so far; while it runs, only those ended by a newline (the last may be half written). */
    private List<String> printedLines(boolean ended) throws IOException {
        String text = read(stdout);
        int end = ended ? text.length() : text.lastIndexOf('\n') + 1;
        return text.substring(0, end).lines().toList();
    }

    /** Waits for it to end by itself; after {@code limit}, ends it by force and fails the test. */
    public ChildRun awaitExit(Duration limit) throws IOException, InterruptedException {
        if (!process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
            kill();
            fail(describe("did not end within " + limit.toSeconds() + " s"));
        }
        return new ChildRun(command, process.exitValue(), read(stdout), read(stderr), List.of(stdout, stderr));
    }

    /** What it has printed on standard output so far. */
    public String stdout() throws IOException {
        return read(stdout);
    }

    /** What it has printed on standard error so far. */
    public String stderr() throws IOException {
        return read(stderr);
    }

    /** Ends it and what it started: politely first, so that an agent in it runs its exit hooks; by force if that takes long. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> family = family();
        family.forEach(ProcessHandle::destroy);
        if (!awaitEnd(family, Deadline.after(POLITE_END))) {
            end(family);
        }
    }

    private void kill() throws InterruptedException {
        end(family());
    }

    private static void end(List<ProcessHandle> family) throws InterruptedException {
        family.forEach(ProcessHandle::destroyForcibly);
        awaitEnd(family, Deadline.after(FORCED_END));
    }

    /** The child and its descendants (a launcher script's JVM, the JVM under runuser), listed while the child lives. */
    private List<ProcessHandle> family() {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(0, process.toHandle());
        return family;
    }

    /** True if all of them ended before the deadline. */
    private static boolean awaitEnd(List<ProcessHandle> family, Deadline deadline) throws InterruptedException {
        for (ProcessHandle member : family) {
            try {
                member.onExit().get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException("onExit never fails", e);
            }
        }
        return true;
    }

    private String describe(String what) {
        try {
            return describe(command, what, read(stdout), read(stderr));
        } catch (IOException e) {
            return what + ": " + String.join(" ", command) + " (its output is unreadable: " + e + ")";
        }
    }

    static String describe(List<String> command, String what, String stdout, String stderr) {
        return what + ": " + String.join(" ", command) + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }

    /** Undecodable bytes are replaced, not refused: a half-written character must not fail a poll. */
    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
