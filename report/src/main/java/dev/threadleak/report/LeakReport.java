package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The one model of a leak report, written by the agent, the JUnit extension and the CLI alike.
 * {@code takenAt} is an ISO-8601 instant. {@code notes} say what the report could not see (for
 * example "snapshot mode: no virtual threads"), so that an empty report is never mistaken for a
 * clean bill of health. {@code sites}, when present, counts every live thread by creation site
 * (judged or not), for tools that watch growth; absent means "not counted", empty means "none".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeakReport(String schema, JvmInfo jvm, String takenAt, ScopeInfo scope, List<Leak> leaks,
                         List<Death> deaths, Stats stats, List<String> notes, List<SiteCount> sites) {

    public static final String SCHEMA = "threadleak/1";

    public LeakReport {
        leaks = leaks == null ? List.of() : List.copyOf(leaks);
        deaths = deaths == null || deaths.isEmpty() ? null : List.copyOf(deaths);
        notes = notes == null || notes.isEmpty() ? null : List.copyOf(notes);
        sites = sites == null ? null : List.copyOf(sites);
    }

    /** A report without site counts: the form from before {@code sites} existed. */
    public LeakReport(String schema, JvmInfo jvm, String takenAt, ScopeInfo scope, List<Leak> leaks,
                      List<Death> deaths, Stats stats, List<String> notes) {
        this(schema, jvm, takenAt, scope, leaks, deaths, stats, notes, null);
    }

    public static LeakReport of(JvmInfo jvm, ScopeInfo scope, List<Leak> leaks, List<Death> deaths, Stats stats,
                                List<String> notes) {
        return new LeakReport(SCHEMA, jvm, Instant.now().toString(), scope, LeakGroups.group(leaks), deaths,
                stats, notes);
    }

    /** The same report with live threads counted by creation site. */
    public LeakReport withSites(List<SiteCount> value) {
        return new LeakReport(schema, jvm, takenAt, scope, leaks, deaths, stats, notes, value);
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
