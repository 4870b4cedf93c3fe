package dev.threadleak.junit;

import dev.threadleak.api.Finding;
import dev.threadleak.junit.ClassEndVerdicts.Judged;
import dev.threadleak.report.ReportText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What shutdown hooks keep, made anew by each of several tests: a hook registered per call of the
 * code, not once for the JVM, whose thread or pool each test left running. Kept by a hook alone, a
 * thing warns at the class's end, as what a library's static map keeps: a library may start a
 * scheduler once per JVM and stop it only in a hook (ShenYu's memory calculator). But one made by
 * each test is no such thing: Prometheus client_java's tests built an OpenTelemetry SDK each, never
 * closed, whose reader thread exported every 2 s until the JVM exited, and only warned. Made by two
 * tests or more (alike: the same frames above the test class's own), they fail the class. Not said
 * of what a static field's map keeps: whether a library's registry keeps a pool per test may hang
 * on another class's tests (cache2k's scheduler, kept alive by caches a class before left open).
 */
final class PerCallHooks {

    static final String HOOKS = ReportText.SHUTDOWN_HOOKS;
    static final String NOTE = "shutdown hooks the code registered keep some of these, one made by each of "
            + "several tests: a hook per call of the code, not one for the JVM, so each is a leak of its test";

    private PerCallHooks() {
    }

    /**
     * Moves what hooks alone keep, and two tests or more made alike, from what warns to what fails
     * in {@code judged}; whether any moved.
     */
    static boolean moveToFailing(List<Judged> judged) {
        Map<List<String>, Set<String>> testsBySite = new HashMap<>();
        for (Judged j : judged) {
            for (Finding f : j.warn()) {
                if (keptByAHook(f, j)) {
                    testsBySite.computeIfAbsent(site(f, j), k -> new HashSet<>()).add(j.left().test());
                }
            }
        }
        boolean moved = false;
        for (Judged j : judged) {
            List<Finding> perCall = new ArrayList<>();
            for (Finding f : j.warn()) {
                if (keptByAHook(f, j) && testsBySite.get(site(f, j)).size() > 1) {
                    perCall.add(f);
                }
            }
            j.warn().removeAll(perCall);
            j.fail().addAll(perCall);
            moved |= !perCall.isEmpty();
        }
        return moved;
    }

    private static boolean keptByAHook(Finding f, Judged j) {
        return HOOKS.equals(j.keeper(f));
    }

    /** Where it was made, above the test class's frames: its kind too. */
    private static List<String> site(Finding f, Judged j) {
        List<String> site = new ArrayList<>(ClassEndVerdicts.aboveTests(f.leak().createdAt(), j.left().testClass()));
        site.add(f.leak().kind().name());
        return site;
    }
}
