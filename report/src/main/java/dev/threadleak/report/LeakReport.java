package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one model of a leak report, written by the agent, the JUnit extension and the CLI alike.
 * {@code takenAt} is an ISO-8601 instant. {@code notes} say what the report could not see (for
 * example "snapshot mode: no virtual threads"), so that an empty report is never mistaken for a
 * clean bill of health. {@code sites}, when present, counts every live thread by creation site
 * (judged or not), for tools that watch growth; absent means "not counted", empty means "none".
 * {@code baseline}, when present, compares the leaks with a baseline of known ones.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeakReport(String schema, JvmInfo jvm, String takenAt, ScopeInfo scope, List<Leak> leaks,
                         List<Death> deaths, Stats stats, List<String> notes, List<SiteCount> sites,
                         Baseline baseline) {

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
        this(schema, jvm, takenAt, scope, leaks, deaths, stats, notes, null, null);
    }

    /** A report without a baseline: the form from before {@code baseline} existed. */
    public LeakReport(String schema, JvmInfo jvm, String takenAt, ScopeInfo scope, List<Leak> leaks,
                      List<Death> deaths, Stats stats, List<String> notes, List<SiteCount> sites) {
        this(schema, jvm, takenAt, scope, leaks, deaths, stats, notes, sites, null);
    }

    public static LeakReport of(JvmInfo jvm, ScopeInfo scope, List<Leak> leaks, List<Death> deaths, Stats stats,
                                List<String> notes) {
        return of(jvm, scope, leaks, deaths, stats, notes, Instant.now());
    }

    /**
     * The same, taken at {@code takenAt}: the moment its ages and waits were measured from. A leaked
     * executor's own unfinished tasks are told inside it ({@link TasksInTheirPools}), then alike
     * leaks are grouped ({@link LeakGroups}).
     */
    public static LeakReport of(JvmInfo jvm, ScopeInfo scope, List<Leak> leaks, List<Death> deaths, Stats stats,
                                List<String> notes, Instant takenAt) {
        return new LeakReport(SCHEMA, jvm, takenAt.toString(), scope, LeakGroups.group(TasksInTheirPools.fold(leaks)),
                deaths, stats, notes);
    }

    /** The same report with live threads counted by creation site. */
    public LeakReport withSites(List<SiteCount> value) {
        return new LeakReport(schema, jvm, takenAt, scope, leaks, deaths, stats, notes, value, baseline);
    }

    /** The same report compared with a baseline of known leaks. */
    public LeakReport withBaseline(Baseline value) {
        return new LeakReport(schema, jvm, takenAt, scope, leaks, deaths, stats, notes, sites, value);
    }

    /** The same report with only {@code value} of its leaks, and {@code moreNotes} saying why. */
    public LeakReport withLeaks(List<Leak> value, List<String> moreNotes) {
        List<String> all = new ArrayList<>(notes == null ? List.of() : notes);
        all.addAll(moreNotes);
        return new LeakReport(schema, jvm, takenAt, scope, value, deaths, stats, all, sites, baseline);
    }

    /** How many leaking things, counting each member of a group. */
    public int leakCount() {
        return leaks.stream().mapToInt(Leak::count).sum();
    }

    /** How many of those are suspects ({@link Verdict#SUSPECT}), counting each member of a group. */
    public long suspectCount() {
        return leaks.stream().filter(l -> l.verdict() == Verdict.SUSPECT).mapToLong(Leak::count).sum();
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
