package dev.threadleak.cli;

import dev.threadleak.heapproof.DumpFile;
import dev.threadleak.heapproof.HeapProof;
import dev.threadleak.heapproof.ProofInput;
import dev.threadleak.heapproof.ProvenLeaks;
import dev.threadleak.protocol.AgentBookkeeping;
import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.Verdict;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code dump --prove}: the heap proof of another JVM, analysed in the CLI's own process so that
 * the target pays only for writing its heap (see README.md, "The heap proof"). The target writes
 * its live heap into a fresh directory of ours (mode 0700) through its agent's channel; we prove
 * from it which of the report's parked threads can never wake, and delete it whatever happens: a
 * heap dump holds every secret the application has.
 *
 * <p>The report is taken before the dump, so its waits are the candidates. A thread woken while
 * the heap was being written may look parked in the dump and woken a moment later; a second
 * report after the proof drops the finding of every thread whose wait changed meanwhile.
 */
final class RemoteHeapProof {

    private final AgentChannel channel;
    private final Long minAgeMillis;

    RemoteHeapProof(AgentChannel channel, Long minAgeMillis) {
        this.channel = channel;
        this.minAgeMillis = minAgeMillis;
    }

    /** What a proof attempt gives: the report to print, and why there is no proof (null if there is). */
    record Outcome(LeakReport report, String failure) {
    }

    /** {@code report} with the proven threads upgraded and the proof's notes; never throws. */
    Outcome prove(LeakReport report) {
        Map<Long, BlockedOn> parked = parkedOnChannels(report);
        if (parked.isEmpty()) {
            return new Outcome(report.withLeaks(report.leaks(),
                    List.of("heap proof not needed: no thread is parked, untimed, on a channel")), null);
        }
        HeapProof.Result result;
        long dumpMillis;
        try (DumpFile dump = DumpFile.create()) {
            dump.deleteAtExit(); // too, in case we are stopped (Ctrl-C) before it is closed
            long start = System.nanoTime();
            channel.dumpHeap(dump.path());
            dumpMillis = (System.nanoTime() - start) / 1_000_000;
            result = HeapProof.analyse(dump.path(), new ProofInput(parked.keySet(), Set.of(),
                    AgentBookkeeping.CLASS_PREFIXES)).withDumpMillis(dumpMillis);
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
            return new Outcome(report.withLeaks(report.leaks(), List.of(result.note())), result.failure());
        }
        if (result.findings().isEmpty()) {
            return new Outcome(report.withLeaks(report.leaks(), List.of(result.note())), null);
        }
        LeakReport after;
        try {
            after = channel.report(minAgeMillis, false);
        } catch (UnreachableJvmException e) {
            return failed(report, "could not take the report after the dump to check that the proven threads still"
                    + " wait (" + e.getMessage() + ")");
        }
        long tolerance = Math.max(10, dumpMillis / 2);
        Map<Long, BlockedOn> parkedAfter = parkedOnChannels(after);
        HeapProof.Kept kept = result.keepUnchanged(f -> sameWait(report, parked.get(f.threadId()), after,
                parkedAfter.get(f.threadId()), tolerance));
        return new Outcome(report.withLeaks(ProvenLeaks.upgrade(report.leaks(), kept.findings()), kept.notes()), null);
    }

    /**
     * The report's threads parked untimed on a channel operation, by id: the proof's candidates.
     * A wait the agent saw begin ({@code sinceMillis}) is one it records, the channel operations;
     * a join is not one (the joined thread, not a channel, wakes it). Grouped leaks name only a few
     * members and are left out ({@link ProvenLeaks#upgrade}).
     */
    static Map<Long, BlockedOn> parkedOnChannels(LeakReport report) {
        Map<Long, BlockedOn> parked = new HashMap<>();
        for (Leak leak : report.leaks()) {
            BlockedOn on = leak.blockedOn();
            if (ProvenLeaks.isOneThread(leak) && on != null && on.timeoutMillis() == null && on.sinceMillis() != null
                    && !"java.lang.Thread.join".equals(on.operation()) && "WAITING".equals(leak.thread().state())
                    && leak.verdict() != Verdict.BLOCKED_FOREVER && leak.verdict() != Verdict.DEADLOCKED) {
                parked.put(leak.thread().id(), on);
            }
        }
        return parked;
    }

    /**
     * The same wait in both reports: the same channel, begun at the same moment. A thread woken
     * during the dump can only park again after it, so its wait would begin at least the dump's
     * duration later; {@code toleranceMillis} (half of that) absorbs the reports' own timing.
     */
    static boolean sameWait(LeakReport before, BlockedOn was, LeakReport after, BlockedOn is, long toleranceMillis) {
        if (was == null || is == null || was.object() == null || !was.object().equals(is.object())) {
            return false;
        }
        long began = Instant.parse(before.takenAt()).toEpochMilli() - was.sinceMillis();
        long beganNow = Instant.parse(after.takenAt()).toEpochMilli() - is.sinceMillis();
        return Math.abs(beganNow - began) <= toleranceMillis;
    }

    private static Outcome failed(LeakReport report, String why) {
        return new Outcome(report.withLeaks(report.leaks(), List.of(HeapProof.failureNote(why))), why);
    }
}
