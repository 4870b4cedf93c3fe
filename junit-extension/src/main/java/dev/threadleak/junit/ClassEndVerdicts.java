package dev.threadleak.junit;

import dev.threadleak.api.Finding;
import dev.threadleak.junit.LeakCheck.LeftOut;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What tests' checks left out because a static field held or kept it, looked at again when their
 * class ends. Two kinds ({@link LeftOut}):
 * <ul>
 * <li>A singleton that is replaced (a manager made again after a shutdown that forgot one of its
 * pools) is held when each test ends and orphaned by the next one: no test's check can see it.
 * What is still alive when the class ends and no longer held by any static field was never a
 * singleton.
 * <li>What a static field keeps for the class (the test class's own, or any through a collection:
 * a library's map of per-name services, filled by whichever test asks first) is judged once for
 * the class, whatever the order of its tests: still alive when the class ends, after the grace
 * period and its {@code @AfterAll} methods, it is the class's leak.
 * </ul>
 * Either way the class fails, each leak with the test that made it.
 */
final class ClassEndVerdicts {

    private static final String NOT_LEFT_OUT = "not left for the class's end by its test's check";

    /** One test's check that left findings out: its watch (the agent's scope holds ids only) and their keys. */
    private record Left(Watch watch, Map<String, LeftOut> keys, String test, Class<?> testClass, boolean prove) {
    }

    private final Queue<Left> left = new ConcurrentLinkedQueue<>();

    /** Remembers what test {@code test}'s check left out ({@code leftOut}: by key, why). */
    void remember(Watch watch, Map<String, LeftOut> leftOut, String test, Class<?> testClass, boolean prove) {
        if (!leftOut.isEmpty()) {
            left.add(new Left(watch, Map.copyOf(leftOut), test, testClass, prove));
        }
    }

    /**
     * The report of what the remembered checks left out that is still alive: a singleton held by
     * no static field now, or what a static field kept for the class after waiting up to
     * {@code grace} (once, for all of them); null when there is none. Each leak says which test
     * made it.
     */
    LeakReport leftovers(String testClass, Duration grace) {
        List<Leak> leaks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        LeakReport first = null;
        long deadline = System.nanoTime() + grace.toNanos();
        for (Left l = left.poll(); l != null; l = left.poll()) {
            Left of = l;
            Duration rest = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            var check = l.watch().check(rest, f -> {
                LeftOut why = of.keys().get(f.key());
                return why == null ? NOT_LEFT_OUT : LeakCheck.heldForTheJvm(f, of.testClass());
            }, l.prove());
            if (check.clean()) {
                continue;
            }
            LeakReport report = l.watch().report(check, List.of());
            first = first == null ? report : first;
            for (Leak leak : report.leaks()) {
                String reason = reason(leak, of.keys().get(new Finding(leak, null).key()), l.test());
                leaks.add(leak.withVerdict(leak.verdict(), leak.blockedOn(), reason, leak.cycle()));
            }
            notes.addAll(check.notes());
        }
        if (first == null) {
            return null;
        }
        return LeakReport.of(first.jvm(), new ScopeInfo("class", testClass), leaks, List.of(), first.stats(), notes);
    }

    private static String reason(Leak leak, LeftOut why, String test) {
        String still = leak.executor() != null ? "not shut down" : leak.task() != null ? "not finished" : "alive";
        if (why == LeftOut.FOR_THE_CLASS) {
            return "left by test " + test + ": a static field kept it when that test ended, so its verdict waited "
                    + "for the class's end, and it was still " + still + " then";
        }
        return "left by test " + test + ": a static field held it when that test ended, so its check left it out as "
                + "a singleton; when the class ended none did, and it was still " + still;
    }
}
