package dev.threadleak.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.io.Deadline;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportFormatException;
import dev.threadleak.report.ReportJson;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test program in a fresh JVM, of this JDK or of another: with an agent from the start
 * ({@code -javaagent:}), or without one and then ready for a late attach (on JDK 21+ it gets
 * {@code -XX:+EnableDynamicAgentLoading}, which is what users add so that the JVM prints no
 * warning). The options are set here; {@link #start} runs it and hands it over running,
 * {@link #run} waits for its end.
 *
 * <p>A program runs from the class path of the test classes that hold it, this module's own
 * classes and {@code io}'s, so that programs of every module can use {@link ParkedThreads},
 * {@link SignalFile} and {@link Deadline}; under an agent those come first, before the agent jar
 * the JVM appends, as for any application that carries them.
 */
public final class ChildJvm {

    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);
    private static final Pattern RELEASE_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    private final Path javaHome;
    private final List<String> launcher = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private boolean agentAtStart;
    private boolean lateAttachFlag = true;
    private Duration runLimit = RUN_LIMIT;
    private List<String> classPath;

    private ChildJvm(Path javaHome) {
        this.javaHome = javaHome;
    }

    /** A JVM of the JDK that runs this test. */
    public static ChildJvm onThisJdk() {
        return new ChildJvm(Path.of(System.getProperty("java.home")));
    }

    /** A JVM of the JDK in {@code javaHome}. */
    public static ChildJvm onJdk(Path javaHome) {
        return new ChildJvm(javaHome);
    }

    /** The agent jar this build made ({@link BuildOutput#agentJar()}) with these options. */
    public ChildJvm agent(String options) {
        return agent(BuildOutput.agentJar(), options);
    }

    /** This agent jar, without options. */
    public ChildJvm agent(Path jar) {
        return agent(jar, "");
    }

    public ChildJvm agent(Path jar, String options) {
        agentAtStart = true;
        jvmArgs.add("-javaagent:" + jar.toAbsolutePath() + (options.isEmpty() ? "" : "=" + options));
        return this;
    }

    /** An option of the JVM, in the order given (agents included). */
    public ChildJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    /**
     * Has the JVM verify the boot class loader's classes too, which it does not by default: a JDK
     * class the agent weaves then fails to retransform or to load (a {@code VerifyError}) if a
     * woven method's code or stack map frames are wrong, in the test rather than in a user's GC.
     * The class-data-sharing archive is off with it: start-up is slower.
     */
    public ChildJvm verifyingBootClasses() {
        return jvmArg("-XX:+UnlockDiagnosticVMOptions").jvmArg("-XX:+BytecodeVerificationLocal");
    }

    /** Leaves out {@code -XX:+EnableDynamicAgentLoading}, to see what users without it see. */
    public ChildJvm withoutLateAttachFlag() {
        lateAttachFlag = false;
        return this;
    }

    /** Runs the JVM through this command, e.g. {@code runuser -u nobody --}. */
    public ChildJvm launchedThrough(List<String> command) {
        launcher.addAll(command);
        return this;
    }

    /** Sets a variable of the JVM's environment; the rest is this JVM's. */
    public ChildJvm environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** How long {@link #run} and {@link #runJar} let it run before they end it and fail; 30 s unless set. */
    public ChildJvm timeout(Duration limit) {
        runLimit = limit;
        return this;
    }

    /**
     * Runs the child with exactly these class path entries, not with where its main class, this
     * module and io were loaded from: for a child that must not see our modules as this JVM does.
     */
    public ChildJvm classPath(List<String> entries) {
        classPath = List.copyOf(entries);
        return this;
    }

    /** Starts {@code main} with {@code args}; its output goes to files in {@code dir}. Close what it returns. */
    public ChildProcess start(Path dir, Class<?> main, String... args) throws IOException {
        return start(dir, classPath != null ? classPath : classPath(main), main.getName(), main.getSimpleName(), args);
    }

    private ChildProcess start(Path dir, List<String> entries, String main, String name, String... args)
            throws IOException {
        List<String> command = jvmCommand();
        command.add("-cp");
        command.add(String.join(File.pathSeparator, entries));
        command.add(main);
        command.addAll(List.of(args));
        return ChildProcess.start(dir, name, command, environment);
    }

    /**
     * Runs the class named {@code main}, which this JVM need not have (JUnit 4's runner), from the
     * {@link #classPath} given, to its end, within the time limit.
     */
    public ChildRun run(Path dir, String main, String... args) throws IOException, InterruptedException {
        if (classPath == null) {
            throw new IllegalStateException("a main class named, not loaded, needs the class path given");
        }
        try (ChildProcess child = start(dir, classPath, main, main.substring(main.lastIndexOf('.') + 1), args)) {
            return child.awaitExit(runLimit);
        }
    }

    /** Starts {@code java -jar jar args}; its output goes to files in {@code dir}. Close what it returns. */
    public ChildProcess startJar(Path dir, Path jar, String... args) throws IOException {
        List<String> command = jvmCommand();
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(List.of(args));
        return ChildProcess.start(dir, jar.getFileName().toString().replaceFirst("\\.jar$", ""), command, environment);
    }

    /** Runs {@code main} to its end, within the time limit, and says how it ended. */
    public ChildRun run(Path dir, Class<?> main, String... args) throws IOException, InterruptedException {
        try (ChildProcess child = start(dir, main, args)) {
            return child.awaitExit(runLimit);
        }
    }

    /** Runs {@code java -jar jar args} to its end, within the time limit, and says how it ended. */
    public ChildRun runJar(Path dir, Path jar, String... args) throws IOException, InterruptedException {
        try (ChildProcess child = startJar(dir, jar, args)) {
            return child.awaitExit(runLimit);
        }
    }

    /** Reads the JSON report a child wrote to {@code file}; fails if there is none. */
    public static LeakReport report(Path file) throws ReportFormatException {
        assertTrue(Files.exists(file), "no report written to " + file);
        return ReportJson.read(file);
    }

    private List<String> jvmCommand() throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.add(javaHome.resolve("bin").resolve("java").toString());
        if (!agentAtStart && lateAttachFlag && featureVersion() >= 21) {
            command.add("-XX:+EnableDynamicAgentLoading");
        }
        command.addAll(jvmArgs);
        return command;
    }

    /** The JDK's feature version: this JVM's, or what the other JDK's {@code release} file says. */
    private int featureVersion() throws IOException {
        if (javaHome.equals(Path.of(System.getProperty("java.home")))) {
            return Runtime.version().feature();
        }
        Matcher version = RELEASE_VERSION.matcher(Files.readString(javaHome.resolve("release")));
        if (!version.find()) {
            throw new IOException(javaHome.resolve("release") + " has no JAVA_VERSION=\"N...\" line");
        }
        return Integer.parseInt(version.group(1));
    }

    /** Where {@code main} was loaded from, then this module and io, each once. */
    private static List<String> classPath(Class<?> main) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> type : List.of(main, ChildJvm.class, Deadline.class)) {
            entries.add(codeSource(type).toString());
        }
        return List.copyOf(entries);
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from", e);
        }
    }
}
