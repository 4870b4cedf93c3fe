package dev.threadleak.agent.reporting;

import dev.threadleak.agent.executors.ExecutorFindings;
import dev.threadleak.agent.executors.WorkersPool;
import dev.threadleak.agent.memory.RecordBound;
import dev.threadleak.heapproof.HeapFinding;
import dev.threadleak.heapproof.HeapRemark;
import dev.threadleak.heapproof.ProvenLeaks;
import dev.threadleak.agent.proof.ProvenWaits;
import dev.threadleak.report.KnownThreads;
import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.CurrentStacks;
import dev.threadleak.agent.threads.Interrupt;
import dev.threadleak.agent.threads.Origin;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.agent.waits.WaitFacts;
import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.Death;
import dev.threadleak.report.Durations;
import dev.threadleak.report.Frame;
import dev.threadleak.report.JvmInfo;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ProofNotes;
import dev.threadleak.report.ScopeInfo;
import dev.threadleak.report.Stats;
import dev.threadleak.report.ThreadInfo;
import dev.threadleak.report.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * Turns what the registries know into reports: at exit, live (interval and CLI), exit-watch, and
 * the findings of a scope (which work is a scope's, the scope engine in {@code agent.scope}
 * decides). The judgement of each is here, in one place, with its reason.
 * Threads that belong to an executor are judged through the executor and its tasks: a report
 * shows one pool, not its N anonymous workers.
 */
public final class JvmReports {

    /** Current stacks are taken for this many members of each creation site and wait; the rest share them. */
    private static final int STACKS_PER_SITE = 3;
    /** A thread interrupted this long ago and still running went on past it: a loop checks its flag sooner. */
    private static final long INTERRUPT_HEEDED_WITHIN_MILLIS = 100;

    /** Said by a report that shows a leak from before a late attach; elsewhere it is noise. */
    static final String ATTACHED_NOTE = "the agent was attached to a running JVM: threads marked pre-existing "
            + "started before it, and their creation sites are unknown";

    private final ThreadRegistry registry;
    private final ExecutorFindings executors;
    private final WaitFacts waits;
    private final List<Pattern> exclude;
    private final int stackDepth;
    private final List<String> notes;
    /** The {@code creation-stacks} mode when it keeps only some stacks, else null. */
    private final String sampledStacks;
    /** The agent was attached to the running JVM, not given with {@code -javaagent}. */
    private final boolean attached;
    /**
     * Read once, not at install: asking for the pid loads and starts the JDK's process machinery
     * (its reaper pool), which start-up should not pay for. The channel's thread reads it soon
     * after start ({@link #jvm()}), before a SecurityManager installed later could deny it.
     */
    private volatile JvmInfo jvm;

    public JvmReports(ThreadRegistry registry, ExecutorFindings executors, WaitFacts waits, List<Pattern> exclude,
                      int stackDepth, List<String> notes) {
        this(registry, executors, waits, exclude, stackDepth, notes, null, false);
    }

    /**
     * The same; {@code sampledStacks} names the {@code creation-stacks} mode when it keeps only
     * some virtual threads' stacks, for the note of a report that shows one without its stack;
     * {@code attached} says the agent was attached to the running JVM.
     */
    public JvmReports(ThreadRegistry registry, ExecutorFindings executors, WaitFacts waits, List<Pattern> exclude,
                      int stackDepth, List<String> notes, String sampledStacks, boolean attached) {
        this.registry = registry;
        this.executors = executors;
        this.waits = waits;
        this.exclude = exclude;
        this.stackDepth = stackDepth;
        this.notes = List.copyOf(notes);
        this.sampledStacks = sampledStacks;
        this.attached = attached;
    }

    /** What a report of {@code work} says of its tasks thrown away as the code chose; null when none. */
    public String droppedNote(Predicate<Origin> work) {
        return executors.droppedNote(work);
    }

    /** What a scope's tasks that wait behind work not its own come to: a note, no leak; null when none. */
    public String queuedBehindOthersNote(Predicate<Origin> work) {
        return executors.queuedBehindOthersNote(work);
    }

    /** The identities of {@code work}'s tasks that wait behind work not its own now: see {@link ExecutorFindings#tasksQueuedBehindOthers}. */
    public Set<String> tasksQueuedBehindOthers(Predicate<Origin> work) {
        return executors.tasksQueuedBehindOthers(work);
    }

    /** The live executor or recorded task a report names {@code identity}, or null: whose holder a check asks. */
    public Object work(String identity) {
        return executors.work(identity);
    }

    /** See {@link ExecutorFindings#idledOut}. */
    public boolean idledOut(String identity) {
        return executors.idledOut(identity);
    }

    /** The JDK's wrapper the code holds of the executor a report names {@code identity}, or null. */
    public Object wrapperOf(String identity) {
        return executors.wrapperOf(identity);
    }

    /** The lineage (creator first) of the executor or task a report names {@code identity}, or null. */
    public long[] lineage(String identity) {
        return executors.lineage(identity);
    }

    /** Where thread {@code ancestor} of an executor's lineage was started, kept past its end; or null. */
    public Object creationOfAncestor(String identity, long ancestor) {
        return executors.creationOfAncestor(identity, ancestor);
    }

    /** The pool thread {@code threadId} was one of the last workers of, alive or not; or null. */
    public WorkersPool poolOfWorker(long threadId) {
        return executors.poolOfWorker(threadId);
    }

    /** Everything tracked that is still alive or unfinished as the JVM exits. */
    public LeakReport atExit() {
        return atExit(false);
    }

    /**
     * The same; with {@code prove}, the heap proof runs first (agent option {@code prove=true})
     * and upgrades the parked threads it settles to BLOCKED_FOREVER or DEADLOCKED.
     */
    public LeakReport atExit(boolean prove) {
        return atExit(prove ? ProvenWaits.prove(registry) : ProvenWaits.none());
    }

    /** The same, with the heap proof's verdicts already taken ({@link ProvenWaits#none()}: without). */
    public LeakReport atExit(ProvenWaits proven) {
        String reason = "still alive when the JVM exited";
        ResidentThreads resident = new ResidentThreads();
        List<Leak> leaks = threads((t, r) -> (r.virtual() || !isRunningShutdown(t)) && !resident.madeByAnInitializer(t, r),
                ANY, Verdict.LEAKED, (t, r, state) -> reason, proven);
        leaks.removeIf(JvmReports::shutdownHook);
        leaks.removeIf(Leak::threadEnded); // ended between the look that listed it and the one that read its state
        leaks.removeIf(resident::endingInAGracefulShutdown);
        leaks = resident.withoutLoneCleaners(leaks);
        List<Leak> tasks = executors.unfinishedTasks(o -> !resident.taskMadeByAnInitializer(o), 0,
                "not finished when the JVM exited: lost work", true);
        List<Leak> pools = executors.executorsNotShutDown(o -> !resident.executorMadeByAnInitializer(o), Verdict.LEAKED,
                ended -> "never " + ended, true, executorsNamed(tasks), true);
        pools.removeIf(resident::idlingOut);
        leaks = withoutWorkersTold(leaks, pools);
        leaks.addAll(pools);
        leaks.addAll(tasks);
        // a pool shut down and still running a task that has no record (tasks=scoped, and no scope ever
        // opened: a JUnit 4 suite): its worker is told through the pool, or by nothing (zt-exec's trial:
        // the process waiter of a timed-out start, on a pool its code shut down at once)
        // not one a static initializer made (Sentinel's command center: its accept loop submitted, then
        // shutdown(), a server's idiom), counted as its sibling never shut down is
        leaks.addAll(executors.shutDownStillRunning(o -> !o.preExisting() && !resident.executorMadeByAnInitializer(o),
                executorsNamed(leaks), "shut down, but still running a task when the JVM exited: lost work; a pool "
                + "ends only once its last task does", "when the JVM exited"));
        List<Leak> told = withoutLibraries(leaks);
        List<String> allNotes = new ArrayList<>(notes);
        for (String note : proven.notes()) {
            // "heap proof not run: ..." under "0 leaks" is noise (Vert.x's trial, prove=true)
            if (!told.isEmpty() || !note.startsWith(ProofNotes.NOT_RUN)) {
                allNotes.add(note);
            }
        }
        String dropped = executors.droppedNote(o -> true);
        if (dropped != null) {
            allNotes.add(dropped);
        }
        return build(new ScopeInfo("jvm", "at exit"), told, deaths(r -> true), resident.withExitNote(allNotes));
    }

    /**
     * What a live JVM shows (interval and CLI reports): threads older than {@code minAgeMillis}
     * that are waiting, as {@code SUSPECT} — without knowing who could wake them, a consumer whose
     * producer is slow looks the same — but for a pool's idle workers and what a class initializer
     * made ({@link ResidentThreads}); threads in a wait-for cycle the JVM itself detects, as
     * {@code DEADLOCKED} ({@link JvmDeadlocks}), and tasks that ignore cancellation, which are
     * facts; and creation sites with several live executors never shut down (a pool per request),
     * as {@code SUSPECT}.
     */
    public LeakReport live(long minAgeMillis) {
        return live(minAgeMillis, true);
    }

    /** The same; with {@code grouped} false every leak stands alone (the CLI's heap proof needs each member's wait). */
    public LeakReport live(long minAgeMillis, boolean grouped) {
        return live(minAgeMillis, grouped, registry.liveThreads()); // one pass for the leaks and the counts
    }

    /** The same, of {@code live} (the registry's {@link ThreadRegistry#liveThreads()}), which the caller may count too. */
    public LeakReport live(long minAgeMillis, boolean grouped, List<Map.Entry<Thread, ThreadRecord>> live) {
        long now = System.currentTimeMillis();
        SecondLook secondLook = SecondLook.of(live, minAgeMillis);
        JvmDeadlocks deadlocks = JvmDeadlocks.in(live);
        // one text per state for the threads that predate us: a JVM may hold 100,000 of them
        Map<Thread.State, String> preExisting = new EnumMap<>(Thread.State.class);
        ResidentThreads resident = new ResidentThreads();
        // a deadlock is a fact at any age, as a wait proven endless is: min-age keeps out guesses only
        List<Leak> leaks = threads(live, (t, r) -> isWaiting(t), (t, r, parked) -> provenForever(parked)
                        || deadlocks.of(t, r) != null
                        || (waitedLongEnough(r, parked, now, minAgeMillis) && (seenToBegin(parked) || !sleeping(t))
                        && !resident.wakesWithin(parked == null ? null : parked.blockedOn(), minAgeMillis)
                        && !resident.madeByAnInitializer(t, r) && seenToBeginOrLookedAt(parked, secondLook)),
                Verdict.SUSPECT, (t, r, state) -> r.preExisting()
                        ? preExisting.computeIfAbsent(state, s -> suspectReason("alive since before the agent", s))
                        : suspectReason("alive " + Durations.format(now - r.startedAtMillis()), state),
                ProvenWaits.none(), deadlocks, grouped, false, true);
        Predicate<Origin> oldEnough = o -> now - o.createdAtMillis() >= minAgeMillis;
        leaks.addAll(executorsSharingASite(executors.executorsNotShutDown(oldEnough.and(o -> !o.preExisting()),
                Verdict.SUSPECT, ended -> "several executors from this site are alive and not " + ended + ": one per call?",
                false)));
        leaks.addAll(executors.unfinishedTasks(oldEnough, minAgeMillis, null, false));
        leaks = withoutRunnersOfTasks(secondLook.stillWaiting(leaks));
        // taken when its waits were measured: the CLI compares when waits began across two reports
        List<Leak> judged = resident.withoutIdleWorkers(withoutLibraries(leaks));
        LeakReport report = build(new ScopeInfo("jvm", "live"), judged, deaths(r -> true), resident.withNote(notes),
                Instant.ofEpochMilli(now), live);
        return grouped ? report : report.withLeaks(judged, List.of());
    }

    private static String suspectReason(String alive, Thread.State state) {
        return alive + " and " + state + "; whoever could wake it may still come";
    }

    /**
     * The non-daemon threads (and pools of them) that keep the JVM alive after {@code main}
     * returned. {@code SUSPECT}, never {@code LEAKED}: a server's threads outlive {@code main} by
     * design; this answers "why does my program not exit?", asked with {@code exit-watch}.
     */
    public LeakReport exitWatch(long sinceMainEndedMillis) {
        String since = Durations.format(sinceMainEndedMillis);
        String reason = "non-daemon and still running " + since + " after main returned: the JVM cannot exit until it ends";
        List<Leak> leaks = threads((t, r) -> !t.isDaemon() && !t.getName().equals("DestroyJavaVM"), ANY, Verdict.SUSPECT,
                (t, r, state) -> reason);
        for (Leak pool : executors.executorsNotShutDown(o -> true, Verdict.SUSPECT,
                ended -> "never " + ended + ": its non-daemon workers keep the JVM from exiting", false)) {
            if (hasNonDaemonWorker(pool)) {
                leaks.add(pool);
            }
        }
        return build(new ScopeInfo("exit-watch", "main returned " + since + " ago; the JVM cannot exit because of "
                + "these non-daemon threads"), withoutLibraries(leaks), deaths(r -> true), notes);
    }

    /**
     * What a scope leaks: its live threads ({@code threads} picks them), its executors not shut
     * down and its tasks not finished ({@code work} picks them), with the heap proof's verdicts for
     * the parked threads {@code proven} settles. Which work is a scope's is the scope engine's
     * judgement; this only builds the findings. {@code ending} is what ended the scope, as its
     * reasons say it ({@code the test ended}: a test's failure that said "the scope" spoke our
     * words, not its reader's).
     */
    public List<Leak> scope(Predicate<ThreadRecord> threads, Predicate<Origin> work, String reason, String ending,
                            ProvenWaits proven) {
        List<Leak> leaks = threads((t, r) -> threads.test(r), ANY, Verdict.LEAKED, (t, r, state) -> reason, proven);
        // as they were started, where the registry's map gave them in no order: a group's "e.g." names
        // read in another order in each run (jline3's trial)
        leaks.sort(Comparator.comparingLong(l -> l.thread() == null ? Long.MAX_VALUE : l.thread().id()));
        List<Leak> pools = executors.executorsNotShutDown(work, Verdict.LEAKED, ended -> "not " + ended + " when " + ending,
                true);
        leaks = withoutWorkersTold(leaks, pools);
        leaks.addAll(pools);
        String ended = " ended";
        String submitted = ending.endsWith(ended)
                ? "submitted in " + ending.substring(0, ending.length() - ended.length()) + " and not finished when it ended"
                : "not finished when " + ending;
        leaks.addAll(withRunnersWaits(executors.unfinishedTasks(work, 0, submitted, true), proven));
        leaks.addAll(executors.shutDownStillRunning(work, executorsNamed(leaks), "shut down, but still running a "
                + "task when " + ending + ": a pool ends only once its last task does", "when " + ending));
        return withoutLibraries(leaks);
    }

    /**
     * {@code threads} less each a leak of {@code pools} lists as its worker. A live executor's
     * workers are never judged alone; a collected one's still run where a task keeps them (a
     * dropped {@code Timer} whose periodic task keeps its thread) and were told twice, as the
     * executor and as a thread. A group stays: it may hold more than the worker.
     */
    private static List<Leak> withoutWorkersTold(List<Leak> threads, List<Leak> pools) {
        Set<Long> workers = new HashSet<>();
        for (Leak pool : pools) {
            if (pool.executor() != null && pool.executor().workers() != null) {
                pool.executor().workers().forEach(w -> workers.add(w.id()));
            }
        }
        if (workers.isEmpty()) {
            return threads;
        }
        List<Leak> kept = new ArrayList<>(threads.size());
        for (Leak l : threads) {
            if (l.count() > 1 || l.thread() == null || !workers.contains(l.thread().id())) {
                kept.add(l);
            }
        }
        return kept;
    }

    /** The executors {@code leaks}' tasks name: one of those is told through its task. */
    private static Set<String> executorsNamed(List<Leak> leaks) {
        Set<String> named = new HashSet<>();
        for (Leak l : leaks) {
            if (l.task() != null && l.task().executor() != null) {
                named.add(l.task().executor());
            }
        }
        return named;
    }

    /**
     * {@code tasks}, each running one with the wait its worker is in, as that thread's own leak
     * would say it: a check awaits a timed wait's end for a task as for a thread (Nacos's config
     * worker: two tasks that loop on a 5 s poll until their pool, which the test shut down, says
     * so, failed the test or not by where in the poll it ended), and its reader sees it. A worker
     * {@code proven} blocked forever or deadlocked makes its task so: it can never finish (Mutiny's
     * trial: a shared pool's worker in {@code future.get()} on a future only its stack held read
     * LEAKED, where a thread of the test's own in the same wait read BLOCKED_FOREVER).
     */
    private List<Leak> withRunnersWaits(List<Leak> tasks, ProvenWaits proven) {
        Set<Long> runners = new HashSet<>();
        for (Leak t : tasks) {
            if (t.thread() != null && t.blockedOn() == null) {
                runners.add(t.thread().id());
            }
        }
        if (runners.isEmpty()) {
            return tasks;
        }
        List<Map.Entry<Thread, ThreadRecord>> live = new ArrayList<>();
        for (Map.Entry<Thread, ThreadRecord> e : registry.liveThreads()) {
            if (runners.contains(e.getValue().id())) {
                live.add(e);
            }
        }
        long now = System.currentTimeMillis();
        Judging judging = new Judging(now, waits == null ? null : waits.snapshot(now, live.size()), ANY,
                Verdict.LEAKED, (t, r, state) -> null, proven, JvmDeadlocks.NONE, false, false, false);
        for (Map.Entry<Thread, ThreadRecord> e : live) {
            judging.judge(e.getKey(), e.getValue()); // a worker is no candidate of its own: judged here only
        }
        Map<Long, Leak> workers = new HashMap<>();
        for (Leak worker : judging.leaks()) {
            if (worker.blockedOn() != null) {
                workers.put(worker.thread().id(), worker);
            }
        }
        List<Leak> result = new ArrayList<>(tasks.size());
        for (Leak t : tasks) {
            Leak worker = t.thread() == null || t.blockedOn() != null ? null : workers.get(t.thread().id());
            result.add(worker == null ? t : t.verdict() == Verdict.LEAKED && neverEnds(worker.verdict())
                    ? t.withVerdict(worker.verdict(), worker.blockedOn(), worker.reason(), worker.cycle())
                    : t.withBlockedOn(worker.blockedOn()));
        }
        return result;
    }

    private static boolean neverEnds(Verdict v) {
        return v == Verdict.BLOCKED_FOREVER || v == Verdict.DEADLOCKED;
    }

    /**
     * Counts what lives by creation stack, as {@code threadleak watch} counts threads: each live
     * thread ({@code thread}, {@code virtual-thread}; not the JVM's, ours or excluded ones), then
     * each executor not shut down ({@code executor}) and each task queued or running
     * ({@code queued-task}, {@code running-task}; only the first {@code maxTaskStacks} tasks with
     * their stack). Takes no current stack: the MBean's per-site gauges read it.
     */
    public void tally(BiConsumer<String, List<Frame>> count, int maxTaskStacks) {
        for (Map.Entry<Thread, ThreadRecord> e : registry.liveThreads()) {
            Thread t = e.getKey();
            if (!KnownThreads.isKnown(t) && !excluded(t)) {
                ThreadRecord r = e.getValue();
                count.accept(r.virtual() ? "virtual-thread" : "thread", r.createdAt(registry.sites()));
            }
        }
        executors.tally((work, site) -> count.accept(switch (work) {
            case EXECUTOR -> "executor";
            case QUEUED_TASK -> "queued-task";
            case RUNNING_TASK -> "running-task";
        }, site), maxTaskStacks);
    }

    /** Deaths by uncaught exception (the last few the registry keeps) of the threads {@code which} picks. */
    public List<Death> deaths(Predicate<ThreadRecord> which) {
        List<Death> result = new ArrayList<>();
        for (ThreadRegistry.UncaughtDeath d : registry.deaths()) {
            if (which.test(d.record())) {
                result.add(death(d));
            }
        }
        return result;
    }

    /** The JVM the reports are about; read on first use, once. */
    public JvmInfo jvm() {
        JvmInfo info = jvm;
        if (info == null) {
            info = JvmInfo.current(JvmInfo.AGENT);
            info = attached ? info.withAgentAttached() : info;
            jvm = info;
        }
        return info;
    }

    /** The registry reports are made from, for the last-resort report. */
    ThreadRegistry registry() {
        return registry;
    }

    /**
     * A report of {@code leaks}, as judged already ({@link #scope} leaves out what libraries made),
     * and {@code deaths}, with the agent's notes.
     */
    public LeakReport report(ScopeInfo scope, List<Leak> leaks, List<Death> deaths) {
        return build(scope, leaks, deaths, notes);
    }

    /** The same, with {@code moreNotes} after the agent's. */
    public LeakReport report(ScopeInfo scope, List<Leak> leaks, List<Death> deaths, List<String> moreNotes) {
        List<String> all = new ArrayList<>(notes);
        all.addAll(moreNotes);
        return build(scope, leaks, deaths, all);
    }

    /**
     * Without what a known library's own code made (see {@link KnownThreads#madeBy}): never a leak.
     * Each judge (at exit, live, exit-watch, a scope) leaves them out once, before a report is built.
     */
    private static List<Leak> withoutLibraries(List<Leak> leaks) {
        List<Leak> kept = new ArrayList<>(leaks.size());
        for (Leak leak : leaks) {
            if (KnownThreads.madeBy(leak.createdAt()) == null) {
                kept.add(leak);
            }
        }
        return kept;
    }

    private LeakReport build(ScopeInfo scope, List<Leak> leaks, List<Death> deaths, List<String> reportNotes) {
        return build(scope, leaks, deaths, reportNotes, Instant.now(), registry.liveThreads());
    }

    /** The same, taken at {@code takenAt}, its counts from {@code live} (the registry's {@link ThreadRegistry#liveThreads()}). */
    private LeakReport build(ScopeInfo scope, List<Leak> leaks, List<Death> deaths, List<String> reportNotes,
                             Instant takenAt, List<Map.Entry<Thread, ThreadRecord>> live) {
        long liveVirtual = 0;
        long livePlatform = 0;
        for (Map.Entry<Thread, ThreadRecord> e : live) {
            if (e.getValue().virtual()) {
                liveVirtual++;
            } else {
                livePlatform++;
            }
        }
        RecordBound bound = registry.bound();
        Stats stats = new Stats(registry.started(), livePlatform, liveVirtual, bound.droppedTotal(),
                bound.droppedByKind());
        return LeakReport.of(jvm(), scope, leaks, deaths, stats,
                withCautions(withSamplingNote(withAttachedNote(reportNotes, leaks), leaks), bound, executors.note(),
                        executors.leftOutNote()),
                takenAt);
    }

    /** Says what "pre-existing" means after a late attach, first, only in a report that shows such a leak. */
    private List<String> withAttachedNote(List<String> reportNotes, List<Leak> leaks) {
        if (!attached || leaks.stream().noneMatch(Leak::preExisting)) {
            return reportNotes;
        }
        List<String> all = new ArrayList<>(reportNotes.size() + 1);
        all.add(ATTACHED_NOTE);
        all.addAll(reportNotes);
        return all;
    }

    /** Says why a virtual thread has no creation stack, only in a report that shows one: elsewhere it is noise. */
    private List<String> withSamplingNote(List<String> reportNotes, List<Leak> leaks) {
        if (sampledStacks == null || leaks.stream().noneMatch(JvmReports::virtualWithoutStack)) {
            return reportNotes;
        }
        List<String> all = new ArrayList<>(reportNotes);
        all.add("creation-stacks=" + sampledStacks
                + ": some virtual threads have no creation stack; use creation-stacks=all to capture every one");
        return all;
    }

    private static boolean virtualWithoutStack(Leak leak) {
        return leak.thread() != null && leak.thread().virtual() && !leak.preExisting() && leak.createdAt().isEmpty();
    }

    /**
     * The notes, and after them what the report could not see: records the bound dropped, records
     * of collected executors dropped ({@code executorsDropped}), tasks past the first of their kind
     * in a scope ({@code tasksLeftOut}), stacks a SecurityManager denied.
     */
    private static List<String> withCautions(List<String> notes, RecordBound bound, String executorsDropped,
                                             String tasksLeftOut) {
        String dropped = bound.note();
        if (dropped == null && executorsDropped == null && tasksLeftOut == null && !CurrentStacks.denied()) {
            return notes;
        }
        List<String> all = new ArrayList<>(notes);
        for (String caution : new String[] {dropped, executorsDropped, tasksLeftOut}) {
            if (caution != null) {
                all.add(caution);
            }
        }
        if (CurrentStacks.denied()) {
            all.add(CurrentStacks.DENIED_NOTE);
        }
        return all;
    }

    /** A second look at a candidate, once we know what it is parked on (null: not parked on a channel). */
    private interface ParkedTest {
        boolean test(Thread t, ThreadRecord r, WaitFacts.Parked parked);
    }

    /** Why a thread is reported, said of {@code state}: the state read as its stack was taken. */
    private interface ReasonOf {
        String of(Thread t, ThreadRecord r, Thread.State state);
    }

    /** Keeps every candidate. Not a lambda: this class loads under premain (see the installer). */
    private static final ParkedTest ANY = new ParkedTest() {
        @Override
        public boolean test(Thread t, ThreadRecord r, WaitFacts.Parked parked) {
            return true;
        }
    };

    /**
     * Thread leaks: {@code include} picks candidates, {@code keep} decides once their wait is
     * known. A wait the recorded facts prove endless turns the verdict into BLOCKED_FOREVER.
     */
    private List<Leak> threads(BiPredicate<Thread, ThreadRecord> include, ParkedTest keep, Verdict verdict,
                               ReasonOf reason) {
        return threads(include, keep, verdict, reason, ProvenWaits.none());
    }

    /**
     * The same, with the heap proof's verdicts where the recorded facts prove nothing; in the order
     * the threads were made, so that a thread comes before those it started (Dropwizard Metrics'
     * trial: an HTTP client's I/O dispatchers, whose creation stack has none of the test's frames,
     * were listed above the thread that started them, which named the test's line).
     */
    private List<Leak> threads(BiPredicate<Thread, ThreadRecord> include, ParkedTest keep, Verdict verdict,
                               ReasonOf reason, ProvenWaits proven) {
        List<Map.Entry<Thread, ThreadRecord>> live = registry.liveThreads();
        live.sort(Comparator.comparingLong(e -> e.getValue().sequence()));
        return threads(live, include, keep, verdict, reason, proven, JvmDeadlocks.NONE, false, true, false);
    }

    /**
     * The same, of {@code live} (the registry's {@link ThreadRegistry#liveThreads()}), the members of
     * the JVM's own {@code deadlocks} DEADLOCKED; with {@code fold},
     * threads that predate us and wait alike are folded as the report would group them; with
     * {@code cpu}, each thread's CPU time is read (a scope's and the exit's reports: a live report
     * of a whole JVM may hold thousands of threads, and the first read loads java.management); with
     * {@code workersToo}, the workers of known pools too (a live report: no pool's leak tells them).
     */
    private List<Leak> threads(List<Map.Entry<Thread, ThreadRecord>> live, BiPredicate<Thread, ThreadRecord> include,
                               ParkedTest keep, Verdict verdict, ReasonOf reason,
                               ProvenWaits proven, JvmDeadlocks deadlocks, boolean fold, boolean cpu,
                               boolean workersToo) {
        long now = System.currentTimeMillis();
        List<Map.Entry<Thread, ThreadRecord>> candidates = candidates(live, include, workersToo);
        WaitFacts.Snapshot parkedNow = waits == null ? null : waits.snapshot(now, candidates.size());
        // a live report's, which alone asks for workers too, keeps only threads that wait as they are looked at
        Judging judging = new Judging(now, parkedNow, keep, verdict, reason, proven, deadlocks, fold, cpu,
                workersToo);
        for (Map.Entry<Thread, ThreadRecord> e : candidates) {
            judging.judge(e.getKey(), e.getValue());
        }
        return judging.leaks();
    }

    /**
     * The judgement of one report's candidates, one call each: a method of its own is compiled
     * after a few thousand threads, where a loop body waits for the loop's on-stack replacement
     * and ran the first report of 100,000 threads interpreted.
     */
    private final class Judging {
        private final long now;
        private final WaitFacts.Snapshot parkedNow;
        private final ParkedTest keep;
        private final Verdict verdict;
        private final ReasonOf reason;
        private final ProvenWaits proven;
        private final JvmDeadlocks deadlocks;
        private final Map<Object, Integer> stacksTaken = new HashMap<>();
        private final List<Leak> leaks = new ArrayList<>();
        private final AlikeLeaks alike;
        private final boolean cpu;
        /** A live report's: only a thread that waits is a suspect, and one that ran on as we looked is not. */
        private final boolean waitersOnly;

        Judging(long now, WaitFacts.Snapshot parkedNow, ParkedTest keep, Verdict verdict,
                ReasonOf reason, ProvenWaits proven, JvmDeadlocks deadlocks, boolean fold, boolean cpu,
                boolean waitersOnly) {
            this.cpu = cpu;
            this.waitersOnly = waitersOnly;
            this.now = now;
            this.parkedNow = parkedNow;
            this.keep = keep;
            this.verdict = verdict;
            this.reason = reason;
            this.proven = proven;
            this.deadlocks = deadlocks;
            this.alike = fold ? new AlikeLeaks(leaks) : null;
        }

        List<Leak> leaks() {
            if (alike != null) {
                alike.finish();
            }
            return leaks;
        }

        void judge(Thread t, ThreadRecord r) {
            List<Frame> site = r.createdAt(registry.sites());
            boolean interruptPending = t.isInterrupted(); // read before the stack: see interruptPending()
            Thread.State before = t.getState();
            Object budgetKey = stackBudgetKey(t, site, r, before);
            StackTraceElement[] stack = stacksTaken.getOrDefault(budgetKey, 0) < STACKS_PER_SITE ? CurrentStacks.of(t) : null;
            Thread.State state = t.getState(); // one state for the header, the reason and the stack
            // a thread that waited a moment as it was listed, and ran on (a broker's socket reader, a
            // send waiting milliseconds on its journal's write), is no suspect: its stack is no wait,
            // and its age stood in for a wait nobody saw begin (ActiveMQ's trial)
            if (waitersOnly && (!isWaiting(before) || !isWaiting(state))) {
                return;
            }
            WaitFacts.Parked parked = parkedNow == null ? null : parkedNow.parked(t, stack);
            if (waitersOnly && parked == null && !isWaiting(t.getState()) || !keep.test(t, r, parked)) {
                return;
            }
            if (stack != null) {
                stacksTaken.merge(budgetKey, 1, Integer::sum);
            }
            boolean forever = provenForever(parked);
            HeapFinding heap = forever ? null : proven.finding(t.getId());
            BlockedOn blockedOn = parked == null ? Sleeping.of(t, r, stack) : parked.blockedOn();
            if (interruptPending) {
                blockedOn = interruptPending(blockedOn);
            }
            HeapRemark remark = forever || heap != null ? null : proven.remark(t.getId());
            if (heap != null) {
                blockedOn = ProvenLeaks.blockedOn(blockedOn, heap, id -> proven.name(id).toString());
            } else if (remark != null) {
                blockedOn = ProvenLeaks.blockedOn(blockedOn, remark, id -> proven.name(id).toString());
            }
            JvmDeadlocks.Cycle cycle = forever || heap != null ? null : deadlocks.of(t, r);
            Verdict v = forever ? Verdict.BLOCKED_FOREVER : heap != null ? heap.verdict()
                    : cycle != null ? Verdict.DEADLOCKED : verdict;
            // a live report's SUSPECT stays cautious: an interrupt may be a wake-up there, not a cancellation
            String goneOnPast = v == Verdict.LEAKED
                    ? wentOnPastAnInterrupt(t, r, interruptPending, blockedOn, now) : null;
            if (goneOnPast != null) {
                v = Verdict.IGNORES_CANCELLATION;
            }
            if (alike != null && stack == null && parked != null && heap == null && remark == null && cycle == null
                    && r.preExisting() && site.isEmpty() && alike.joined(t, r.virtual(), parked, v)) {
                return;
            }
            leaks.add(Leak.builder(r.virtual() ? LeakKind.VIRTUAL_THREAD : LeakKind.THREAD, v)
                    .thread(info(t, r, cpu, state))
                    .createdAt(site)
                    .createdAtCut(CreationSites.isCut(site))
                    .createdFrom(CreationSites.entries(site))
                    .createdBy(r.createdBy())
                    .ageMillis(r.preExisting() ? 0 : now - r.startedAtMillis())
                    .preExisting(r.preExisting())
                    .blockedOn(blockedOn)
                    .stack(stack == null ? List.of() : Frame.of(stack, stackDepth))
                    .stackCut(stack != null && stack.length > stackDepth)
                    .reason(goneOnPast != null ? goneOnPast : heap != null ? ProvenLeaks.reason(heap)
                            : cycle != null ? cycle.reason()
                            : forever ? ProvenLeaks.FOREVER_REASON : Origin.reason(r, reason.of(t, r, state)))
                    .cycle(heap != null ? proven.cycle(heap) : cycle != null ? cycle.members() : null)
                    .build());
        }
    }

    /**
     * Why a thread the code itself interrupted ({@link Interrupt#codeCaller()}) at least
     * {@value #INTERRUPT_HEEDED_WITHIN_MILLIS} ms ago still runs: the fact, and whether the flag
     * is still set (a thread that has not looked, or sets it again: Commons IO's reaper, spinning
     * on it) or cleared (it saw the interrupt: only a thread can clear its own), and what keeps it
     * from ending by it where that is known ({@link #interruptUnseen}, asked only of a thread the
     * code interrupted). Null otherwise.
     */
    private static String wentOnPastAnInterrupt(Thread t, ThreadRecord r, boolean interruptPending, BlockedOn on,
                                                long now) {
        Interrupt told = r.lastInterrupt();
        Frame caller = told == null || now - told.atMillis() < INTERRUPT_HEEDED_WITHIN_MILLIS ? null : told.codeCaller();
        if (caller == null) {
            return null;
        }
        String unseen = interruptUnseen(t, on);
        String still = "interrupted " + Durations.format(now - told.atMillis()) + " ago by " + told.by() + " at "
                + caller + ", and still alive";
        if (interruptPending) {
            return still + " with the interrupt pending" + (unseen == null ? "" : ": " + unseen);
        }
        // an uninterruptible wait clears the flag as it waits on, and sets it again as it returns
        return still + ": " + (unseen != null ? unseen : "it saw the interrupt and went on");
    }

    /**
     * What keeps {@code t} from ending by an interrupt, where the JVM says so: it waits to enter a
     * monitor, or is in a wait no interrupt ends ({@code awaitUninterruptibly}, a
     * {@code CompletableFuture.join}); else null. A thread that cannot see an interrupt does not
     * ignore it: commons-exec's stream pumper, interrupted as its stop, read as if it did, where it
     * waited for {@code System.in}'s monitor, held by Surefire's reader of the fork's input.
     */
    static String interruptUnseen(Thread t, BlockedOn on) {
        if (t.getState() == Thread.State.BLOCKED) {
            return "it waits to enter a monitor, which an interrupt does not end";
        }
        return on != null && Boolean.FALSE.equals(on.interruptible()) ? "it is in a wait an interrupt does not end" : null;
    }

    private static boolean provenForever(WaitFacts.Parked parked) {
        return parked != null && parked.proof() != null;
    }

    /**
     * Whether the agent saw {@code parked}'s wait begin. A timed wait it did not see begin (a sleep or
     * a timed {@code Object.wait} on JDK 17, whose are native; one begun before a late attach) ends
     * by itself and has no known length, so a live report leaves it out, as it leaves out a
     * recorded one shorter than min-age (Derby's trial: its store daemon, waking every 10 s, was a
     * suspect on JDK 17 by its thread's age, and on JDK 25, which times the wait, no suspect).
     */
    private static boolean seenToBegin(WaitFacts.Parked parked) {
        return parked != null && parked.blockedOn().sinceMillis() != null;
    }

    /** True; for a suspect whose wait nobody saw begin, after the first of {@link SecondLook}'s looks. */
    private static boolean seenToBeginOrLookedAt(WaitFacts.Parked parked, SecondLook secondLook) {
        if (!seenToBegin(parked)) {
            secondLook.suspectSeen();
        }
        return true;
    }

    /** A wait shorter than min-age is left out; when we did not see it start, the thread's age stands in. */
    private static boolean waitedLongEnough(ThreadRecord r, WaitFacts.Parked parked, long now, long minAgeMillis) {
        if (seenToBegin(parked)) {
            return parked.blockedOn().sinceMillis() >= minAgeMillis;
        }
        return r.preExisting() || now - r.startedAtMillis() >= minAgeMillis;
    }

    /**
     * Current stacks cost a handshake each: take a few per creation site (or per creator when the
     * site was not sampled) and kind of wait. Threads that predate the agent have neither: a few
     * per object they are parked on (100,000 virtual threads on one latch need three stacks, not
     * 100,000). The kind of wait, as a state and the class of what it parks on: a server's request
     * threads share one site, and three stuck in one wait took the stacks of those stuck in others
     * and of the idle ones (Tomcat's trial: a block of five read as one wait, two of them elsewhere).
     */
    private static Object stackBudgetKey(Thread t, List<Frame> site, ThreadRecord r, Thread.State state) {
        if (!site.isEmpty()) {
            Object blocker = LockSupport.getBlocker(t);
            return List.of(site, state, blocker == null ? "" : blocker.getClass().getName());
        }
        if (r.preExisting()) {
            Object blocker = LockSupport.getBlocker(t); // threads parked on one object share their stacks
            return blocker != null ? blocker : r;
        }
        return Long.valueOf(r.createdBy().id());
    }

    /** Live threads that are ours to judge: not the JVM's, not a pool's, not excluded, not the reporting thread. */
    private List<Map.Entry<Thread, ThreadRecord>> candidates(List<Map.Entry<Thread, ThreadRecord>> live,
                                                             BiPredicate<Thread, ThreadRecord> include,
                                                             boolean workersToo) {
        Thread self = Thread.currentThread();
        Set<Thread> workers = workersToo ? Set.of() : executors.workers();
        List<Map.Entry<Thread, ThreadRecord>> result = new ArrayList<>();
        for (Map.Entry<Thread, ThreadRecord> e : live) {
            if (isCandidate(e.getKey(), e.getValue(), self, workers, include)) {
                result.add(e);
            }
        }
        return result;
    }

    /** A method of its own, as {@link Judging#judge} is: compiled after a few hundred threads. */
    private boolean isCandidate(Thread t, ThreadRecord r, Thread self, Set<Thread> workers,
                                BiPredicate<Thread, ThreadRecord> include) {
        return t != self && !workers.contains(t) && !KnownThreads.isKnown(t) && !excluded(t) && include.test(t, r);
    }

    /**
     * {@code leaks} less the threads that run a task among them: a live report judges a pool's
     * workers as threads (a task parked for good in {@code SynchronousQueue.put} is told nowhere
     * else: a running pool is no leak, and tasks are recorded only while a scope is open), and a
     * task that ignores its cancellation is the fact that tells its worker's wait.
     */
    private static List<Leak> withoutRunnersOfTasks(List<Leak> leaks) {
        Set<Long> runners = new HashSet<>();
        for (Leak l : leaks) {
            if (l.kind() == LeakKind.TASK && l.task() != null && l.task().runningIn() != null) {
                runners.add(l.task().runningIn().id());
            }
        }
        if (runners.isEmpty()) {
            return leaks;
        }
        List<Leak> kept = new ArrayList<>(leaks.size());
        for (Leak l : leaks) {
            if (l.thread() == null || l.kind() == LeakKind.TASK || !runners.contains(l.thread().id())) {
                kept.add(l);
            }
        }
        return kept;
    }

    /** Executor leaks whose creation site has at least two live instances. */
    private static List<Leak> executorsSharingASite(List<Leak> leaks) {
        Map<List<Frame>, Integer> perSite = new HashMap<>();
        for (Leak l : leaks) {
            perSite.merge(l.createdAt(), 1, Integer::sum);
        }
        return leaks.stream().filter(l -> !l.createdAt().isEmpty() && perSite.get(l.createdAt()) >= 2).toList();
    }

    private boolean hasNonDaemonWorker(Leak pool) {
        Set<Long> ids = new HashSet<>();
        pool.executor().workers().forEach(w -> ids.add(w.id()));
        for (Thread t : executors.workers()) {
            if (ids.contains(t.getId()) && !t.isDaemon()) {
                return true;
            }
        }
        return false;
    }

    private boolean excluded(Thread t) {
        for (Pattern p : exclude) {
            if (p.matcher(t.getName()).matches()) {
                return true;
            }
        }
        return false;
    }

    private Death death(ThreadRegistry.UncaughtDeath d) {
        ThreadRecord r = d.record();
        ThreadInfo thread = new ThreadInfo(r.id(), d.name(), r.virtual(), r.daemon(), Thread.State.TERMINATED.name());
        List<Frame> site = r.createdAt(registry.sites());
        return new Death(thread, site, r.createdBy(), Instant.ofEpochMilli(d.endedAtMillis()).toString(),
                d.exception().getClass().getName(), d.exception().getMessage(),
                Frame.of(d.exception().getStackTrace(), stackDepth), d.handledBy(), CreationSites.isCut(site),
                ExceptionSource.madeOnAnotherThread(d.exception()));
    }

    private static ThreadInfo info(Thread t, ThreadRecord r, boolean cpu, Thread.State state) {
        return new ThreadInfo(t.getId(), t.getName(), r.virtual(), t.isDaemon(), state.name(),
                cpu && !r.virtual() ? CpuTimes.of(t.getId()) : null);
    }


    /** A timed wait on nothing we model (Thread.sleep, a timed Object.wait) ends by itself: not suspect. */
    private static boolean sleeping(Thread t) {
        return t.getState() == Thread.State.TIMED_WAITING;
    }

    private static boolean isWaiting(Thread t) {
        return isWaiting(t.getState());
    }

    static boolean isWaiting(Thread.State s) {
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED;
    }

    /** Where the JVM starts the application's shutdown hooks, then joins them. */
    private static final String HOOKS_CLASS = "java.lang.ApplicationShutdownHooks";
    private static final String HOOKS_METHOD = "runHooks";

    /**
     * A shutdown hook's thread, started as the JVM exits: the exit itself (the JVM runs its hooks
     * and waits for them), not a leak, whatever it is doing when the report is taken.
     */
    private static boolean shutdownHook(Leak leak) {
        return startedByRunHooks(leak.createdAt());
    }

    private static boolean startedByRunHooks(List<Frame> createdAt) {
        for (Frame f : createdAt) {
            if (HOOKS_CLASS.equals(f.className()) && HOOKS_METHOD.equals(f.method())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits up to {@code budgetMillis} for the pools the code shut down to finish the tasks they
     * still run, before the on-exit report is taken: a pool told to stop as the JVM exits is ending,
     * and was named "lost work" or not by how far it had got (MINA's trial: a datagram acceptor
     * disposed in a test's tearDown, its loop in a 1 s back-off, 0.5 s before the exit). One still
     * running after it is reported. Delays the exit only where such a pool is left.
     */
    public void awaitShutDownPools(long budgetMillis) {
        executors.awaitShutDownPools(budgetMillis);
    }

    /**
     * Waits up to {@code budgetMillis} for the application's other shutdown hooks to end, before
     * the on-exit report is taken: a hook that stops a worker (a logging framework's) ends it as
     * the JVM exits, and a report taken meanwhile would name it or not by timing. The JVM waits for
     * every hook anyway: this delays its exit only past a hook that outlasts the budget.
     */
    public void awaitShutdownHooks(long budgetMillis) {
        long end = System.nanoTime() + budgetMillis * 1_000_000;
        Thread self = Thread.currentThread();
        awaitHooksStarted(self, end);
        try {
            for (Map.Entry<Thread, ThreadRecord> e : registry.liveThreads()) {
                Thread t = e.getKey();
                long left = (end - System.nanoTime()) / 1_000_000;
                if (t != self && left > 0 && startedByRunHooks(e.getValue().createdAt(registry.sites()))) {
                    t.join(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // report what is there now
        }
    }

    /**
     * Ours is one of the application's hooks, and the JVM starts them one by one: ours can look
     * before the next is started, and so miss it (seen on JDK 25, one exit in seven). The thread
     * running the hooks has started them all once it joins the first; until then, look again.
     * The runner is a platform thread unless a virtual thread called {@code System.exit}, whose
     * hooks are then waited for as they are found.
     */
    private static void awaitHooksStarted(Thread self, long end) {
        try {
            Thread runner = hooksRunner(self);
            while (runner != null && startingHooks(runner.getStackTrace()) && System.nanoTime() < end) {
                LockSupport.parkNanos(200_000);
            }
        } catch (SecurityException e) {
            // a SecurityManager installed later denies stacks: wait for the hooks started so far
        }
    }

    private static Thread hooksRunner(Thread self) {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey() != self && startingHooks(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    /** In {@code ApplicationShutdownHooks.runHooks} and not yet joining a hook: still starting them. */
    static boolean startingHooks(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            StackTraceElement e = stack[i];
            if (HOOKS_CLASS.equals(e.getClassName()) && HOOKS_METHOD.equals(e.getMethodName())) {
                for (int j = 0; j < i; j++) {
                    if ("java.lang.Thread".equals(stack[j].getClassName()) && "join".equals(stack[j].getMethodName())) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** The thread that called {@code System.exit} waits in {@code Shutdown} for us: it is not a leak. */
    private static boolean isRunningShutdown(Thread t) {
        StackTraceElement[] stack = CurrentStacks.of(t);
        for (StackTraceElement e : stack == null ? new StackTraceElement[0] : stack) {
            if (e.getClassName().equals("java.lang.Shutdown")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A timed wait with an interrupt pending ends now, not when its timeout says: a test's cleanup
     * may interrupt its sleeping thread as its last act. It loses its timeout, so that a grace
     * period does not take it for a wait that outlasts it, and says why. The flag is read before
     * the stack: a flag read after could already have been cleared by a wake the stack predates.
     */
    static BlockedOn interruptPending(BlockedOn on) {
        if (on == null || on.timeoutMillis() == null || Boolean.FALSE.equals(on.interruptible())) {
            return on;
        }
        return new BlockedOn(on.operation(), on.object(), on.sinceMillis(), on.why(), null, on.queueSize(),
                on.queueCapacity(), on.detail() == null ? "interrupt pending" : on.detail() + ", interrupt pending",
                on.owner(), on.interruptible());
    }
}
