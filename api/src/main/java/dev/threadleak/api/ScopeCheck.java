package dev.threadleak.api;

import dev.threadleak.report.Death;
import java.util.List;

/**
 * What a {@link Scope#check} left: the leaks (detached findings, with a heap proof's verdicts when
 * one ran), what the filter excluded and why, the deaths by uncaught exception of the scope's
 * threads, and notes (what a heap proof took, or why it failed).
 */
public record ScopeCheck(List<Finding> leaks, List<Excluded> excluded, List<Death> deaths, List<String> notes) {

    public ScopeCheck {
        leaks = List.copyOf(leaks);
        excluded = List.copyOf(excluded);
        deaths = List.copyOf(deaths);
        notes = List.copyOf(notes);
    }

    /** A finding the filter left out, and its reason. */
    public record Excluded(Finding finding, String reason) {
    }

    /** True when nothing is left. */
    public boolean clean() {
        return leaks.isEmpty();
    }
}
