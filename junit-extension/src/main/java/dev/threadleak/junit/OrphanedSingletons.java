package dev.threadleak.junit;

import dev.threadleak.api.ScopeCheck;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * What a test's check left out because a static field held it as a singleton, looked at again
 * when the test's class ends. A singleton that is replaced (a manager made again after a
 * shutdown that forgot one of its pools) is held when each test ends and orphaned by the next
 * one: no test's check can see it. When the class ends, what is still alive and no longer held
 * by any static field was never a singleton: the class's tests left it, and the class fails,
 * with the test that made each one.
 */
final class OrphanedSingletons {

    private static final String NOT_REMEMBERED = "not left out as a singleton by its test's check";

    /** One test's check that left singletons out: its watch (the agent's scope holds ids only) and their keys. */
    private record Held(Watch watch, Set<String> keys, String test, Class<?> testClass, boolean prove) {
    }

    private final Queue<Held> held = new ConcurrentLinkedQueue<>();

    /** Remembers what {@code check}, of test {@code test}, left out as held by a static field. */
    void remember(Watch watch, ScopeCheck check, String test, Class<?> testClass, boolean prove) {
        Set<String> keys = check.excluded().stream()
                .filter(e -> e.reason().equals(LeakCheck.heldForTheJvm(e.finding(), testClass)))
                .map(e -> e.finding().key()).collect(Collectors.toUnmodifiableSet());
        if (!keys.isEmpty()) {
            held.add(new Held(watch, keys, test, testClass, prove));
        }
    }

    /**
     * The report of what the remembered checks left out that is alive and held by no static
     * field now, or null when there is none. Each leak says which test made it.
     */
    LeakReport orphans(String testClass) {
        List<Leak> leaks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        LeakReport first = null;
        for (Held h = held.poll(); h != null; h = held.poll()) {
            Held of = h;
            ScopeCheck check = h.watch().check(Duration.ZERO,
                    f -> of.keys().contains(f.key()) ? LeakCheck.heldForTheJvm(f, of.testClass()) : NOT_REMEMBERED,
                    h.prove());
            if (check.clean()) {
                continue;
            }
            LeakReport report = h.watch().report(check, List.of());
            first = first == null ? report : first;
            for (Leak leak : report.leaks()) {
                leaks.add(leak.withVerdict(leak.verdict(), leak.blockedOn(), reason(leak, h.test()), leak.cycle()));
            }
            notes.addAll(check.notes());
        }
        if (first == null) {
            return null;
        }
        return LeakReport.of(first.jvm(), new ScopeInfo("class", testClass), leaks, List.of(), first.stats(), notes);
    }

    private static String reason(Leak leak, String test) {
        return "left by test " + test + ": a static field held it when that test ended, so its check left it out as "
                + "a singleton; when the class ended none did, and it was still "
                + (leak.executor() != null ? "not shut down" : leak.task() != null ? "not finished" : "alive");
    }
}
