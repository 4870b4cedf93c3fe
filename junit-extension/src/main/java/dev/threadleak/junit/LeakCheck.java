package dev.threadleak.junit;

import dev.threadleak.api.Finding;
import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.ScopeCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The check of one test or class: the watch waits out the grace period, leaving out what an
 * ignore rule matches (it neither counts nor makes the check wait) and, for a class's check after
 * its tests', what those tests' checks already judged; then, when asked, the heap proof, which
 * also leaves out what a static field of another class than the test's holds as a singleton.
 * Notes name the live threads the ignore rules left out.
 */
final class LeakCheck {

    private static final int IGNORED_LISTED = 5;

    /** Marks what earlier checks judged: left out silently, not noted as ignored. */
    private static final String JUDGED = "judged by an earlier check of this run";

    /** The check's outcome, and notes naming what the ignore rules left out. */
    record Result(ScopeCheck check, List<String> ignoredNotes) {
    }

    private LeakCheck() {
    }

    /**
     * {@code judged}: keys of what earlier checks of the run reported or ignored, which this check
     * adds to; when {@code skipJudged} (a class's check, after its tests') it leaves those out.
     */
    static Result run(Watch watch, CheckSettings settings, Set<String> judged, boolean skipJudged,
                      Class<?> testClass) {
        FindingFilter filter = f -> {
            if (skipJudged && judged.contains(f.key())) {
                return JUDGED;
            }
            IgnoreRules.Rule rule = settings.ignores().match(f);
            if (rule != null) {
                return rule.description();
            }
            return heldForTheJvm(f, testClass);
        };
        ScopeCheck check = watch.check(Duration.ofMillis(settings.graceMillis()), filter, settings.prove());
        List<ScopeCheck.Excluded> ignored = new ArrayList<>();
        for (Finding f : check.leaks()) {
            judged.add(f.key());
        }
        for (ScopeCheck.Excluded e : check.excluded()) {
            if (!JUDGED.equals(e.reason())) {
                judged.add(e.finding().key());
                ignored.add(e);
            }
        }
        return new Result(check, notes(ignored));
    }

    /**
     * Why a finding a static field holds as a singleton is not the test's leak: it lives as long as
     * the JVM, like what a class initializer starts, and it is one however many tests run the code
     * that made it (a library's lazily made service). Null when no static field holds it, or the
     * field is the test class's own (or a nested class's): that test can end what it keeps.
     */
    static String heldForTheJvm(Finding f, Class<?> testClass) {
        String field = f.heldBy();
        if (field == null) {
            return null;
        }
        if (testClass != null) {
            String top = testClass.getName();
            int nested = top.indexOf('$');
            top = nested < 0 ? top : top.substring(0, nested);
            String owner = field.substring(0, Math.max(0, field.lastIndexOf('.')));
            if (owner.equals(top) || owner.startsWith(top + "$")) {
                return null;
            }
        }
        return "held by static field " + field + ", so it lives as long as the JVM: not a test's leak";
    }

    private static List<String> notes(List<ScopeCheck.Excluded> ignored) {
        if (ignored.isEmpty()) {
            return List.of();
        }
        StringBuilder note = new StringBuilder("also alive but ignored: ");
        int shown = Math.min(ignored.size(), IGNORED_LISTED);
        for (int i = 0; i < shown; i++) {
            ScopeCheck.Excluded x = ignored.get(i);
            note.append(i == 0 ? "" : "; ").append(x.finding().describe()).append(", ").append(x.reason());
        }
        if (ignored.size() > shown) {
            note.append("; and ").append(ignored.size() - shown).append(" more");
        }
        return List.of(note.toString());
    }
}
