package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The one model of a leak report, written by the agent, the JUnit extension and the CLI alike.
 * {@code takenAt} is an ISO-8601 instant. {@code notes} say what the report could not see (for
 * example "snapshot mode: no virtual threads"), so that an empty report is never mistaken for a
 * clean bill of health.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeakReport(String schema, JvmInfo jvm, String takenAt, ScopeInfo scope, List<Leak> leaks,
                         List<Death> deaths, Stats stats, List<String> notes) {

    public static final String SCHEMA = "threadleak/1";

    public LeakReport {
        leaks = leaks == null ? List.of() : List.copyOf(leaks);
        deaths = deaths == null || deaths.isEmpty() ? null : List.copyOf(deaths);
        notes = notes == null || notes.isEmpty() ? null : List.copyOf(notes);
    }

    public static LeakReport of(JvmInfo jvm, ScopeInfo scope, List<Leak> leaks, List<Death> deaths, Stats stats,
                                List<String> notes) {
        return new LeakReport(SCHEMA, jvm, Instant.now().toString(), scope, LeakGroups.group(leaks), deaths,
                stats, notes);
    }

    /** How many leaking things, counting each member of a group. */
    public int leakCount() {
        return leaks.stream().mapToInt(Leak::count).sum();
    }

    public boolean hasLeaks() {
        return !leaks.isEmpty();
    }

    public String toText() {
        return ReportText.render(this);
    }

    public String toJson() {
        return ReportJson.write(this);
    }
}
