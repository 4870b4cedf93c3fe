package dev.threadleak.junit;

import java.util.ArrayList;
import java.util.List;

/**
 * No agent: a test's threads are those with an id above the one taken when it began
 * ({@link ThreadIds}), still alive after it; virtual threads come from the JDK's JSON thread
 * dump where there is one. Nothing says who started a thread or where, so under parallel
 * execution the threads of concurrent tests cannot be told apart; reports say so and name the
 * tests that ran alongside.
 */
final class SnapshotMode implements Mode {

    private final List<String> notes;
    private final VirtualThreadDump dump;
    private final ConcurrentTests concurrent;

    private SnapshotMode(List<String> notes, VirtualThreadDump dump, ConcurrentTests concurrent) {
        this.notes = List.copyOf(notes);
        this.dump = dump;
        this.concurrent = concurrent;
    }

    /** {@code why}: why there is no agent, said in every report. */
    static SnapshotMode of(String why, Configuration configuration) {
        boolean parallel = configuration.parallel();
        List<String> notes = new ArrayList<>();
        notes.add("snapshot mode (" + why + "): threads are judged by what is alive after the test; who created "
                + "them and where is unknown, and ages count from the start of the test");
        if (configuration.proveAsked()) {
            // Said only when asked for: by default the proof is on, and silence is right where it cannot run.
            notes.add(Configuration.PROVE + "=true has no effect in snapshot mode: the heap proof needs the agent's "
                    + "record of what each thread waits on");
        }
        VirtualThreadDump dump = null;
        if (Runtime.version().feature() >= 21) {
            try {
                dump = VirtualThreadDump.open();
                notes.add("virtual threads are seen through the JDK's JSON thread dump");
            } catch (IllegalStateException e) {
                notes.add("virtual threads are not checked: " + e.getMessage());
            }
        }
        return new SnapshotMode(notes, dump, parallel ? new ConcurrentTests() : null);
    }

    @Override
    public Watch testWatch(Subject subject) {
        return new SnapshotWatch(this, subject, span(subject));
    }

    /**
     * Under parallel execution a class's own threads cannot be told from those of tests running
     * at the same time; with scope TEST (the class's @BeforeAll/@AfterAll work) we then check nothing
     * rather than blame the class for every test's threads. With scope CLASS we check everything
     * new, and say that it may be others'.
     */
    @Override
    public Watch classWatch(Subject subject) {
        if (concurrent != null && subject.kind().outsideTheTests()) {
            return null;
        }
        return new SnapshotWatch(this, subject, span(subject));
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    /** Null on JDK 17, or when the JVM has no JSON thread dump. */
    VirtualThreadDump dump() {
        return dump;
    }

    /** Null unless tests run in parallel. */
    ConcurrentTests concurrent() {
        return concurrent;
    }

    private ConcurrentTests.Span span(Subject subject) {
        return concurrent == null ? null
                : concurrent.begin(subject.displayName(), subject.testClass(), subject.kind() != Subject.Kind.TEST);
    }
}
