package dev.threadleak.junit;

import dev.threadleak.io.OutputFile;
import dev.threadleak.report.LeakReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Writes the full report of each failing test (or class) into {@code threadleak.report.dir},
 * named after it: {@code com.acme.ImportJobTest.runs().txt} (every frame, for people) and
 * {@code ....json} (every field, for tools). A name used twice in a run (a repeated test) gets
 * {@code -2}, {@code -3}, ...; a long one (a parameterized test's) is cut and marked ({@link #safe}).
 * Each file is written whole or not at all, and readable by its owner only: a report holds the
 * names and stacks of the code under test. A test or class that is clean now has its report from
 * an earlier run removed ({@link #forget}), and so are an earlier run's reports of its repetitions.
 */
final class ReportFiles {

    /** Longer names (a parameterized test's, with its arguments) are cut here and end with a hash of the whole. */
    private static final int MAX_NAME = 150;

    private final Path directory;
    private final Map<String, AtomicInteger> used = new ConcurrentHashMap<>();
    /** The report files the directory held before this run first looked, by name; null until then. */
    private volatile Set<String> earlier;

    ReportFiles(Path directory) {
        this.directory = directory;
    }

    /** The two files of one report. */
    record Written(Path text, Path json) {
    }

    Written write(String qualifiedName, LeakReport report) throws IOException {
        String base = safe(qualifiedName);
        int n = used.computeIfAbsent(base, k -> new AtomicInteger()).incrementAndGet();
        if (n == 1) {
            forgetRepeats(base); // an earlier run's third report of a test that leaks twice now would tell of one gone
        }
        String name = n == 1 ? base : base + "-" + n;
        Files.createDirectories(directory);
        Path text = directory.resolve(name + ".txt");
        Path json = directory.resolve(name + ".json");
        OutputFile.write(text, report.toText());
        OutputFile.write(json, report.toJson());
        return new Written(text, json);
    }

    /**
     * Removes the report of {@code qualifiedName} that an earlier run wrote, now that a check of it
     * found nothing: left there, it would tell of a leak that is gone (a build without {@code clean}
     * keeps its {@code target}). Only what the directory held before this run first looked, listed
     * once, and only regular files under the report's own names: nothing this run wrote (another
     * fork's reports included: each test runs in one fork), nothing else of the user's.
     */
    void forget(String qualifiedName) {
        Set<String> before = earlier();
        if (before.isEmpty()) {
            return; // the common case: a clean target
        }
        String base = safe(qualifiedName);
        if (used.containsKey(base)) {
            return;
        }
        remove(before, List.of(base + ".txt", base + ".json"));
        forgetRepeats(base);
    }

    /**
     * Removes the reports an earlier run wrote for {@code base}'s repetitions ({@code -2}, {@code -3},
     * ...): this run writes its own again, and a repetition clean now, or not run, has none.
     */
    private void forgetRepeats(String base) {
        Set<String> before = earlier();
        if (before.isEmpty()) {
            return;
        }
        String prefix = base + "-";
        List<String> repeats = before.stream().filter(n -> n.startsWith(prefix) && repetition(n.substring(prefix.length())))
                .toList();
        remove(before, repeats);
    }

    /** Whether {@code rest} is what follows a report's base name for a repetition: digits, then the extension. */
    private static boolean repetition(String rest) {
        int dot = rest.indexOf('.');
        return dot > 0 && rest.substring(0, dot).chars().allMatch(c -> c >= '0' && c <= '9')
                && (rest.substring(dot).equals(".txt") || rest.substring(dot).equals(".json"));
    }

    /** Removes {@code names} that the directory held before this run, where each is a regular file. */
    private void remove(Set<String> before, List<String> names) {
        for (String name : names) {
            Path file = directory.resolve(name);
            try {
                if (before.remove(name) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException | SecurityException e) {
                // left as it was: a stale report misleads less than a check that fails a clean test
            }
        }
    }

    private Set<String> earlier() {
        Set<String> known = earlier;
        if (known == null) {
            known = LISTED.computeIfAbsent(directory.toAbsolutePath().normalize(), ReportFiles::reportsIn);
            earlier = known;
        }
        return known;
    }

    /**
     * Each directory's listing, taken once per JVM: a launcher run again in the JVM (Surefire's
     * {@code rerunFailingTestsCount}) must not take the reports the run before it wrote for an
     * earlier build's. Apache Curator's trial: a class that failed, then passed on its rerun, had
     * its report removed, while Surefire's summary of the failure still named the file.
     */
    private static final Map<Path, Set<String>> LISTED = new ConcurrentHashMap<>();

    private static Set<String> reportsIn(Path directory) {
        Set<String> known = ConcurrentHashMap.newKeySet();
        try (Stream<Path> files = Files.list(directory)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".txt") || n.endsWith(".json"))
                    .forEach(known::add);
        } catch (IOException | SecurityException e) {
            // no directory yet, or not ours to read: nothing earlier to remove
        }
        return known;
    }

    /**
     * Letters, digits and {@code . _ - $ ( ) [ ] ,} stay; anything else (spaces, slashes) becomes
     * {@code _}. A name longer than {@value #MAX_NAME} is cut there and ends with {@code ~} and a
     * hash of the whole name: it says it was cut, and two names alike up to the cut stay apart from
     * run to run.
     */
    static String safe(String name) {
        return cut(name.length() > MAX_NAME ? withSimpleParameterTypes(name) : name);
    }

    /**
     * {@code T.m(SomeType)[3] x = 1} for {@code T.m(com.acme.SomeType)[3] x = 1}: a long name's
     * parameter types by their simple names, so that a cut falls after the invocation's index
     * (Helidon's trial: eight reports of one parameterized test, each cut inside its parameter
     * list, could be told apart only by opening them).
     */
    private static String withSimpleParameterTypes(String name) {
        int open = name.indexOf('(');
        int close = open < 0 ? -1 : name.indexOf(')', open);
        if (close < 0) {
            return name;
        }
        StringJoiner types = new StringJoiner(",", "(", ")");
        for (String type : name.substring(open + 1, close).split(",", -1)) {
            types.add(type.substring(type.lastIndexOf('.') + 1));
        }
        return name.substring(0, open) + types + name.substring(close + 1);
    }

    private static String cut(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), MAX_NAME + 9));
        for (int i = 0; i < name.length() && out.length() < MAX_NAME; i++) {
            char c = name.charAt(i);
            boolean keep = (c < 128 && Character.isLetterOrDigit(c)) || ".-_$()[],".indexOf(c) >= 0;
            out.append(keep ? c : '_');
        }
        if (name.length() > MAX_NAME) { // the hash of what was cut: whole names differ where two cut ones do not
            out.append('~').append(String.format(Locale.ROOT, "%08x", name.hashCode()));
        }
        return out.toString();
    }

    /**
     * {@code path} as a person pastes it into a shell: in single quotes when it has a character a
     * shell would take for syntax (a report's name has a test's {@code ()}, a nested class's {@code $}).
     */
    static String forShell(Path path) {
        String text = path.toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(Character.isLetterOrDigit(c) || "/._-+=:,@%".indexOf(c) >= 0)) {
                return "'" + text.replace("'", "'\\''") + "'";
            }
        }
        return text;
    }
}
