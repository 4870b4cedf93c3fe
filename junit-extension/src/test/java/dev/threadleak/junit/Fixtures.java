package dev.threadleak.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.threadleak.io.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs fixture classes through the Jupiter engine and digs out what happened to one test. */
final class Fixtures {

    private Fixtures() {
    }

    static EngineExecutionResults run(Class<?> fixture, Map<String, String> parameters) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameters(parameters)
                .execute();
    }

    static EngineExecutionResults run(Map<String, String> parameters, Class<?>... fixtures) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(Arrays.stream(fixtures).map(DiscoverySelectors::selectClass)
                        .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                .configurationParameters(parameters)
                .execute();
    }

    static EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    /** The result of the test (or container, for a class) whose display name starts with {@code name}. */
    static TestExecutionResult result(EngineExecutionResults results, String name) {
        List<Event> finished = results.allEvents().finished().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(name))
                .collect(Collectors.toList());
        assertEquals(1, finished.size(), () -> "one finished test or container named " + name + ", among: "
                + results.allEvents().finished().stream().map(e -> e.getTestDescriptor().getDisplayName() + " "
                        + e.getPayload(TestExecutionResult.class).orElseThrow()).collect(Collectors.toList()));
        return finished.get(0).getPayload(TestExecutionResult.class).orElseThrow();
    }

    static void assertPassed(EngineExecutionResults results, String name) {
        TestExecutionResult result = result(results, name);
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            fail(name + " did not pass: " + result.getThrowable().map(Fixtures::describe).orElse("aborted"),
                    result.getThrowable().orElse(null));
        }
    }

    static Throwable failure(EngineExecutionResults results, String name) {
        TestExecutionResult result = result(results, name);
        assertEquals(TestExecutionResult.Status.FAILED, result.getStatus(), () -> name + " did not fail");
        return result.getThrowable().orElseThrow();
    }

    static ThreadLeakError leakError(EngineExecutionResults results, String name) {
        Throwable failure = failure(results, name);
        if (!(failure instanceof ThreadLeakError)) {
            fail("not a ThreadLeakError: " + describe(failure), failure);
        }
        return (ThreadLeakError) failure;
    }

    /** What the extension published as report entries (its warnings), in order. */
    static List<String> warnings(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("threadleak")).toList();
    }

    /** The one warning of {@code results}; fails, listing them, when there is not exactly one. */
    static String onlyWarning(EngineExecutionResults results) {
        List<String> warnings = warnings(results);
        assertEquals(1, warnings.size(), warnings.toString());
        return warnings.get(0);
    }

    static List<String> lines(Throwable t) {
        return Arrays.asList(t.getMessage().split("\n"));
    }

    /** The first line matching {@code regex} in full, or a failure listing the message. */
    static String lineMatching(Throwable t, String regex) {
        Pattern p = Pattern.compile(regex);
        Optional<String> line = lines(t).stream().filter(l -> p.matcher(l).matches()).findFirst();
        assertTrue(line.isPresent(), () -> "no line matches " + regex + " in:\n" + t.getMessage());
        return line.get();
    }

    static void assertNoLineMatching(Throwable t, String regex) {
        Pattern p = Pattern.compile(regex);
        assertTrue(lines(t).stream().noneMatch(l -> p.matcher(l).matches()),
                () -> "a line matches " + regex + " in:\n" + t.getMessage());
    }

    /**
     * The first of the report's notes matching {@code regex} in full, or a failure listing them:
     * for a note the summary leaves to the full report (the proof's that settle nothing).
     */
    static String noteMatching(ThreadLeakError error, String regex) {
        Pattern p = Pattern.compile(regex);
        List<String> notes = error.report().notes() == null ? List.of() : error.report().notes();
        Optional<String> note = notes.stream().filter(n -> p.matcher(n).matches()).findFirst();
        assertTrue(note.isPresent(), () -> "no note matches " + regex + " in " + notes);
        return note.get();
    }

    /** The text of the full report a message names on its {@code full report: '...'} line. */
    static String fullReportOf(String message) throws IOException {
        Matcher file = Pattern.compile("full report: '([^']+)'").matcher(message);
        assertTrue(file.find(), message);
        return Files.readString(Path.of(file.group(1)));
    }

    static String describe(Throwable t) {
        return t.getClass().getName() + ": " + t.getMessage();
    }

    /** Until {@code t} is in {@code state}, or 10 s have passed: a fixture's cue that its thread is where it leaves it. */
    static void awaitState(Thread t, Thread.State state) {
        Deadline deadline = Deadline.after(Duration.ofSeconds(10));
        while (t.getState() != state && !deadline.hasPassed()) {
            Thread.onSpinWait();
        }
    }
}
