package dev.threadleak.junit;

import dev.threadleak.api.Agent;
import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.Scope;
import dev.threadleak.api.ScopeCheck;
import dev.threadleak.report.LeakReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A watch through the agent: a scope of the agent's, whose windows are a test (or a class's
 * {@code @BeforeAll}/{@code @AfterAll} methods, and with scope CLASS its tests). The agent's
 * lineage rules decide what each window made; JUnit's workers are its runner threads, where the
 * lineage is cut, since they start one another and run other tests later.
 */
final class AgentWatch implements Watch {

    private final Scope scope;
    private final List<String> modeNotes;
    private final Agent agent;
    private final ProofBudget budget;
    /** A test's own window, open until {@link #end()}: while one is open, the agent records every task submitted. */
    private volatile Window untilEnd;

    AgentWatch(Scope scope, List<String> modeNotes, Agent agent, ProofBudget budget) {
        this.scope = scope;
        this.modeNotes = modeNotes;
        this.agent = agent;
        this.budget = budget;
    }

    @Override
    public Window openWindow() {
        return scope.openWindow()::close;
    }

    @Override
    public void holderAlso(Object instance) {
        scope.holderAlso(instance);
    }

    @Override
    public boolean proves() {
        return true;
    }

    @Override
    public ScopeCheck check(Duration grace, FindingFilter filter, boolean prove) {
        Duration before = agent.heapProofTime();
        budget.checking(before);
        boolean allowed = budget.allows(before);
        ScopeCheck check = scope.check(grace, filter, prove && allowed);
        if (!prove || check.leaks().isEmpty()) {
            return check; // a note is read only with a report that shows it
        }
        String note = allowed ? budget.slowNote(agent.heapProofTime()) : budget.spentNote(before);
        if (note == null) {
            return check;
        }
        List<String> notes = new ArrayList<>(check.notes());
        notes.add(note);
        return new ScopeCheck(check.leaks(), check.excluded(), check.deaths(), notes);
    }

    @Override
    public LeakReport report(ScopeCheck check, List<String> notes) {
        List<String> all = new ArrayList<>(modeNotes);
        all.addAll(notes);
        return scope.report(check, all);
    }

    /**
     * Lets the checks of {@code watches} made until closed share their heap proofs, asked about
     * what {@code keys} name; a watch of another mode shares nothing ({@link Agent#sharingProofs}).
     */
    static Agent.ProofSharing sharingProofs(List<Watch> watches, Set<String> keys, String notAsked) {
        List<Scope> scopes = new ArrayList<>();
        Agent agent = null;
        for (Watch w : watches) {
            if (w instanceof AgentWatch a) {
                scopes.add(a.scope);
                agent = a.agent;
            }
        }
        if (scopes.size() < 2) {
            return () -> { };
        }
        return agent.sharingProofs(scopes, f -> keys.contains(f.key()) ? null : notAsked);
    }

    /** Opens the window that a test's watch keeps open until it ends. */
    void openUntilEnd() {
        untilEnd = openWindow();
    }

    /** Closes the test's window; nothing else is held: the agent's scope keeps only ids. */
    @Override
    public void end() {
        Window window = untilEnd;
        untilEnd = null;
        if (window != null) {
            window.close();
        }
    }
}
