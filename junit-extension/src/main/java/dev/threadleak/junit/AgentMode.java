package dev.threadleak.junit;

import dev.threadleak.api.Agent;
import java.util.List;
import java.util.function.Predicate;

/** The agent is in this JVM: leaks are charged by lineage, so concurrent tests blame only their own. */
final class AgentMode implements Mode {

    /** One instance for the run: the agent remembers runner tests by equality. */
    private static final Predicate<Thread> JUNIT_WORKERS = IgnoreRules::isJUnitWorker;

    private final Agent agent;
    private final List<String> notes;
    private final ProofBudget budget;

    AgentMode(Agent agent, List<String> notes, ProofBudget budget) {
        this.agent = agent;
        this.notes = List.copyOf(notes);
        this.budget = budget;
    }

    /** The test's window opens now and stays open through its check; it closes as the watch ends. */
    @Override
    public Watch testWatch(Subject subject) {
        AgentWatch watch = watch(subject);
        watch.openUntilEnd();
        return watch;
    }

    @Override
    public Watch classWatch(Subject subject) {
        return watch(subject);
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    private AgentWatch watch(Subject subject) {
        return new AgentWatch(agent.newScope(subject.scope(), subject.ending(), JUNIT_WORKERS), notes, agent, budget);
    }
}
