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
 * its tests', what those tests' checks already judged; then, when asked, the heap proof. Notes
 * name the live threads the ignore rules left out.
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
    static Result run(Watch watch, CheckSettings settings, Set<String> judged, boolean skipJudged) {
        FindingFilter filter = f -> {
            if (skipJudged && judged.contains(f.key())) {
                return JUDGED;
            }
            IgnoreRules.Rule rule = settings.ignores().match(f);
            return rule == null ? null : rule.description();
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
