package dev.threadleak.protocol;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * One request of the channel protocol: a line of words, sent as the only request of its
 * connection and ended by a newline. {@code threadleak/1 report [min-age=MILLIS] [sites] [each]} asks
 * for the live report (with live threads counted by creation site if {@code sites}; with every
 * leak on its own, not grouped, if {@code each}: the heap proof needs every member's wait);
 * {@code threadleak/1 sites} for the counts alone, which {@code threadleak watch} asks for at
 * every refresh; {@code threadleak/1 heap PATH} to write the live heap to PATH for
 * {@code threadleak dump --prove} (PATH is the rest of the line, so it may hold spaces). The
 * version word lets an agent refuse a CLI newer than itself in words, not in garbage.
 *
 * <p>The client builds one and sends {@link #line()}; the server reads it with {@link #parse}.
 * A request that breaks the rules cannot be built: every refusal is an
 * {@link IllegalArgumentException} of one line that says what was wrong.
 */
public sealed interface Request {

    /** The first word of every request. */
    String VERSION = "threadleak/1";
    /** The longest request line a server reads, newline included. */
    int MAX_BYTES = 1024;

    /** The request as its line, without the newline that ends it. */
    String line();

    /**
     * The live report: waits older than {@code minAgeMillis} (null: the agent's own min-age), with
     * {@code sites} every live thread counted by creation site, and with {@code each} every leak on
     * its own rather than grouped with its identical ones (what {@code dump --prove} proves).
     */
    record Report(Long minAgeMillis, boolean sites, boolean each) implements Request {

        private static final String WORD = "report";
        private static final String MIN_AGE = "min-age=";
        private static final String SITES = "sites";
        private static final String EACH = "each";

        public Report {
            if (minAgeMillis != null && minAgeMillis < 0) {
                throw new IllegalArgumentException("min-age must be milliseconds >= 0, was '" + minAgeMillis + "'");
            }
        }

        /** A grouped report. */
        public Report(Long minAgeMillis, boolean sites) {
            this(minAgeMillis, sites, false);
        }

        @Override
        public String line() {
            return VERSION + " " + WORD + (minAgeMillis == null ? "" : " " + MIN_AGE + minAgeMillis)
                    + (sites ? " " + SITES : "") + (each ? " " + EACH : "");
        }
    }

    /** Live threads counted by creation site, and nothing judged. */
    record Sites() implements Request {

        private static final String WORD = "sites";

        @Override
        public String line() {
            return VERSION + " " + WORD;
        }
    }

    /**
     * Write the live heap to {@code file}: an absolute path ending in {@code .hprof} (HotSpot
     * insists on the suffix), kept normalized.
     */
    record Heap(Path file) implements Request {

        private static final String WORD = "heap";
        private static final String SUFFIX = ".hprof";

        public Heap {
            if (file == null) {
                throw new IllegalArgumentException("a heap request needs the file to write: '" + VERSION + " " + WORD
                        + " /abs/dir/heap" + SUFFIX + "'");
            }
            if (!file.isAbsolute() || file.getParent() == null) {
                throw new IllegalArgumentException("the heap file must be an absolute path, was '" + file + "'");
            }
            if (!file.getFileName().toString().endsWith(SUFFIX)) {
                throw new IllegalArgumentException("the heap file must end in " + SUFFIX + ", was '" + file + "'");
            }
            file = file.normalize();
        }

        @Override
        public String line() {
            return VERSION + " " + WORD + " " + file;
        }

        private static Heap parse(String path) {
            if (path.isEmpty()) {
                return new Heap(null);
            }
            try {
                return new Heap(Path.of(path));
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("not a path: '" + path + "'");
            }
        }
    }

    /** Reads a request line (without its newline); {@link IllegalArgumentException} says what was wrong, in one line. */
    static Request parse(String line) {
        String trimmed = line.trim();
        String[] words = trimmed.split(" +");
        if (!words[0].equals(VERSION)) {
            throw new IllegalArgumentException("this agent speaks " + VERSION + ", not '" + words[0]
                    + "': use the threadleak CLI of the agent's version");
        }
        if (words.length >= 2 && words[1].equals(Heap.WORD)) {
            return Heap.parse(trimmed.substring(VERSION.length()).trim().substring(Heap.WORD.length()).trim());
        }
        if (words.length < 2 || !(words[1].equals(Report.WORD) || words[1].equals(Sites.WORD))) {
            throw new IllegalArgumentException("expected '" + Report.WORD + "', '" + Sites.WORD + "' or '" + Heap.WORD
                    + "' after " + VERSION);
        }
        boolean report = words[1].equals(Report.WORD);
        Long minAge = null;
        boolean sites = false;
        boolean each = false;
        for (int i = 2; i < words.length; i++) {
            String word = words[i];
            if (report && word.equals(Report.SITES)) {
                sites = true;
            } else if (report && word.equals(Report.EACH)) {
                each = true;
            } else if (report && word.startsWith(Report.MIN_AGE)) {
                minAge = millis(word.substring(Report.MIN_AGE.length()));
            } else {
                throw new IllegalArgumentException("unknown word '" + word + "' in a " + words[1] + " request");
            }
        }
        return report ? new Report(minAge, sites, each) : new Sites();
    }

    private static long millis(String value) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new IllegalArgumentException("min-age must be milliseconds >= 0, was '" + value + "'");
    }
}
