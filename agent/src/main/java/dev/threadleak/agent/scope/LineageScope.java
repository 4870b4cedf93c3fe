package dev.threadleak.agent.scope;

import dev.threadleak.agent.PerClassInstance;
import dev.threadleak.agent.executors.TaskRecording;
import dev.threadleak.agent.proof.ProvenWaits;
import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.agent.telemetry.ReportEvents;
import dev.threadleak.agent.telemetry.ReportTrigger;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.api.Finding;
import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.GracePeriod;
import dev.threadleak.api.Scope;
import dev.threadleak.api.ScopeCheck;
import dev.threadleak.api.Window;
import dev.threadleak.heapproof.Makers;
import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ProofNotes;
import dev.threadleak.report.ScopeInfo;
import dev.threadleak.report.StillAlive;
import dev.threadleak.report.TaskInfo;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A scope of the agent: its windows, and what they own by the rules of {@link Membership}. Each
 * look at it reads the registry afresh; it holds ids only, never a thread.
 */
final class LineageScope implements Scope {

    /** How long a check waits before it asks the heap which static fields hold what is left (a grace period 4x this or longer). */
    private static final Duration BEFORE_THE_HOLDERS = Duration.ofMillis(200);

    /** How {@link Finding#key()} begins for a thread; an executor's and a task's are a word, then their identity. */
    private static final String THREAD_KEY = "thread ";

    /**
     * How many subjects a check asks the fields about: each costs a walk per field, and a check
     * that found hundreds (Nacos's leaked clients) leaves the rest to the one dump.
     */
    private static final int MAX_ASKED = 64;

    private final ThreadRegistry registry;
    private final JvmReports reports;
    private final TaskRecording tasks;
    private final ScopeInfo info;
    private final String ending;
    private final Predicate<Thread> runnerThreads;
    private final SingletonFields singletons;
    /**
     * What {@link #singletons} answered for each subject's key, asked once in a check (its looks
     * poll): a field's answer is of its moment, and a scope is checked again at its class's end,
     * when the field may hold another one (a service a later test restarted) and the first is lost.
     */
    private final Map<String, String> heldByReflection = new ConcurrentHashMap<>();
    /**
     * The threads and pools a check's looks found a static field holding (reflection, before any
     * dump, or one of the check's proofs), by key: the filter leaves them out of the looks after, where a thread or task started
     * with or by one of them is still to be told its ({@link StartedTogether}).
     */
    private final Map<String, Finding> heldSingletons = new ConcurrentHashMap<>();
    /** Whether the check under way may leave out what a proof would ({@code prove}): only then are the fields asked. */
    private volatile boolean askingFields;
    private final List<ScopeWindow> windows = new CopyOnWriteArrayList<>();
    /**
     * The check's early proof ({@link #holdersFirst}): what it asked about and what it found; null
     * when none ran. A check whose leaks it asked about all, with no wait to prove, or none that
     * changed since ({@link EarlyProof#stillTells}), needs no second.
     */
    private volatile EarlyProof earlyProof;
    /** The check's first collection of the heap, if it made one as its grace period began; null when none. */
    private volatile EarlyCollection earlyCollection;

    /**
     * {@code waits}: the untimed waits of what it asked about, by key, as they were when it ran;
     * {@code live}: the ids of the scope's threads live before its dump.
     */
    private record EarlyProof(List<String> subjects, ProvenWaits proof, Map<String, BlockedOn> waits, Set<Long> live) {

        /**
         * Whether a second proof would find what this one did of {@code leaks}' waits: each waits as
         * it did then, and none of the scope's threads has ended since. A wait that could be served
         * then still can, one proven forever stays so (a failing test whose handler the test instance
         * kept paid a second dump and a grace period after its collection, 4.8 s where 2.1 s tell the
         * same: jboss-logmanager's trial). What serves a test's wait is mostly its own thread, whose
         * end may leave it forever; another's ending (an earlier test's straggler) would cost every
         * failing test its second dump. A verdict this misses stays a leak, told less surely.
         */
        boolean stillTells(List<Finding> leaks, Set<Long> liveNow) {
            if (!liveNow.containsAll(live)) {
                return false;
            }
            for (Finding f : leaks) {
                BlockedOn then = waits.get(f.key());
                if (provable(f) && (then == null || !sameWait(then, f.leak().blockedOn()))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A test instance made once for its class, whose fields count as holders ({@link #holderAlso}); or null. */
    private volatile Object perClassInstance;

    /** Where this scope's proofs come from while it shares them with other scopes' checks; null: its own. */
    private volatile SharedProofs sharing;

    /** How long the last check's heap proof took, for the JFR event of the report that follows it. */
    private volatile long proofNanos;
    /**
     * When the first check of this scope began: as the scope ended. A timed wait begun before then
     * is awaited until 5 s after then, once, not again at each later check (a class's end checks
     * again what each of its tests left to it).
     */
    private Long firstCheckNanos;

    LineageScope(ThreadRegistry registry, JvmReports reports, TaskRecording tasks, ScopeInfo info, String ending,
                 Predicate<Thread> runnerThreads, SingletonFields singletons) {
        this.registry = registry;
        this.reports = reports;
        this.tasks = tasks;
        this.info = info;
        this.ending = ending;
        this.runnerThreads = runnerThreads;
        this.singletons = singletons;
    }

    @Override
    public Window openWindow() {
        ScopeWindow window = ScopeWindow.open(registry, tasks);
        windows.add(window);
        return window;
    }

    @Override
    public List<Finding> findings() {
        if (nothingMadeSinceOpen()) {
            return List.of();
        }
        return withoutTasksQueuedBehindOthers(findings("still alive after " + ending, ProvenWaits.none()));
    }

    /**
     * The heap proof runs only when a leak left after the grace period could be settled by it,
     * and then proves what is parked in the whole JVM; the scope's findings are then taken again
     * with its verdicts. A leak that ended meanwhile keeps what the check found: it was still
     * there when the grace period ran out.
     */
    @Override
    public ScopeCheck check(Duration grace, FindingFilter filter, boolean prove) {
        if (nothingMadeSinceOpen()) {
            proofNanos = 0;
            return new ScopeCheck(List.of(), List.of(), List.of(), List.of()); // a clean test's common case
        }
        long ended = System.nanoTime();
        long scopeEnded = scopeEnded(ended);
        CleanerThreads.collectFor(liveThreads(), registry.sites(), prove);
        askingFields = prove;
        heldByReflection.clear();
        heldSingletons.clear();
        // from the scope's end: a check at the class's end, of what a test left, is long after it (Dubbo's
        // trial read "still alive 2.3 s after the test ended" 4.4 s after it)
        Function<ProvenWaits, List<Finding>> lookWith = proof -> findings(stillAlive(scopeEnded, grace), proof);
        Supplier<List<Finding>> look = () -> lookWith.apply(ProvenWaits.none());
        proofNanos = 0;
        earlyProof = null;
        earlyCollection = null;
        // the early look at the heap saves waiting only where a dump takes less than the grace period;
        // where it does not, the check still collects the heap then, as the dump would
        ScopeCheck waited = prove && grace.compareTo(BEFORE_THE_HOLDERS.multipliedBy(4)) >= 0
                ? holdersFirst(grace, scopeEnded, lookWith, filter, !HeapProofRun.slowerThan(grace))
                : GracePeriod.awaitingWakes(grace, scopeEnded, look, filter);
        String reason = stillAlive(scopeEnded, grace);
        List<Finding> leaks = withoutTasksQueuedBehindOthers(waited.leaks());
        List<ScopeCheck.Excluded> excluded = waited.excluded();
        boolean anyLeft = !leaks.isEmpty();
        List<String> notes = List.of();
        if (prove && leaks.stream().anyMatch(LineageScope::holdable)) { // what is provable is holdable too
            excluded = new ArrayList<>(excluded);
            Proven last = lastProof(leaks, grace, reason, filter, excluded);
            leaks = last.leaks();
            notes = last.notes();
        }
        Membership members = members(registry.liveThreads());
        return new ScopeCheck(leaks, excluded, reports.deaths(members::death),
                anyLeft ? withDroppedNote(notes, members) : notes); // read only with a report that shows it
    }

    /**
     * {@code found}, less its tasks that still wait behind work not the scope's now that the check
     * has waited: their verdict would hang on what ran before them (a note tells them,
     * {@link JvmReports#queuedBehindOthersNote}). Not at a look: a worker seen busy may be ending a
     * short task no scope saw, and take the scope's next (a test that submitted to a one-worker
     * pool as its last task ended was passed at its check's first look, once in a few runs).
     */
    private List<Finding> withoutTasksQueuedBehindOthers(List<Finding> found) {
        if (found.stream().noneMatch(LineageScope::queuedTask)) {
            return found;
        }
        Set<String> behind = reports.tasksQueuedBehindOthers(members(registry.liveThreads())::work);
        List<Finding> left = new ArrayList<>(found.size());
        for (Finding f : found) {
            if (!queuedTask(f) || !behind.contains(f.leak().task().identity())) {
                left.add(f);
            }
        }
        return left;
    }

    private static boolean queuedTask(Finding f) {
        TaskInfo task = f.leak().task();
        return f.leak().kind() == LeakKind.TASK && task != null && "queued".equals(task.state());
    }

    /** What is left after the check's last proof, and that proof's notes. */
    private record Proven(List<Finding> leaks, List<String> notes) {
    }

    /**
     * {@code leaks} as a proof at the end of the grace period leaves them, what it lets the filter
     * exclude moved to {@code excluded}: a new dump's, or the early one's where it asked about each
     * of them and no wait is left to prove (a second dump would ask the same). What only a dump's
     * collection ends is waited for a grace period from the check's first collection
     * ({@link EarlyCollection}), or from this dump's where it made none.
     */
    private Proven lastProof(List<Finding> leaks, Duration grace, String reason, FindingFilter filter,
                             List<ScopeCheck.Excluded> excluded) {
        List<String> subjects = holderKeys(leaks);
        EarlyProof asked = earlyProof;
        boolean toProve = leaks.stream().anyMatch(LineageScope::provable);
        if (asked != null && asked.subjects().containsAll(subjects)
                && (!toProve || asked.stillTells(leaks, ownLiveIds()))) {
            List<Finding> told = toProve ? again(leaks, reason, asked.proof()) : leaks; // with its verdicts
            List<Finding> left = filterAgain(heldBy(told, asked.subjects(), asked.proof()), filter, excluded);
            // a grace period from that dump's collection, the check's first, whatever ended since
            Duration afterIt = EarlyCollection.rest(earlyCollection, CollectedOwners.waitAfterACollection(left, grace),
                    Set.of(), false);
            return new Proven(afterIt.isZero() ? left : outlivingTheCollection(left, afterIt, reason, asked.proof()),
                    asked.proof().notes());
        }
        ProvenWaits proof = prove(leaks, subjects, toProve);
        List<Finding> left = filterAgain(heldBy(again(leaks, reason, proof), subjects, proof), filter, excluded);
        Duration afterIt = EarlyCollection.rest(earlyCollection, CollectedOwners.waitAfterACollection(left, grace),
                ownLiveIds(), toProve);
        return new Proven(outlivingTheCollection(left, afterIt, reason, proof), proof.notes());
    }

    private synchronized long scopeEnded(long now) {
        if (firstCheckNanos == null) {
            firstCheckNanos = now;
        }
        return firstCheckNanos;
    }

    /**
     * The grace period, asking the heap early: after a short wait, what is still there that a
     * static field could hold is asked about at once, and what one holds or keeps goes to the
     * filter, which judges it by that field (a test class's own pool, started by its first test; a
     * library's JVM-wide one) rather than by waiting. Such a thing made a check wait out its whole
     * grace period before asking, the same question: fifteen of Netty's transport tests spent 2 s
     * each so. What no field holds is waited for as before, for the rest of the period; a leak is
     * asked about again after it, with its waits, unless this dump asked about it and it waits on
     * nothing to prove (Feign's trial: each failing test of an unclosed client's selector threads
     * paid a second dump and a second grace period after its collection, 4.3 s where 2.1 s did):
     * then what is left waits out a grace period from this dump's collection, not another's. A
     * thread parked with no timeout is asked about
     * in the same dump: proven blocked forever, it is not waited for either (a forgotten sender's
     * test failed after its whole grace period, 2.2 s, for a verdict the dump had at 0.2 s); its
     * verdict is still the final proof's. Without {@code dumpEarly} (this JVM's dumps take longer
     * than the grace period) the heap is only collected there, and the last proof asks.
     */
    private ScopeCheck holdersFirst(Duration grace, long ended, Function<ProvenWaits, List<Finding>> lookWith,
                                    FindingFilter filter, boolean dumpEarly) {
        long start = System.nanoTime();
        Supplier<List<Finding>> look = () -> lookWith.apply(ProvenWaits.none());
        ScopeCheck first = deferringWakes(GracePeriod.await(BEFORE_THE_HOLDERS, look, filter), filter, grace, ended,
                start);
        if (Thread.currentThread().isInterrupted() || nothingToWaitFor(first.leaks(), grace, start, ended)) {
            // as one wait would: an interrupt ends it, and so does what waiting cannot end; and says it alike
            return GracePeriod.toldOfUnseenEnds(first, ended);
        }
        if (first.leaks().stream().allMatch(f -> GracePeriod.inAWaitOfUnknownEnd(f) || computing(f))) {
            // nothing but waits whose end this JDK hides: each is watched, and left to a later check if
            // it did not run, with no dump first (Javalin's tests on JDK 17 each paid one for the watcher
            // thread every app starts, which sleeps 5 s and ends); one that ran is proven at the end.
            // Nor threads still at work in Java code: most end within the grace period (a test that does
            // not join what it started), and a passing test paid a dump of the whole heap for them
            // (Vavr's trial: 1.5-7.4 s a run, heaps of 150-400 MB); what is left at the end is proven then
            return GracePeriod.awaitingWakes(rest(grace, start), ended, look, filter);
        }
        List<String> subjects = holderKeys(first.leaks());
        if (!dumpEarly) { // this JVM's dumps are slow: the last proof alone asks, and what only a collection ends is waited for from now
            if (!subjects.isEmpty()) {
                earlyCollection = EarlyCollection.collect(ownLiveIds());
            }
            return GracePeriod.awaitingWakes(rest(grace, start), ended, look, filter);
        }
        Map<String, ScopeCheck.Excluded> held = new HashMap<>();
        ProvenWaits early = ProvenWaits.none();
        boolean waits = first.leaks().stream().anyMatch(LineageScope::provable);
        if (!subjects.isEmpty()) {
            Set<Long> live = ownLiveIds(); // before the dump: a thread that ends as it is taken counts as ended
            early = prove(first.leaks(), subjects, waits);
            earlyProof = new EarlyProof(subjects, early, untimedWaits(first.leaks()), live);
            earlyCollection = new EarlyCollection(System.nanoTime(), live);
            List<ScopeCheck.Excluded> excluded = new ArrayList<>();
            filterAgain(heldBy(first.leaks(), subjects, early), filter, excluded);
            for (ScopeCheck.Excluded e : excluded) {
                held.put(e.finding().key(), new ScopeCheck.Excluded(e.finding().detached(), e.reason()));
            }
        }
        ProvenWaits proven = waits ? early : ProvenWaits.none();
        FindingFilter heldOrFiltered = new FindingFilter() {
            @Override
            public String excludes(Finding f) {
                ScopeCheck.Excluded e = held.get(f.key());
                return e != null ? e.reason() : filter.excludes(f);
            }

            @Override
            public String defersWake(Finding f) {
                return filter.defersWake(f);
            }

            @Override
            public String defersBehind(Finding f) {
                return filter.defersBehind(f);
            }
        };
        // With the early proof's verdicts, the rest of the period ends as soon as nothing left could end
        ScopeCheck waited = GracePeriod.awaitingWakes(rest(grace, start), ended, () -> lookWith.apply(proven),
                heldOrFiltered);
        List<ScopeCheck.Excluded> excluded = new ArrayList<>(waited.excluded().size());
        for (ScopeCheck.Excluded e : waited.excluded()) {
            excluded.add(held.getOrDefault(e.finding().key(), e)); // with the field that holds it, for the reader
        }
        // an untimed wait as the look without the proof finds it: the final proof is the one a report
        // states, and asks again only about what has no verdict yet; the rest as the wait told them (a
        // thread seen to wake and wait again says so), and so is one proven blocked forever that still
        // waits as it did when proven: nothing can reach that again, so a second dump would say the same
        Map<String, BlockedOn> asProven = earlyProof == null ? Map.of() : earlyProof.waits();
        List<Finding> leaks = proven == ProvenWaits.none() ? waited.leaks()
                : current(waited.leaks(), look.get(),
                        (f, now) -> untimedWait(f) && !stillProvenForever(f, now, asProven) ? now : f);
        return new ScopeCheck(leaks, excluded, List.of(), List.of());
    }

    /** The ids of the scope's live threads. */
    Set<Long> ownLiveIds() {
        List<Map.Entry<Thread, ThreadRecord>> live = registry.liveThreads();
        Membership members = members(live);
        Set<Long> ids = new HashSet<>();
        for (Map.Entry<Thread, ThreadRecord> e : live) {
            if (members.thread(e.getValue())) {
                ids.add(e.getValue().id());
            }
        }
        return ids;
    }

    /**
     * The threads a proof's note counts as the scope's: its live threads, and those its leaks name
     * (a task of its own, blocked forever in a shared pool's worker, is its own to tell of).
     */
    private Set<Long> ownIds(List<Finding> leaks) {
        Set<Long> ids = ownLiveIds();
        ids.addAll(threadIds(leaks));
        return ids;
    }

    /** The threads {@code leaks} name: their own, the workers that run their tasks, their pools' workers. */
    static Set<Long> threadIds(List<Finding> leaks) {
        Set<Long> ids = new HashSet<>();
        for (Finding f : leaks) {
            Leak leak = f.leak();
            if (leak.thread() != null) {
                ids.add(leak.thread().id());
            }
            if (leak.task() != null && leak.task().runningIn() != null) {
                ids.add(leak.task().runningIn().id());
            }
            for (Thread worker : f.workers()) {
                ids.add(worker.getId());
            }
        }
        return ids;
    }

    /**
     * Whether {@code f} is a thread at work in Java code: running, its innermost frame not a native
     * method (a selector's {@code epollWait} or a socket's read is a wait, however the JVM calls it).
     */
    private static boolean computing(Finding f) {
        Leak leak = f.leak();
        if (leak.thread() == null || leak.executor() != null || leak.task() != null
                || !"RUNNABLE".equals(leak.thread().state())) {
            return false;
        }
        List<Frame> stack = f.currentStack();
        return !stack.isEmpty() && !stack.get(0).isNative();
    }

    /** The untimed waits of {@code leaks} by key: what an early proof was asked about. */
    private static Map<String, BlockedOn> untimedWaits(List<Finding> leaks) {
        Map<String, BlockedOn> waits = new HashMap<>();
        for (Finding f : leaks) {
            if (untimedWait(f)) {
                waits.put(f.key(), f.leak().blockedOn());
            }
        }
        return waits;
    }

    /**
     * Whether {@code f}, proven blocked forever by the early proof, still waits on what it waited on
     * when proven ({@code asProven}), as {@code now} finds it. What nothing that runs can reach, nothing
     * will reach later, so the verdict stands without a second dump (the forgotten sender's failing
     * test paid one, 0.3-1 s, to be told the same). Not a deadlock: an interrupt through a list of all
     * threads, which the proof does not count as a holder, can break its cycle.
     */
    private static boolean stillProvenForever(Finding f, Finding now, Map<String, BlockedOn> asProven) {
        BlockedOn then = asProven.get(f.key());
        return f.leak().verdict() == Verdict.BLOCKED_FOREVER && then != null
                && sameWait(then, f.leak().blockedOn()) && sameWait(then, now.leak().blockedOn());
    }

    private static boolean sameWait(BlockedOn a, BlockedOn b) {
        return sameChannel(a, b) && b.timeoutMillis() == null;
    }

    /** Whether {@code b} waits as {@code a} did, in the same operation on the same object; false where either is null. */
    static boolean sameChannel(BlockedOn a, BlockedOn b) {
        return a != null && b != null && Objects.equals(a.operation(), b.operation())
                && Objects.equals(a.object(), b.object());
    }


    /**
     * {@code check} with the wakes its filter defers to a later check ({@link FindingFilter#defersWake}),
     * known to come past the grace period, moved to its excluded: neither a reason to wait nor a
     * subject of the early dump (Javalin's tests each paid one for the watcher thread every app
     * starts, which sleeps 5 s and ends).
     */
    private static ScopeCheck deferringWakes(ScopeCheck check, FindingFilter filter, Duration grace, long ended,
                                             long start) {
        List<Finding> leaks = new ArrayList<>(check.leaks().size());
        List<ScopeCheck.Excluded> excluded = new ArrayList<>(check.excluded());
        long restMillis = rest(grace, start).toMillis();
        for (Finding f : check.leaks()) {
            String later = GracePeriod.wakesSoonAfter(f, ended, start) && f.wakesAfter(restMillis)
                    ? filter.defersWake(f) : null;
            if (later == null) {
                leaks.add(f);
            } else {
                excluded.add(new ScopeCheck.Excluded(f, later));
            }
        }
        return leaks.size() == check.leaks().size() ? check
                : new ScopeCheck(leaks, excluded, check.deaths(), check.notes());
    }

    /**
     * Whether waiting out the rest of the grace period could end none of {@code leaks}: each is
     * settled or wakes only after it, and is no thread whose wake a check awaits. The first part's
     * own end does not say so: a thread asleep for 500 ms outlasts its 200 ms.
     */
    private static boolean nothingToWaitFor(List<Finding> leaks, Duration grace, long start, long ended) {
        long restMillis = rest(grace, start).toMillis();
        return leaks.stream().noneMatch(f -> !f.settled() && !f.wakesAfter(restMillis)
                || GracePeriod.wakesSoonAfter(f, ended, start)); // as GracePeriod asks; the looks were after start
    }

    /** The keys a heap dump is asked about for {@code leaks}: each one a static field could hold, once. */
    static List<String> holderKeys(List<Finding> leaks) {
        Set<String> keys = keys(leaks);
        return leaks.stream().filter(LineageScope::holdable).flatMap(f -> holderKeys(f, keys).stream()).distinct()
                .toList();
    }

    /**
     * The heap proof of {@code subjects}' holders (those of the code that made {@code leaks} named
     * first) and, with {@code waits}, of the waits; its time is the report's.
     */
    private ProvenWaits prove(List<Finding> leaks, List<String> subjects, boolean waits) {
        long start = System.nanoTime();
        SharedProofs shared = sharing;
        ProvenWaits proof = shared != null ? shared.prove(this, leaks, subjects, waits)
                : dump(leaks, subjects, waits, ownIds(leaks));
        proofNanos += System.nanoTime() - start;
        for (int i = 0; i < subjects.size(); i++) {
            String field = proof.heldBy(i);
            if (field != null && !PerClassInstance.FIELD.equals(field)) { // the instance is no field to read later
                singletons.remember(field);
            }
        }
        return proof;
    }

    /**
     * A heap proof of {@code subjects}' holders (those of the code that made {@code leaks} named
     * first) and, with {@code waits}, of the waits; its note counts the threads {@code own} as the
     * scope's. Waits for the dump.
     */
    ProvenWaits dump(List<Finding> leaks, List<String> subjects, boolean waits, Set<Long> own) {
        return HeapProofRun.prove(registry, () -> subjects(subjects), makers(leaks), perClassInstance, waits,
                own::contains, ProofNotes.notOurs(info.kind()));
    }

    /**
     * What the scope holds now that {@code filter} does not exclude, as a look finds it, remembering
     * nothing: what another check's shared proof asks about for it ({@link SharedProofs}).
     */
    List<Finding> candidates(FindingFilter filter) {
        if (nothingMadeSinceOpen()) {
            return List.of();
        }
        List<Finding> found = new ArrayList<>();
        for (Finding f : look(ending, ProvenWaits.none())) {
            if (filter.excludes(f) == null) {
                found.add(f);
            }
        }
        return found;
    }

    /** Has this scope's proofs come from {@code proofs} (null: its own again). */
    void share(SharedProofs proofs) {
        sharing = proofs;
    }

    /** The proofs this scope's checks share now, or null. */
    SharedProofs sharing() {
        return sharing;
    }

    /** The test instance counted as a holder beside the static fields, or null. */
    Object holder() {
        return perClassInstance;
    }

    @Override
    public void holderAlso(Object instance) {
        perClassInstance = instance;
    }

    /**
     * Who made {@code leaks}: the classes of the application's frames where they were made, once
     * each, those nearest to where one was made first (the library code that made a service before
     * the test that asked for it); and the classes where a test framework entered their stacks.
     */
    private static Makers makers(List<Finding> leaks) {
        Map<String, Integer> depths = new LinkedHashMap<>();
        Set<String> entered = new LinkedHashSet<>();
        for (Finding f : leaks) {
            List<Frame> createdAt = f.leak().createdAt();
            if (createdAt == null) {
                continue;
            }
            int depth = 0;
            for (Frame frame : createdAt) {
                if (frame.isApplication()) {
                    depths.merge(frame.className(), depth++, Math::min);
                }
            }
            Frame entry = Frame.lastEnteredByPlumbing(createdAt);
            if (entry != null) {
                entered.add(entry.className());
            }
        }
        List<String> classes = new ArrayList<>(depths.keySet());
        classes.sort(Comparator.comparing(depths::get)); // stable: of one depth, the first leak's first
        return new Makers(classes, List.copyOf(entered));
    }

    private static Duration rest(Duration grace, long start) {
        Duration rest = grace.minusNanos(System.nanoTime() - start);
        return rest.isNegative() ? Duration.ZERO : rest;
    }

    @Override
    public LeakReport report(ScopeCheck check, List<String> notes) {
        Set<Long> owners = new HashSet<>();
        for (ScopeWindow w : windows) {
            owners.add(w.owner);
        }
        List<Map.Entry<Thread, ThreadRecord>> live = registry.liveThreads();
        CreatorChains chains = new CreatorChains(owners, live, registry.sites(),
                reports::lineage, reports::creationOfAncestor);
        List<Leak> leaks = new ArrayList<>(check.leaks().size());
        for (Finding f : check.leaks()) {
            leaks.add(chains.withChain(f.leak()));
        }
        List<String> all = new ArrayList<>(notes);
        all.addAll(check.notes());
        all.addAll(secondStarts(leaks, live, chains));
        long start = System.nanoTime();
        LeakReport report = reports.report(info, leaks, check.deaths(), all);
        ReportEvents.reported(ReportTrigger.SCOPE, report, System.nanoTime() - start, proofNanos);
        return report;
    }

    /** Notes of the threads of {@code leaks} that the scope started again later, at the same place ({@link SecondStarts}). */
    private List<String> secondStarts(List<Leak> leaks, List<Map.Entry<Thread, ThreadRecord>> live,
                                      CreatorChains chains) {
        if (leaks.stream().noneMatch(l -> l.kind() == LeakKind.THREAD)) {
            return List.of();
        }
        return SecondStarts.notes(leaks, chains::liveRecord, registry.recentEnds(), members(live)::death,
                registry.sites());
    }

    /**
     * True when the registry recorded nothing since the first window opened: everything a scope
     * owns (threads, executors, tasks, deaths of its threads) was made after one of its windows
     * opened, by its owner or a thread the owner started then, whose start the owner's own count
     * saw. The check is then clean without a look at the live threads.
     */
    private boolean nothingMadeSinceOpen() {
        long first = Long.MAX_VALUE;
        for (ScopeWindow w : windows) {
            first = Math.min(first, w.recordsAtOpen);
        }
        return first == Long.MAX_VALUE || registry.recordsMade() == first;
    }

    /**
     * "still alive 2.0 s after the test ended": how long the check has waited, at most the grace
     * period; less when it ended early, with nothing left that waiting could end.
     */
    private String stillAlive(long startNanos, Duration grace) {
        return StillAlive.reason(startNanos, grace, ending);
    }

    private List<Finding> findings(String reason, ProvenWaits proven) {
        List<Finding> found = look(reason, proven);
        Set<String> keys = keys(found);
        List<Finding> result = new ArrayList<>(found.size());
        for (Finding f : found) {
            result.add(heldByAField(f, keys));
        }
        rememberHeld(result); // the filter leaves them out of later looks
        return result;
    }

    /** What the scope owns now, each told with {@code reason} and {@code proven}'s verdicts, with its live threads. */
    private List<Finding> look(String reason, ProvenWaits proven) {
        List<Map.Entry<Thread, ThreadRecord>> live = registry.liveThreads();
        Membership members = members(live);
        Map<Long, Thread> byId = new HashMap<>();
        for (Map.Entry<Thread, ThreadRecord> e : live) {
            byId.put(e.getValue().id(), e.getKey());
        }
        List<Finding> found = new ArrayList<>();
        for (Leak leak : reports.scope(members::thread, members::work, reason, ending, proven)) {
            found.add(finding(leak, byId));
        }
        return found;
    }

    /** The threads and pools of {@code findings} a static field holds, put in {@link #heldSingletons}. */
    private void rememberHeld(List<Finding> findings) {
        for (Finding f : findings) {
            if (f.heldBy() != null && (StartedTogether.isThread(f) || f.leak().kind() == LeakKind.EXECUTOR)) {
                heldSingletons.put(f.key(), f.detached());
            }
        }
    }

    /**
     * {@code f}, held by the static field an earlier proof found holding such a subject, where
     * reflection sees that field hold it now ({@link SingletonFields}): then no dump is needed to
     * leave it out. Asked once per subject, in a check that may prove, of what a proof asks about
     * ({@link #holderKeys(Finding, Collection)}, among the check's {@code keys}): a running task
     * itself first, then its pool.
     */
    private Finding heldByAField(Finding f, Set<String> keys) {
        Leak leak = f.leak();
        if (!askingFields || f.heldBy() != null) {
            return f;
        }
        if (runningTask(leak)) {
            boolean itself = holderKeys(f, keys).contains(f.key()); // not where its pool alone is asked about
            String field = itself ? reflectedHolder(f.key(), () -> holderOfWork(leak.task().identity())) : null;
            return field != null ? f.heldBy(field) : f.keptBy() == null ? keptWithItsPool(f) : f;
        }
        String work = leak.kind() == LeakKind.EXECUTOR && leak.executor() != null ? leak.executor().identity()
                : leak.kind() == LeakKind.TASK && leak.task() != null ? leak.task().identity() : null;
        if (work == null && (leak.kind() != LeakKind.THREAD || f.thread() == null)) {
            return f;
        }
        String field = reflectedHolder(f.key(), () -> work == null ? singletons.holderOf(f.thread()) : holderOfWork(work));
        return field == null ? f : f.heldBy(field);
    }

    private String holderOfWork(String identity) {
        return singletons.holderOf(reports.work(identity), reports.wrapperOf(identity));
    }

    /** The keys of {@code findings}: what a running task's pool is asked as, when it is one of them. */
    private static Set<String> keys(List<Finding> findings) {
        Set<String> keys = new HashSet<>();
        findings.forEach(f -> keys.add(f.key()));
        return keys;
    }

    /**
     * The static field that reflection sees holding what {@code key} names, asked of {@code holder}
     * once per key and remembered; null when none does, or past {@value #MAX_ASKED} keys.
     */
    private String reflectedHolder(String key, Supplier<String> holder) {
        String field = heldByReflection.get(key);
        if (field == null) {
            if (heldByReflection.size() >= MAX_ASKED) {
                return null;
            }
            String held = holder.get();
            field = held == null ? "" : held;
            heldByReflection.put(key, field);
        }
        return field.isEmpty() ? null : field;
    }

    /**
     * A running task, kept by the static field an earlier proof found holding its pool, where
     * reflection sees it hold the pool now: as the proof keeps it ({@link #holderKeys}), so that its
     * verdict does not hang on whether a proof ran (a test class whose first test's proof found its
     * pool's field, and whose next test's check knew the field without one, failed only the next).
     */
    private Finding keptWithItsPool(Finding f) {
        String pool = f.leak().task().executor();
        String field = reflectedHolder("executor " + pool, () -> holderOfWork(pool));
        return field == null ? f : new Finding(f.leak().withKeptThrough(field, null), f.thread(), f.workers())
                .keptBy(field);
    }

    /** The leak with the live threads behind it: the thread itself, an executor's workers, or a running task's worker. */
    private static Finding finding(Leak leak, Map<Long, Thread> byId) {
        if (leak.executor() == null && leak.task() == null) {
            return new Finding(leak, byId.get(leak.thread().id()));
        }
        List<Thread> workers = new ArrayList<>();
        if (leak.executor() != null) {
            for (ThreadRef ref : leak.executor().workers()) {
                Thread worker = byId.get(ref.id());
                if (worker != null) {
                    workers.add(worker);
                }
            }
        } else if (leak.thread() != null && byId.containsKey(leak.thread().id())) {
            workers.add(byId.get(leak.thread().id())); // a running task's worker, whose wait is the task's
        }
        return new Finding(leak, null, workers);
    }

    /**
     * {@code leaks} with the proof's verdicts: a provable one as a look after the proof finds it,
     * told on the clock of the rest (the grace period's last look) while it waits as it did, so
     * that one report tells every age and wait of one moment (a thread looked at again after a
     * 333 ms proof read "parked 439 ms" on a thread told "age 26 ms": Commons Exec's trial); the
     * rest as the grace period left them, which the dump's collection may have changed since (a
     * pool dropped unreachable and shut down by its cleaner is still a finding: the registry keeps
     * it). What is gone since the last look ended within the check, by itself or by the code (a
     * library's reaper shut its JVM-wide pool down and let go of it as the heap was dumped: whether
     * the dump saw it held or saw it gone is a race), and is no leak.
     */
    private List<Finding> again(List<Finding> leaks, String reason, ProvenWaits proof) {
        return withIdledOut(leaks, current(leaks, findings(reason, proof),
                (f, now) -> provable(f) ? onTheClockOf(f, now) : movedOn(f, now)));
    }

    /**
     * {@code now}, with each executor of {@code before} that is gone from it only because its idle
     * workers ended by themselves since ({@link JvmReports#idledOut}), as {@code before} told it:
     * left running when the grace period ended, it is still never shut down, and a dump slow enough
     * for its keep-alive to run out must not pass a check a quick one fails.
     */
    private List<Finding> withIdledOut(List<Finding> before, List<Finding> now) {
        if (now.size() == before.size()) {
            return now;
        }
        Set<String> kept = keys(now);
        List<Finding> result = new ArrayList<>(now);
        for (Finding f : before) {
            if (!kept.contains(f.key()) && f.leak().kind() == LeakKind.EXECUTOR && f.leak().executor() != null
                    && reports.idledOut(f.leak().executor().identity())) {
                result.add(f);
            }
        }
        return result;
    }

    /**
     * {@code before}, or {@code now} where it is a task that moved on since, from its pool's queue to
     * a worker: a task told "(queued)" that runs now misleads, and it is what shows the pool busy
     * (JetCache's trial: a pool shut down with 3 workers still running its tasks; the 3 it ran
     * finished while the check waited after the proof, and their successors stayed told queued).
     */
    private static Finding movedOn(Finding before, Finding now) {
        TaskInfo was = before.leak().task();
        TaskInfo is = now.leak().task();
        if (was == null || is == null || Objects.equals(was.state(), is.state()) || before.heldBy() != null) {
            return before;
        }
        if (before.keptBy() == null) {
            return now;
        }
        // what the proof found keeps it, as heldBy told it
        Leak kept = now.leak().withKeptThrough(before.keptBy(), before.leak().keptVia());
        return new Finding(kept, null, List.of()).keptBy(before.keptBy());
    }

    /**
     * {@code current}'s verdict and what the proof said of its wait, with {@code before}'s age,
     * stack and time in the wait, when it still waits on the same object as it did then; its
     * reason too while the verdict stands (a grace period's reason may tell what it saw). One that
     * has moved on since is told as it is now.
     */
    private static Finding onTheClockOf(Finding before, Finding current) {
        Leak was = before.leak();
        Leak now = current.leak();
        BlockedOn waited = was.blockedOn();
        BlockedOn waits = now.blockedOn();
        if (waits == null || !Objects.equals(waited.operation(), waits.operation())
                || !Objects.equals(waited.object(), waits.object())) {
            return current;
        }
        BlockedOn told = waits.since(waited.sinceMillis());
        String why = now.verdict() == was.verdict() ? was.reason() : now.reason();
        return new Finding(was.withVerdict(now.verdict(), told, why, now.cycle()), null, List.of());
    }

    /**
     * {@code leaks}, each as {@code told} tells it from itself and {@code now}'s finding of the same
     * key, detached (as the grace period's are: a {@code Thread} on our stack would be a holder to
     * the proof); one that {@code now} lacks is gone: it ended within the check, and is no leak.
     */
    private static List<Finding> current(List<Finding> leaks, List<Finding> now, BinaryOperator<Finding> told) {
        Map<String, Finding> byKey = new HashMap<>();
        for (Finding f : now) {
            byKey.put(f.key(), f.detached());
        }
        List<Finding> result = new ArrayList<>(leaks.size());
        for (Finding f : leaks) {
            Finding current = byKey.get(f.key());
            if (current != null) {
                result.add(told.apply(f, current));
            }
        }
        return result;
    }

    /**
     * {@code leaks} less what ends within another grace period after the proof. The dump collects
     * the whole heap first, and what only its collection could end (an unclosed {@code HttpClient}'s
     * selector thread, up to 3 s after the client is collected: {@link CollectedOwners}; a library's reaper that
     * shuts down an unreachable pool's work) ended before the proof was read or after it, as the
     * dump's length fell: waited for, as the grace period waits, it is no leak either way. What
     * waiting cannot end (proven blocked forever, a pool that runs nothing, a sleep past the
     * period) is not waited for; what does not end was alive for the whole check, and is a leak.
     */
    private List<Finding> outlivingTheCollection(List<Finding> leaks, Duration grace, String reason,
                                                 ProvenWaits proof) {
        if (leaks.isEmpty()) {
            return leaks;
        }
        Set<String> keys = new HashSet<>();
        for (Finding f : leaks) {
            keys.add(f.key());
        }
        ScopeCheck waited = GracePeriod.await(grace, () -> findings(reason, proof).stream()
                .filter(f -> keys.contains(f.key())).toList(), FindingFilter.NONE);
        return withIdledOut(leaks, current(leaks, waited.leaks(), LineageScope::movedOn));
    }

    /** The live threads, executors and tasks behind {@code keys}, in order; null where one is gone. */
    private Object[] subjects(List<String> keys) {
        Map<String, Thread> threads = new HashMap<>();
        for (Map.Entry<Thread, ThreadRecord> e : registry.liveThreads()) {
            threads.put(THREAD_KEY + e.getValue().id(), e.getKey());
        }
        Object[] subjects = new Object[keys.size()];
        for (int i = 0; i < subjects.length; i++) {
            String key = keys.get(i);
            subjects[i] = key.startsWith(THREAD_KEY) ? threads.get(key)
                    : reports.work(key.substring(key.indexOf(' ') + 1));
        }
        return subjects;
    }

    /**
     * {@code leaks}, each subject among them with the static field that holds it as a singleton, or
     * the one that keeps it through a collection (on its leak too, for the reader), where the proof
     * found one; a thread started with or by a held one, with its field ({@link StartedTogether}).
     */
    private List<Finding> heldBy(List<Finding> leaks, List<String> subjects, ProvenWaits proof) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < subjects.size(); i++) {
            positions.putIfAbsent(subjects.get(i), i);
        }
        Set<String> keys = keys(leaks); // as holderKeys(leaks) chose the subjects: a task's pool is among them because of it
        List<Finding> result = new ArrayList<>(leaks.size());
        for (Finding f : leaks) {
            String field = null;
            String kept = null;
            List<String> via = null;
            for (String key : holderKeys(f, keys)) { // its own first: a field may hold it as a singleton
                int position = positions.getOrDefault(key, -1);
                String held = position < 0 ? null : PerClassInstance.named(proof.heldBy(position), perClassInstance);
                if (held != null && key.equals(f.key())) {
                    field = held;
                    break;
                }
                // what holds its pool keeps it, through the pool's queue
                kept = held != null ? held : position < 0 ? null
                        : PerClassInstance.named(proof.keptThrough(position), perClassInstance);
                if (kept != null) {
                    via = proof.keptVia(position);
                    break;
                }
            }
            result.add(field != null ? f.heldBy(field)
                    : kept != null ? new Finding(f.leak().withKeptThrough(kept, via), f.thread(), f.workers()).keptBy(kept)
                    : f);
        }
        List<Finding> told = StartedTogether.withCompanions(result, heldSingletons.values(),
                f -> f.leak().task() == null ? null : reports.lineage(f.leak().task().identity()),
                reports::poolOfWorker);
        // a later proof of this check is asked only about what came since (the timers a pool's worker
        // queued while the check waited): they are told by these too
        rememberHeld(told);
        return told;
    }

    /** What the filter excludes now that it can see the static fields that hold or keep them, moved to {@code excluded}. */
    private static List<Finding> filterAgain(List<Finding> leaks, FindingFilter filter,
                                             List<ScopeCheck.Excluded> excluded) {
        List<Finding> kept = new ArrayList<>(leaks.size());
        for (Finding f : leaks) {
            String why = f.heldBy() == null && f.keptBy() == null ? null : filter.excludes(f);
            if (why == null) {
                kept.add(f);
            } else {
                excluded.add(new ScopeCheck.Excluded(f, why));
            }
        }
        return kept;
    }

    /** The scope's threads alive now, with their records. */
    private List<Map.Entry<Thread, ThreadRecord>> liveThreads() {
        List<Map.Entry<Thread, ThreadRecord>> live = registry.liveThreads();
        Membership members = members(live);
        List<Map.Entry<Thread, ThreadRecord>> threads = new ArrayList<>();
        for (Map.Entry<Thread, ThreadRecord> e : live) {
            if (members.thread(e.getValue())) {
                threads.add(e);
            }
        }
        return threads;
    }

    /** What the scope owns among {@code live} threads and the registry's records, by its windows. */
    private Membership members(List<Map.Entry<Thread, ThreadRecord>> live) {
        return Membership.of(windows, live, runnerThreads, registry.runnerIds());
    }

    /**
     * {@code notes} after what the scope's tasks thrown away as the code chose, and those that wait
     * behind work not the scope's, come to: a note each, no leak ({@link JvmReports#droppedNote},
     * {@link JvmReports#queuedBehindOthersNote}), first.
     */
    private List<String> withDroppedNote(List<String> notes, Membership members) {
        String dropped = reports.droppedNote(members::work);
        String behind = reports.queuedBehindOthersNote(members::work);
        if (dropped == null && behind == null) {
            return notes;
        }
        List<String> all = new ArrayList<>(notes.size() + 2);
        if (dropped != null) {
            all.add(dropped);
        }
        if (behind != null) {
            all.add(behind);
        }
        all.addAll(notes);
        return all;
    }

    /**
     * Whether a static field could hold it as a singleton: a thread, an executor, or a task (a
     * JVM-wide service's housekeeping task, whose future it keeps in a field). A task submitted by
     * every call is held, if at all, in its pool's queue: through an array, never as a singleton.
     */
    static boolean holdable(Finding finding) {
        Leak leak = finding.leak();
        return leak.kind() == LeakKind.THREAD || leak.kind() == LeakKind.VIRTUAL_THREAD
                // not one the collector took: a dump that asks cannot say more (Commons DBCP's trial: each
                // test whose Timer was collected before its check paid a dump)
                || leak.kind() == LeakKind.EXECUTOR && leak.executor() != null && !leak.executor().collected()
                || leak.kind() == LeakKind.TASK && leak.task() != null;
    }

    /**
     * The keys of what a heap dump is asked about for {@code finding}: itself; or for a task caught
     * running, that pool where {@code keys} has it, else itself, then its pool ({@link #runningTask});
     * or for a periodic task, itself, then its pool ({@link #periodic}).
     */
    private static List<String> holderKeys(Finding finding, Collection<String> keys) {
        String executor = finding.leak().kind() == LeakKind.TASK && finding.leak().task() != null
                ? finding.leak().task().executor() : null;
        String pool = executor == null ? null : "executor " + executor;
        if (pool != null && periodic(finding)) {
            return List.of(finding.key(), pool);
        }
        boolean running = pool != null && runningTask(finding.leak());
        return running && keys.contains(pool) ? List.of(pool)
                : running ? List.of(finding.key(), pool) : List.of(finding.key());
    }

    /**
     * A task caught running: its worker's stack holds it, and whatever keeps its pool keeps the
     * worker and so the task. Asked of the pool when it is periodic, and when the pool is one of
     * the same check's leaks: a cluster the tests share, made by the first and kept by a static
     * field, had its pools left for the class's end and their run loops failing that first test
     * (Ratis's trial). A task running in a pool made before the scope is asked of itself, then of
     * its pool: a library's JVM-wide pool runs the loop the library starts on its first use (Seata's
     * file listener), which the filter judges by that pool's field and by who submitted it. Its
     * worker's wait is its own: the worker's proof is the task's.
     */
    private static boolean runningTask(Leak leak) {
        return leak.kind() == LeakKind.TASK && leak.task() != null && "running".equals(leak.task().state());
    }

    /**
     * A periodic task: between runs it waits in its pool's queue, so whatever keeps the pool keeps
     * it; during a run only its worker's stack does (a scheduled pool takes it out of the queue and
     * puts it back after), and where the scheduler hands each run to a pool of its own (Mutiny's),
     * only that pool's worker, while its record says it waits. Where a dump catches it must not
     * decide its verdict: a field that holds it (a service's housekeeping task, whose future it
     * keeps) says so wherever it is, and else whatever keeps its pool keeps it.
     */
    private static boolean periodic(Finding finding) {
        return Boolean.TRUE.equals(finding.leak().task().periodic());
    }

    /** A thread in a wait without a timeout: what a heap proof's verdict is about. */
    private static boolean untimedWait(Finding finding) {
        BlockedOn on = finding.leak().blockedOn();
        return on != null && on.timeoutMillis() == null && !on.sleeping();
    }

    /**
     * Whether a heap proof could settle it: a thread, or a running task's worker, parked without a
     * timeout on something the report names (a timed wait or a sleep ends by itself; a proven verdict needs no second proof).
     */
    static boolean provable(Finding finding) {
        Leak leak = finding.leak();
        boolean waiter = leak.kind() == LeakKind.THREAD || leak.kind() == LeakKind.VIRTUAL_THREAD
                || runningTask(leak) && leak.thread() != null;
        return waiter
                && leak.blockedOn() != null && leak.blockedOn().timeoutMillis() == null && !leak.blockedOn().sleeping()
                && leak.verdict() != Verdict.BLOCKED_FOREVER && leak.verdict() != Verdict.DEADLOCKED;
    }
}
