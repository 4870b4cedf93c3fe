package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ThreadInfo;
import dev.threadleak.report.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which of a report's threads the proof is asked about, and when a wait counts as the same after the dump. */
class RemoteHeapProofTest {

    private static final String QUEUE = "java.util.concurrent.LinkedBlockingQueue@1";

    private static BlockedOn wait(String operation, Long since, Long timeout) {
        return new BlockedOn(operation, QUEUE, since, null, timeout, null, null, null);
    }

    private static Leak thread(long id, String state, Verdict verdict, BlockedOn on) {
        return Leak.builder(LeakKind.THREAD, verdict).thread(new ThreadInfo(id, "t" + id, false, true, state))
                .blockedOn(on).build();
    }

    private static LeakReport report(String takenAt, Leak... leaks) {
        return new LeakReport(LeakReport.SCHEMA, null, takenAt, null, List.of(leaks), null, null, null);
    }

    @Test
    void onlyUntimedRecordedChannelWaitsOfOneThreadAreCandidates() {
        LeakReport report = report("2026-01-01T00:00:10Z",
                thread(1, "WAITING", Verdict.SUSPECT, wait("java.util.concurrent.LinkedBlockingQueue.take", 5_000L, null)),
                thread(2, "TIMED_WAITING", Verdict.SUSPECT, wait("java.util.concurrent.LinkedBlockingQueue.poll", 5_000L, 9_000L)),
                thread(3, "WAITING", Verdict.SUSPECT, wait("java.lang.Thread.join", 5_000L, null)),
                thread(4, "WAITING", Verdict.BLOCKED_FOREVER, wait("java.util.concurrent.FutureTask.get", 5_000L, null)),
                thread(5, "WAITING", Verdict.SUSPECT, wait("java.util.concurrent.CountDownLatch.await", null, null)),
                thread(6, "TIMED_WAITING", Verdict.SUSPECT, null),
                thread(7, "WAITING", Verdict.SUSPECT, wait("java.util.concurrent.SynchronousQueue.put", 5_000L, null))
                        .grouped(3, List.of()));
        assertEquals(Set.of(1L), RemoteHeapProof.parkedOnChannels(report).keySet());
    }

    @Test
    void aWaitIsTheSameIfItBeganAtTheSameMomentOnTheSameChannel() {
        LeakReport before = report("2026-01-01T00:00:10Z");
        LeakReport after = report("2026-01-01T00:00:10.300Z");
        BlockedOn was = wait("java.util.concurrent.LinkedBlockingQueue.take", 5_000L, null);
        assertTrue(RemoteHeapProof.sameWait(before, was, after, wait("x", 5_303L, null), 25));
        assertFalse(RemoteHeapProof.sameWait(before, was, after, wait("x", 120L, null), 25),
                "woken during the dump and parked again on the same queue");
        assertFalse(RemoteHeapProof.sameWait(before, was, after,
                new BlockedOn("x", "java.util.concurrent.LinkedBlockingQueue@2", 5_300L, null, null, null, null, null), 25));
        assertFalse(RemoteHeapProof.sameWait(before, was, after, null, 25), "no longer waiting");
    }
}
