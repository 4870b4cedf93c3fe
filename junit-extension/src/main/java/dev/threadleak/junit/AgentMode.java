package dev.threadleak.junit;

import java.util.List;

/** The agent is in this JVM: leaks are charged by lineage, so concurrent tests blame only their own. */
final class AgentMode implements Mode {

    private final AgentBridge agent;
    private final List<String> notes;

    AgentMode(AgentBridge agent, List<String> notes) {
        this.agent = agent;
        this.notes = List.copyOf(notes);
    }

    @Override
    public Watch testWatch(Subject subject) {
        AgentWatch watch = new AgentWatch(agent, subject, notes);
        watch.openWindow();
        return watch;
    }

    @Override
    public Watch classWatch(Subject subject) {
        return new AgentWatch(agent, subject, notes);
    }

    @Override
    public List<String> notes() {
        return notes;
    }
}
