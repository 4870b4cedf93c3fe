package dev.threadleak.cli;

import dev.threadleak.heapproof.DumpFile;
import dev.threadleak.heapproof.HeapProof;
import dev.threadleak.heapproof.HeapRemark;
import dev.threadleak.heapproof.ProofInput;
import dev.threadleak.heapproof.ProvenLeaks;
import dev.threadleak.heapproof.ThreadWait;
import dev.threadleak.protocol.AgentBookkeeping;
import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.FirstFew;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakGroups;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ProofNotes;
import dev.threadleak.report.Verdict;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code dump --prove}: the heap proof of another JVM, analysed in the CLI's own process so that
 * the target pays only for writing its heap (see README.md, "The heap proof"). The target writes
 * its live heap into a fresh directory of ours (mode 0700) through its agent's channel; we prove
 * from it which of the report's waiting threads can never wake, and delete it whatever happens: a
 * heap dump holds every secret the application has.
 *
 * <p>The report is asked for with every leak on its own ({@code each}), so that every member of
 * what the printed report groups has its own wait to prove; the leaks are grouped again after
 * the proof. The report is taken before the dump, so its waits are the candidates. A thread woken
 * while the heap was being written may look stuck in the dump and woken a moment later; a second
 * report after the proof drops the finding of every thread whose wait changed meanwhile, and of
 * every finding that relied on it.
 *
 * <p>A suspect the proof finds can still be served (what it waits on, a running thread or a static
 * field reaches) is a running JVM's normal state, as an idle worker is: it is left out, and a note
 * counts it. ZooKeeper's trial: an idle server's request pipeline, each stage parked on its queue,
 * and {@code main} on its shutdown latch, were four suspects, every one proven servable, and
 * {@code check} failed on a healthy server.
 */
final class RemoteHeapProof {

    private static final ProofInput.StaticField WAIT_TABLE = new ProofInput.StaticField(
            AgentBookkeeping.WAIT_TABLE_CLASS, AgentBookkeeping.WAIT_TABLE_FIELD);

    private final AgentChannel channel;
    private final Long minAgeMillis;

    RemoteHeapProof(AgentChannel channel, Long minAgeMillis) {
        this.channel = channel;
        this.minAgeMillis = minAgeMillis;
    }

    /** What a proof attempt gives: the report to print, and why there is no proof (null if there is). */
    record Outcome(LeakReport report, String failure) {
    }

    /**
     * {@code report} (every leak on its own) with the proven threads upgraded, grouped, and the
     * proof's notes; never throws.
     */
    Outcome prove(LeakReport report) {
        Map<Long, ThreadWait> waits = waits(report);
        String unseen = unseenWaits(report, waits);
        if (waits.values().stream().noneMatch(ThreadWait::untimed)) {
            return new Outcome(grouped(report, report.leaks(),
                    List.of(unseen == null ? HeapProof.nothingToProve(javaFeature(report))
                            : ProofNotes.NOT_RUN + ": " + unseen)), null);
        }
        HeapProof.Result result;
        long dumpMillis;
        try (DumpFile dump = DumpFile.create()) {
            dump.deleteAtExit(); // too, in case we are stopped (Ctrl-C) before it is closed
            long start = System.nanoTime();
            long writer = channel.dumpHeap(dump.path());
            dumpMillis = (System.nanoTime() - start) / 1_000_000;
            // the agent's thread that wrote the dump held the agent's lists of threads: no root
            Set<Long> agents = writer < 0 ? Set.of() : Set.of(writer);
            result = HeapProof.analyseDeleting(dump, new ProofInput(waits, agents, AgentBookkeeping.CLASS_PREFIXES,
                    WAIT_TABLE)).withDumpMillis(dumpMillis);
        } catch (UnreachableJvmException e) {
            return failed(report, e.getMessage());
        } catch (IOException e) {
            return failed(report, "cannot make a private directory for the heap dump in java.io.tmpdir ("
                    + OneLineErrors.oneLine(String.valueOf(e))
                    + "); run java -Djava.io.tmpdir=DIR -jar threadleak-cli.jar with a DIR you own");
        } catch (RuntimeException e) {
            return failed(report, OneLineErrors.oneLine(String.valueOf(e)));
        }
        if (result.failure() != null) {
            return new Outcome(grouped(report, report.leaks(), List.of(result.note())), result.failure());
        }
        Set<Long> servable = servable(waits, result);
        if (result.findings().isEmpty() && result.remarks().isEmpty()) {
            return new Outcome(withoutServable(report, report.leaks(), servable, withUnseen(List.of(result.note()),
                    unseen)), null);
        }
        LeakReport after;
        try {
            after = channel.report(minAgeMillis, false, true);
        } catch (UnreachableJvmException e) {
            return failed(report, "could not take the report after the dump to check that the proven threads still"
                    + " wait (" + e.getMessage() + ")");
        }
        long tolerance = Math.max(10, dumpMillis / 2);
        Map<Long, Leak> before = oneThreadLeaks(report);
        Map<Long, Leak> now = oneThreadLeaks(after);
        HeapProof.Kept kept = result.keepUnchanged(id -> sameWait(report, before.get(id), after, now.get(id), tolerance));
        return new Outcome(withoutServable(report, ProvenLeaks.upgrade(report.leaks(), kept.findings(), kept.remarks(),
                result.threadNames()),
                servable, withUnseen(kept.notes(), unseen)), null);
    }

    private static List<String> withUnseen(List<String> notes, String unseen) {
        if (unseen == null) {
            return notes;
        }
        List<String> all = new ArrayList<>(notes);
        all.add("not proven: " + unseen);
        return all;
    }

    /**
     * What the proof cannot take of the report's threads in an untimed wait, and why; null when
     * none. A wait the agent did not see begin, not a park of {@code java.util.concurrent}'s
     * ({@link #unrecordedPark}), has nothing in the heap that says what it waits on. Derby's trial:
     * its {@code main}, in an {@code Object.wait} begun before the attach, stayed a suspect under
     * a note that blamed Java 17, on Java 25 too.
     */
    static String unseenWaits(LeakReport report, Map<Long, ThreadWait> waits) {
        List<String> names = new ArrayList<>();
        for (Leak leak : oneThreadLeaks(report).values()) {
            BlockedOn on = leak.blockedOn();
            if (!waits.containsKey(leak.thread().id()) && on != null && on.sinceMillis() == null
                    && "WAITING".equals(leak.thread().state()) && leak.verdict() == Verdict.SUSPECT) {
                names.add("\"" + leak.thread().name() + "\" #" + leak.thread().id());
            }
        }
        if (names.isEmpty()) {
            return null;
        }
        names.sort(null);
        String listed = FirstFew.of(names, 3);
        return listed + (names.size() == 1 ? " waits" : " wait") + " in an Object.wait, a join or a bare"
                + " LockSupport.park that the agent did not see begin (begun before it was attached"
                + (javaFeature(report) >= 19 ? "" : "; on Java " + javaFeature(report) + " also a direct Object.wait(0)")
                + "), and the heap does not show what such a wait is on";
    }

    /** The target's Java feature release (17 of "17.0.15"), from its report; 17 when it does not say. */
    static int javaFeature(LeakReport report) {
        String v = report.jvm() == null || report.jvm().javaVersion() == null ? "" : report.jvm().javaVersion();
        try {
            return Integer.parseInt(v.split("[.+-]")[0]);
        } catch (NumberFormatException e) {
            return 17; // the oldest we run on: its remark is the one that may apply
        }
    }

    /**
     * The threads whose untimed wait the proof found can be served by what runs or a static field
     * reaches: not by an interrupt only, which is no service, and not a timed wait, which is
     * runnable because it ends, whoever can reach it.
     */
    static Set<Long> servable(Map<Long, ThreadWait> waits, HeapProof.Result result) {
        Set<Long> interruptOnly = new HashSet<>();
        for (HeapRemark r : result.remarks()) {
            if (r.kind() == HeapRemark.Kind.INTERRUPT_ONLY) {
                interruptOnly.add(r.threadId());
            }
        }
        Set<Long> servable = new HashSet<>();
        for (long id : result.eventuallyRunnable()) {
            ThreadWait wait = waits.get(id);
            if (wait != null && wait.untimed() && !interruptOnly.contains(id)) {
                servable.add(id);
            }
        }
        return servable;
    }

    /**
     * {@code leaks}, grouped, less the suspects of one thread each that {@code servable} names,
     * which a note counts; with {@code notes}.
     */
    static LeakReport withoutServable(LeakReport report, List<Leak> leaks, Set<Long> servable, List<String> notes) {
        List<Leak> shown = new ArrayList<>(leaks.size());
        int left = 0;
        for (Leak leak : leaks) {
            if (leak.verdict() == Verdict.SUSPECT && ProvenLeaks.isOneThread(leak) && servable.contains(leak.thread().id())) {
                left++;
            } else {
                shown.add(leak);
            }
        }
        if (left == 0) {
            return grouped(report, shown, notes);
        }
        List<String> all = new ArrayList<>(notes);
        all.add("not shown, as a running JVM's normal state: " + left + (left == 1 ? " thread" : " threads")
                + " parked on what a running thread or a static field can still reach, proven from the heap: "
                + (left == 1 ? "its wait" : "each wait") + " can still be served");
        return grouped(report, shown, all);
    }

    /**
     * What the report's threads wait for, as the proof takes it: a wait the agent saw begin
     * ({@code sinceMillis}), untimed, of a thread {@code WAITING}; a monitor entry of a thread
     * {@code BLOCKED} whose owner the JVM names; and a timed wait the agent saw begin, watched
     * for a channel nobody else can reach. A wait the agent did not see begin is left out, but for
     * an untimed park in a blocking call the agent weaves ({@link #unrecordedPark}): one that
     * ended and began again would be recorded, so the report after the dump tells it.
     */
    static Map<Long, ThreadWait> waits(LeakReport report) {
        Map<Long, ThreadWait> waits = new HashMap<>();
        for (Leak leak : oneThreadLeaks(report).values()) {
            ThreadWait wait = waitOf(leak);
            if (wait != null) {
                waits.put(wait.threadId(), wait);
            }
        }
        return waits;
    }

    /**
     * A thread the JVM itself found deadlocked is a candidate still: left out, it would count as
     * running, and a thread blocked on a monitor it owns as one the proof can let in, left out as
     * servable.
     */
    private static ThreadWait waitOf(Leak leak) {
        BlockedOn on = leak.blockedOn();
        if (on == null || leak.verdict() == Verdict.BLOCKED_FOREVER) {
            return null;
        }
        long id = leak.thread().id();
        boolean interruptible = !Boolean.FALSE.equals(on.interruptible());
        String state = leak.thread().state();
        if ("BLOCKED".equals(state)) {
            return on.owner() == null ? null : new ThreadWait(id, ThreadWait.Shape.MONITOR_ENTER, false, on.owner().id());
        }
        if (on.sinceMillis() == null) {
            return unrecordedPark(leak, on) ? new ThreadWait(id, ThreadWait.Shape.PARKED, interruptible, -1) : null;
        }
        boolean waitingOnAThread = "java.lang.Thread.join".equals(on.operation());
        boolean objectWait = "java.lang.Object.wait".equals(on.operation());
        if ("TIMED_WAITING".equals(state) && on.timeoutMillis() != null) {
            return waitingOnAThread || objectWait ? null : new ThreadWait(id, ThreadWait.Shape.TIMED, interruptible, -1);
        }
        if (!"WAITING".equals(state) || on.timeoutMillis() != null) {
            return null;
        }
        if (waitingOnAThread) {
            return on.owner() == null ? null : new ThreadWait(id, ThreadWait.Shape.JOIN, interruptible, on.owner().id());
        }
        return new ThreadWait(id, objectWait ? ThreadWait.Shape.OBJECT_WAIT : ThreadWait.Shape.PARKED, interruptible, -1);
    }

    /**
     * A wait that began before a late attach, untimed ({@code WAITING}), in a blocking call of
     * {@code java.util.concurrent} that the agent weaves: the dump's park blocker is what can end
     * it, and a new wait the thread began after ending this one would be recorded, so a second
     * report that still finds it unrecorded on the same object finds the same wait. Not a bare
     * {@code LockSupport.park}, whose next park nothing records; not a join or {@code Object.wait},
     * whose proof needs the recorded thread or monitor.
     */
    static boolean unrecordedPark(Leak leak, BlockedOn on) {
        String operation = on.operation();
        return "WAITING".equals(leak.thread().state()) && on.timeoutMillis() == null && on.object() != null
                && operation != null && operation.startsWith("java.util.concurrent.")
                && !operation.equals("java.util.concurrent.locks.LockSupport.park");
    }

    /** The report's leaks of one thread each, by thread id. */
    private static Map<Long, Leak> oneThreadLeaks(LeakReport report) {
        Map<Long, Leak> byId = new HashMap<>();
        for (Leak leak : report.leaks()) {
            if (ProvenLeaks.isOneThread(leak)) {
                byId.put(leak.thread().id(), leak);
            }
        }
        return byId;
    }

    /**
     * The same wait in both reports: on the same object; for a wait the agent saw begin, begun at
     * the same moment (a thread woken during the dump can only wait again after it, so its wait
     * would begin at least the dump's duration later; {@code toleranceMillis}, half of that,
     * absorbs the reports' own timing); for a monitor entry, still blocked on that monitor with
     * the same owner, which, if the proof holds, never moved.
     */
    static boolean sameWait(LeakReport before, Leak was, LeakReport after, Leak is, long toleranceMillis) {
        if (was == null || is == null || !was.thread().state().equals(is.thread().state())) {
            return false;
        }
        BlockedOn a = was.blockedOn();
        BlockedOn b = is.blockedOn();
        if (a == null || b == null || a.object() == null || !a.object().equals(b.object())) {
            return false;
        }
        if ("BLOCKED".equals(was.thread().state())) {
            return Objects.equals(a.owner(), b.owner());
        }
        if (a.sinceMillis() == null || b.sinceMillis() == null) {
            return a.sinceMillis() == null && b.sinceMillis() == null && unrecordedPark(is, b); // not begun again: see unrecordedPark
        }
        long began = Instant.parse(before.takenAt()).toEpochMilli() - a.sinceMillis();
        long beganNow = Instant.parse(after.takenAt()).toEpochMilli() - b.sinceMillis();
        return Math.abs(beganNow - began) <= toleranceMillis;
    }

    /** The report with {@code leaks}, grouped as every printed report is, and {@code notes} added. */
    private static LeakReport grouped(LeakReport report, List<Leak> leaks, List<String> notes) {
        return report.withLeaks(LeakGroups.group(leaks), notes);
    }

    private static Outcome failed(LeakReport report, String why) {
        return new Outcome(grouped(report, report.leaks(), List.of(HeapProof.failureNote(why))), why);
    }
}
