package dev.threadleak.agent;

import dev.threadleak.agent.executors.TaskRecording;
import dev.threadleak.report.CommaList;
import dev.threadleak.report.Durations;
import dev.threadleak.report.TerminalText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The agent's options ({@code key=value} pairs separated by {@code ,}), parsed in one place.
 * Every error is one line naming the option and what it accepts; the agent then does not install.
 * A value may hold a comma where a regex needs one: inside {@code ()}, {@code []} or {@code {}},
 * or written {@code \,} (see {@link CommaList}), so {@code exclude=c{1,3}} is one regex.
 */
public final class AgentOptions {

    /** Where reports go: standard error, nowhere, or a file. */
    public enum Destination { STDERR, NONE, FILE }

    /** How reports are written: text for people, one JSON document, or JSON lines (one leak a line) for log pipelines. */
    public enum Format { TEXT, JSON, JSONL }

    /** How creation stacks are captured: {@code sampled} keeps every platform thread's and some virtual threads'. */
    public enum CreationStacks { ALL, SAMPLED, OFF }

    Destination destination = Destination.STDERR;
    Path reportFile;
    Format format = Format.TEXT;
    boolean onExit;
    /** Off unless asked: a server's threads outlive {@code main} by design, and that is no leak. */
    long exitWatchMillis;
    long intervalMillis;
    long minAgeMillis = 10_000;
    int stackDepth = 32;
    boolean virtualThreads = true;
    boolean queues = true;
    List<Pattern> exclude = List.of();
    boolean prove;
    long proveBudgetMillis = DEFAULT_PROVE_BUDGET_MILLIS;
    CreationStacks creationStacks = CreationStacks.SAMPLED;
    int maxRecords = 200_000;
    TaskRecording.Mode tasks = TaskRecording.Mode.SCOPED;

    /**
     * The at-exit heap proof's default time budget: a third of the 30 s that Kubernetes, systemd
     * and most process managers give a JVM between SIGTERM and SIGKILL, so that the report is
     * written before the kill comes.
     */
    static final long DEFAULT_PROVE_BUDGET_MILLIS = 10_000;

    /** Every option, in the order an error lists them. */
    private static final List<String> KNOWN = List.of("report", "format", "on-exit", "exit-watch", "interval",
            "min-age", "stack-depth", "virtual-threads", "queues", "exclude", "prove", "prove-budget",
            "creation-stacks", "max-records", "tasks");

    /**
     * Sets one known option. A switch, not a map of lambdas: the first lambda of a JVM loads a few
     * hundred JDK classes, and every JVM that runs the agent would pay for them at start-up.
     */
    private void set(String key, String v) {
        switch (key) {
            case "report" -> report(this, v);
            case "format" -> format = Format.valueOf(choice(v, "text", "json", "jsonl").toUpperCase(Locale.ROOT));
            case "on-exit" -> onExit = bool(v);
            case "exit-watch" -> exitWatchMillis = duration(v);
            case "interval" -> intervalMillis = duration(v);
            case "min-age" -> minAgeMillis = duration(v);
            case "stack-depth" -> stackDepth = positive(v, 1024);
            case "virtual-threads" -> virtualThreads = bool(v);
            case "queues" -> queues = bool(v);
            case "exclude" -> exclude(this, v);
            case "prove" -> prove = bool(v);
            case "prove-budget" -> proveBudgetMillis = duration(v);
            case "creation-stacks" ->
                    creationStacks = CreationStacks.valueOf(choice(v, "all", "sampled", "off").toUpperCase(Locale.ROOT));
            case "max-records" -> maxRecords = positive(v, Integer.MAX_VALUE);
            case "tasks" -> tasks = TaskRecording.Mode.valueOf(choice(v, "scoped", "all", "off").toUpperCase(Locale.ROOT));
            default -> throw new IllegalStateException("no setter for " + key);
        }
    }

    /** Parses {@code text} (may be null or empty: all defaults). */
    static AgentOptions parse(String text) throws OptionException {
        AgentOptions options = new AgentOptions();
        if (text == null || text.isBlank()) {
            return options;
        }
        for (String pair : CommaList.split(text)) {
            int eq = pair.indexOf('=');
            String key = (eq < 0 ? pair : pair.substring(0, eq)).trim();
            if (!KNOWN.contains(key)) {
                throw new OptionException("unknown option '" + escape(key) + "'; known: " + String.join(", ", KNOWN));
            }
            if (eq < 0) {
                throw new OptionException("option '" + key + "' needs a value: " + key + "=VALUE");
            }
            String value = pair.substring(eq + 1).trim();
            try {
                options.set(key, value);
            } catch (IllegalArgumentException e) {
                throw new OptionException("bad value '" + escape(value) + "' for option '" + key + "': expected "
                        + escape(e.getMessage()));
            } catch (RuntimeException e) {
                // a parser of ours that failed otherwise (an overflow): still one line, and still no install
                throw new OptionException("bad value '" + escape(value) + "' for option '" + key + "' ("
                        + escape(String.valueOf(e)) + ")");
            }
        }
        return options;
    }

    /** What the user typed, as one line a terminal shows as text: the error is printed on stderr. */
    private static String escape(String text) {
        return TerminalText.escape(text);
    }

    private static void report(AgentOptions o, String v) {
        if (v.isEmpty()) {
            throw new IllegalArgumentException("stderr, none, or a file path");
        }
        switch (v) {
            case "stderr" -> o.destination = Destination.STDERR;
            case "none" -> o.destination = Destination.NONE;
            default -> {
                o.destination = Destination.FILE;
                o.reportFile = Path.of(v).toAbsolutePath();
            }
        }
    }

    private static void exclude(AgentOptions o, String v) {
        List<Pattern> patterns = new ArrayList<>();
        for (String regex : v.split(";")) {
            if (regex.isEmpty()) {
                continue;
            }
            try {
                patterns.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("';'-separated thread-name regexes (" + e.getDescription()
                        + " in '" + regex + "')");
            }
        }
        o.exclude = List.copyOf(patterns);
    }

    private static String choice(String v, String... accepted) {
        for (String a : accepted) {
            if (a.equals(v)) {
                return a;
            }
        }
        int last = accepted.length - 1;
        throw new IllegalArgumentException(last == 0 ? accepted[0]
                : String.join(", ", Arrays.copyOf(accepted, last)) + " or " + accepted[last]);
    }

    private static boolean bool(String v) {
        return choice(v, "true", "false").equals("true");
    }

    private static long duration(String v) {
        return Durations.parseMillis(v);
    }

    private static int positive(String v, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new IllegalArgumentException("a whole number from 1 to " + max);
    }

    public Destination destination() {
        return destination;
    }

    public Path reportFile() {
        return reportFile;
    }

    /** A JSON format: one document, or lines. */
    public boolean json() {
        return format != Format.TEXT;
    }

    public Format format() {
        return format;
    }

    public boolean onExit() {
        return onExit;
    }

    /** Whether the agent writes reports of its own (on exit, at intervals, after main): by default it does not. */
    public boolean writesReports() {
        return onExit || intervalMillis > 0 || exitWatchMillis > 0;
    }

    public long exitWatchMillis() {
        return exitWatchMillis;
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    public long minAgeMillis() {
        return minAgeMillis;
    }

    public int stackDepth() {
        return stackDepth;
    }

    public boolean virtualThreads() {
        return virtualThreads;
    }

    public boolean queues() {
        return queues;
    }

    public List<Pattern> exclude() {
        return exclude;
    }

    public boolean prove() {
        return prove;
    }

    /** How long the at-exit heap proof may take, estimated before it starts; beyond it, it is skipped. */
    public long proveBudgetMillis() {
        return proveBudgetMillis;
    }

    public CreationStacks creationStacks() {
        return creationStacks;
    }

    public int maxRecords() {
        return maxRecords;
    }

    /** Which submitted tasks get a record: while a scope is open (the default), all, or none. */
    public TaskRecording.Mode tasks() {
        return tasks;
    }

    /** A bad option; the message is the one line printed after {@code threadleak: }. */
    static final class OptionException extends Exception {
        private static final long serialVersionUID = 1L;

        OptionException(String message) {
            super(message);
        }
    }
}
