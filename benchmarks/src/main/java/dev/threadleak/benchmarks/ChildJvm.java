package dev.threadleak.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program of this module in a child JVM that prints lines and then, when it has printed
 * {@code ready}, waits for its standard input to close: the measurement reads what it needs,
 * does its work against it, then {@link #close()}s it.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader output;
    private final List<String> lines = new ArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), Charset.defaultCharset()));
    }

    /** {@code java jvmArgs -cp classPath mainClass args}, standard error merged into its output. */
    static ChildJvm start(CostRun run, List<String> jvmArgs, String classPath, Class<?> mainClass, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(run.java().toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classPath, mainClass.getName()));
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    long pid() {
        return process.pid();
    }

    /** Reads up to the line {@code last}, returning every line before it; fails if the JVM ends first. */
    List<String> readUntil(String last) throws IOException {
        List<String> before = new ArrayList<>();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.equals(last)) {
                return before;
            }
            before.add(line);
            lines.add(line);
        }
        throw new IllegalStateException("the child JVM ended before it printed '" + last + "':\n" + String.join("\n", lines));
    }

    /** Every line up to its end. */
    List<String> readUntilEnd() throws IOException {
        List<String> all = new ArrayList<>();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            all.add(line);
        }
        return all;
    }

    /** The value of the line that starts with {@code prefix}, among {@code lines}. */
    static String valueOf(List<String> lines, String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no line '" + prefix + "...' in:\n"
                        + String.join("\n", lines)));
    }

    /** Closes its input, which ends it; a JVM that does not end within 30 s is killed. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
