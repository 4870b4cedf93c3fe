package dev.threadleak.junit;

import dev.threadleak.api.Finding;
import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.GracePeriod;
import dev.threadleak.api.ScopeCheck;
import dev.threadleak.report.FirstFew;
import dev.threadleak.report.Frame;
import dev.threadleak.report.JvmInfo;
import dev.threadleak.report.KnownThreads;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ThreadInfo;
import dev.threadleak.report.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Threads with an id above the watch's first one, still alive: see {@link SnapshotMode}. */
final class SnapshotWatch implements Watch {

    private final SnapshotMode mode;
    private final Subject subject;
    private final ConcurrentTests.Span span;
    private final long firstId;
    private final long startedAtMillis = System.currentTimeMillis();
    private boolean looked;
    private String dumpFailure;

    SnapshotWatch(SnapshotMode mode, Subject subject, ConcurrentTests.Span span) {
        this.mode = mode;
        this.subject = subject;
        this.span = span;
        this.firstId = ThreadIds.next();
    }

    /** Snapshots cover every thread the JVM starts: there is nothing to add per thread. */
    @Override
    public Window openWindow() {
        return Window.NONE;
    }

    /** Snapshots cannot prove: what a thread waits on is unknown. */
    @Override
    public ScopeCheck check(Duration grace, FindingFilter filter, boolean prove) {
        long start = System.nanoTime();
        return GracePeriod.await(grace, () -> alive(subject.reason(grace, start)), filter);
    }

    /** Threads of this watch still alive, the JVM's own left out. */
    private List<Finding> alive(String reason) {
        if (!looked) {
            looked = true;
            // The common case, a test that made no thread at all, costs one id.
            if (ThreadIds.next() == firstId + 1) {
                return List.of();
            }
        }
        long now = System.currentTimeMillis();
        Thread self = Thread.currentThread();
        Set<Long> platformIds = new HashSet<>();
        List<Finding> result = new ArrayList<>();
        for (Thread t : PlatformThreads.live()) {
            platformIds.add(t.getId());
            if (t.getId() > firstId && t != self && t.isAlive() && !KnownThreads.isKnown(t)) {
                Leak leak = Leak.builder(LeakKind.THREAD, Verdict.LEAKED)
                        .thread(new ThreadInfo(t.getId(), t.getName(), false, t.isDaemon(), t.getState().name()))
                        .ageMillis(now - startedAtMillis)
                        .stack(Frame.of(t.getStackTrace(), Integer.MAX_VALUE))
                        .reason(reason)
                        .build();
                result.add(new Finding(leak, t));
            }
        }
        if (mode.dump() != null) {
            addVirtualThreads(result, platformIds, now, reason);
        }
        return result;
    }

    private void addVirtualThreads(List<Finding> result, Set<Long> platformIds, long now, String reason) {
        List<VirtualThreadDump.DumpedThread> dumped;
        try {
            dumped = mode.dump().take();
        } catch (IOException e) {
            dumpFailure = "virtual threads were not checked: " + e.getMessage();
            return;
        }
        // JDK 25's dump marks virtual threads with "virtual": true and says nothing of platform
        // threads (a dump with no virtual thread marks nothing); JDK 21's marks neither, and only
        // there does "not a live platform thread" stand in. A platform thread started between the
        // list and the dump (a parallel run's pool compensating for a blocked worker) is in a
        // second list, taken after the dump.
        boolean dumpMarksVirtual = Runtime.version().feature() >= 25
                || dumped.stream().anyMatch(d -> d.virtual() != null);
        if (!dumpMarksVirtual) {
            for (Thread t : PlatformThreads.live()) {
                platformIds.add(t.getId());
            }
        }
        for (VirtualThreadDump.DumpedThread d : dumped) {
            boolean virtual = dumpMarksVirtual ? Boolean.TRUE.equals(d.virtual()) : !platformIds.contains(d.id());
            if (virtual && d.id() > firstId && !KnownThreads.isKnownName(d.name())) {
                Leak leak = Leak.builder(LeakKind.VIRTUAL_THREAD, Verdict.LEAKED)
                        .thread(new ThreadInfo(d.id(), d.name(), true, true, d.state()))
                        .ageMillis(now - startedAtMillis)
                        .stack(d.stack())
                        .reason(reason)
                        .build();
                result.add(new Finding(leak, null));
            }
        }
    }

    @Override
    public LeakReport report(ScopeCheck check, List<String> notes) {
        List<Leak> findings = new ArrayList<>(check.leaks().size());
        for (Finding f : check.leaks()) {
            findings.add(f.leak());
        }
        List<String> all = new ArrayList<>(mode.notes());
        if (dumpFailure != null) {
            all.add(dumpFailure);
        }
        if (span != null) {
            all.add(parallelNote());
        }
        all.addAll(notes);
        all.addAll(check.notes());
        return LeakReport.of(JvmInfo.current(JvmInfo.SNAPSHOT), subject.scope(), findings, null, null, all);
    }

    @Override
    public void end() {
        if (span != null) {
            mode.concurrent().end(span);
        }
    }

    private String parallelNote() {
        List<String> others = mode.concurrent().alongside(span);
        StringBuilder note = new StringBuilder("parallel execution without the agent: threads started by tests "
                + "running at the same time cannot be told apart");
        if (others.isEmpty()) {
            note.append("; no other test ran alongside this one, so these threads are its own");
        } else {
            note.append(", so these may belong to one of the tests that ran alongside: ");
            note.append(FirstFew.of(others.stream().map(o -> "`" + o + "`").toList(), ConcurrentTests.LISTED));
        }
        note.append(". With the agent (-javaagent:threadleak-agent.jar) each leak is charged to the test that "
                + "started it");
        return note.toString();
    }
}
