package dev.threadleak.agent.reporting;

import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.KnownThreads;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.report.Death;
import dev.threadleak.report.Durations;
import dev.threadleak.report.Frame;
import dev.threadleak.report.JvmInfo;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import dev.threadleak.report.Stats;
import dev.threadleak.report.ThreadInfo;
import dev.threadleak.report.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Turns what the registry knows into reports: at exit, live (interval and CLI), exit-watch, and
 * for an in-process scope. The judgement of each is here, in one place, with its reason.
 */
public final class JvmReports {

    /** Current stacks are taken for this many members of each creation site; the rest share them. */
    private static final int STACKS_PER_SITE = 3;

    private final ThreadRegistry registry;
    private final List<Pattern> exclude;
    private final int stackDepth;
    private final List<String> notes;

    public JvmReports(ThreadRegistry registry, List<Pattern> exclude, int stackDepth, List<String> notes) {
        this.registry = registry;
        this.exclude = exclude;
        this.stackDepth = stackDepth;
        this.notes = List.copyOf(notes);
    }

    /** Every tracked thread still alive as the JVM exits, except the one that is exiting it. */
    public LeakReport atExit() {
        List<Leak> leaks = collect((t, r) -> r.virtual() || !isRunningShutdown(t), Verdict.LEAKED,
                (t, r) -> "still alive when the JVM exited");
        return report(new ScopeInfo("jvm", "at exit"), leaks, allDeaths());
    }

    /**
     * Live threads older than {@code minAgeMillis} that are waiting. Without the queue tracking
     * of a later release we cannot tell who could wake them, so they are {@code SUSPECT}, never
     * more: a consumer whose producer is slow looks the same.
     */
    public LeakReport live(long minAgeMillis) {
        long now = System.currentTimeMillis();
        List<Leak> leaks = collect((t, r) -> isWaiting(t) && (r.preExisting() || now - r.startedAtMillis() >= minAgeMillis),
                Verdict.SUSPECT, (t, r) -> (r.preExisting() ? "alive since before the agent" : "alive "
                        + Durations.format(now - r.startedAtMillis())) + " and " + t.getState()
                        + "; whoever could wake it may still come");
        return report(new ScopeInfo("jvm", "live"), leaks, allDeaths());
    }

    /** The non-daemon threads that keep the JVM alive after {@code main} returned. */
    public LeakReport exitWatch(long sinceMainEndedMillis) {
        String since = Durations.format(sinceMainEndedMillis);
        List<Leak> leaks = collect((t, r) -> !t.isDaemon() && !t.getName().equals("DestroyJavaVM"), Verdict.LEAKED,
                (t, r) -> "non-daemon and still running " + since
                        + " after main returned: the JVM cannot exit until it ends");
        return report(new ScopeInfo("exit-watch", "main returned " + since + " ago; the JVM cannot exit because of "
                + "these non-daemon threads"), leaks, allDeaths());
    }

    /** Threads started (directly or not) by {@code owner} after {@code sequence}, still alive. */
    public List<Leak> startedBy(long owner, long sequence, String reason) {
        return collect(startedBy(owner, sequence), Verdict.LEAKED, (t, r) -> reason);
    }

    /** The live threads {@link #startedBy} would report, for waiting on them. */
    public List<Thread> threadsStartedBy(long owner, long sequence) {
        List<Thread> result = new ArrayList<>();
        for (Map.Entry<Thread, ThreadRecord> e : candidates(startedBy(owner, sequence))) {
            result.add(e.getKey());
        }
        return result;
    }

    private static BiPredicate<Thread, ThreadRecord> startedBy(long owner, long sequence) {
        return (t, r) -> !r.preExisting() && r.sequence() > sequence && r.descendsFrom(owner);
    }

    /** Deaths by uncaught exception of threads started by {@code owner} after {@code sequence}. */
    public List<Death> deathsStartedBy(long owner, long sequence) {
        List<Death> result = new ArrayList<>();
        for (ThreadRegistry.UncaughtDeath d : registry.deaths()) {
            if (d.record().sequence() > sequence && d.record().descendsFrom(owner)) {
                result.add(death(d));
            }
        }
        return result;
    }

    public LeakReport report(ScopeInfo scope, List<Leak> leaks, List<Death> deaths) {
        long liveVirtual = 0;
        long livePlatform = 0;
        for (Map.Entry<Thread, ThreadRecord> e : registry.liveThreads()) {
            if (e.getValue().virtual()) {
                liveVirtual++;
            } else {
                livePlatform++;
            }
        }
        Stats stats = new Stats(registry.started(), livePlatform, liveVirtual, registry.dropped());
        return LeakReport.of(JvmInfo.current(JvmInfo.AGENT), scope, leaks, deaths, stats, notes);
    }

    private List<Leak> collect(BiPredicate<Thread, ThreadRecord> include, Verdict verdict,
                               BiFunction<Thread, ThreadRecord, String> reason) {
        long now = System.currentTimeMillis();
        Map<Object, Integer> stacksTaken = new HashMap<>();
        List<Leak> leaks = new ArrayList<>();
        for (Map.Entry<Thread, ThreadRecord> e : candidates(include)) {
            Thread t = e.getKey();
            ThreadRecord r = e.getValue();
            List<Frame> site = r.createdAt(registry.sites());
            List<Frame> stack = stacksTaken.merge(stackBudgetKey(site, r), 1, Integer::sum) <= STACKS_PER_SITE
                    ? frames(t.getStackTrace()) : List.of();
            leaks.add(Leak.builder(r.virtual() ? LeakKind.VIRTUAL_THREAD : LeakKind.THREAD, verdict)
                    .thread(info(t, r))
                    .createdAt(site)
                    .createdBy(r.createdBy())
                    .ageMillis(r.preExisting() ? 0 : now - r.startedAtMillis())
                    .preExisting(r.preExisting())
                    .stack(stack)
                    .reason(reason.apply(t, r))
                    .build());
        }
        return leaks;
    }

    /**
     * Current stacks cost a handshake each: take a few per creation site (or per creator when the
     * site was not sampled). Threads that predate the agent are grouped by their stack, so each
     * needs its own.
     */
    private static Object stackBudgetKey(List<Frame> site, ThreadRecord r) {
        if (!site.isEmpty()) {
            return site;
        }
        return r.preExisting() ? r : Long.valueOf(r.createdBy().id());
    }

    /** Live threads that are ours to judge: not the JVM's, not excluded, not the reporting thread. */
    private List<Map.Entry<Thread, ThreadRecord>> candidates(BiPredicate<Thread, ThreadRecord> include) {
        Thread self = Thread.currentThread();
        List<Map.Entry<Thread, ThreadRecord>> result = new ArrayList<>();
        for (Map.Entry<Thread, ThreadRecord> e : registry.liveThreads()) {
            Thread t = e.getKey();
            if (t != self && !KnownThreads.isKnown(t) && !excluded(t) && include.test(t, e.getValue())) {
                result.add(e);
            }
        }
        return result;
    }

    private boolean excluded(Thread t) {
        for (Pattern p : exclude) {
            if (p.matcher(t.getName()).matches()) {
                return true;
            }
        }
        return false;
    }

    private List<Death> allDeaths() {
        List<Death> result = new ArrayList<>();
        for (ThreadRegistry.UncaughtDeath d : registry.deaths()) {
            result.add(death(d));
        }
        return result;
    }

    private Death death(ThreadRegistry.UncaughtDeath d) {
        ThreadRecord r = d.record();
        ThreadInfo thread = new ThreadInfo(r.id(), d.name(), r.virtual(), r.daemon(), Thread.State.TERMINATED.name());
        return new Death(thread, r.createdAt(registry.sites()), r.createdBy(),
                Instant.ofEpochMilli(d.endedAtMillis()).toString(), d.exception().getClass().getName(),
                d.exception().getMessage(), frames(d.exception().getStackTrace()));
    }

    private static ThreadInfo info(Thread t, ThreadRecord r) {
        return new ThreadInfo(t.getId(), t.getName(), r.virtual(), t.isDaemon(), t.getState().name());
    }

    private List<Frame> frames(StackTraceElement[] elements) {
        int n = Math.min(elements.length, stackDepth);
        List<Frame> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            frames.add(Frame.of(elements[i]));
        }
        return frames;
    }

    private static boolean isWaiting(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED;
    }

    /** The thread that called {@code System.exit} waits in {@code Shutdown} for us: it is not a leak. */
    private static boolean isRunningShutdown(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals("java.lang.Shutdown")) {
                return true;
            }
        }
        return false;
    }

    /** For callers that build their own scope reports. */
    public CreationSites sites() {
        return registry.sites();
    }
}
