package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.agent.programs.NeverRunsProgram;
import dev.threadleak.agent.programs.SlowProducerProgram;
import dev.threadleak.agent.programs.WaitsProgram;
import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.Verdict;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildRun;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What parked threads wait on, recorded for real in a child JVM. */
class WaitsIT {

    @TempDir
    static Path dir;

    private static Map<String, Leak> byThread;

    @BeforeAll
    static void runTheProgram() throws Exception {
        Path file = dir.resolve("report.json");
        ChildRun run = ChildJvm.onThisJdk().agent("on-exit=true,format=json,report=" + file)
                .run(dir, WaitsProgram.class);
        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ChildJvm.report(file);
        byThread = report.leaks().stream().filter(l -> l.thread() != null)
                .collect(Collectors.toMap(l -> l.thread().name(), Function.identity(), (a, b) -> a));
    }

    @ParameterizedTest(name = "{0} waits in {1}")
    @CsvSource({
        "abq-put, java.util.concurrent.ArrayBlockingQueue.put, java.util.concurrent.ArrayBlockingQueue@",
        "abq-take, java.util.concurrent.ArrayBlockingQueue.take, java.util.concurrent.ArrayBlockingQueue@",
        "lbq-take, java.util.concurrent.LinkedBlockingQueue.take, java.util.concurrent.LinkedBlockingQueue@",
        "lbq-poll-timed, java.util.concurrent.LinkedBlockingQueue.poll, java.util.concurrent.LinkedBlockingQueue@",
        "lbd-take-first, java.util.concurrent.LinkedBlockingDeque.takeFirst, java.util.concurrent.LinkedBlockingDeque@",
        "pbq-take, java.util.concurrent.PriorityBlockingQueue.take, java.util.concurrent.PriorityBlockingQueue@",
        "delay-take, java.util.concurrent.DelayQueue.take, java.util.concurrent.DelayQueue@",
        "sq-put, java.util.concurrent.SynchronousQueue.put, java.util.concurrent.SynchronousQueue@",
        "sq-take, java.util.concurrent.SynchronousQueue.take, java.util.concurrent.SynchronousQueue@",
        "ltq-transfer, java.util.concurrent.LinkedTransferQueue.transfer, java.util.concurrent.LinkedTransferQueue@",
        "exchange, java.util.concurrent.Exchanger.exchange, java.util.concurrent.Exchanger@",
        "future-get, java.util.concurrent.FutureTask.get, java.util.concurrent.FutureTask@",
        "cf-join, java.util.concurrent.CompletableFuture.join, java.util.concurrent.CompletableFuture@",
        "cf-get, java.util.concurrent.CompletableFuture.get, java.util.concurrent.CompletableFuture@",
        "fjt-join, java.util.concurrent.ForkJoinTask.join, java.util.concurrent.ForkJoinTask",
        "thread-join, java.lang.Thread.join, thread \"sleeper\"",
    })
    void eachOperationIsRecordedWithItsObjectAndSinceWhen(String thread, String operation, String object) {
        Leak leak = byThread.get(thread);
        assertNotNull(leak, thread + " not reported: " + byThread.keySet());
        BlockedOn on = leak.blockedOn();
        assertNotNull(on, thread + " has no blockedOn");
        assertEquals(operation, on.operation());
        assertTrue(on.object() != null && on.object().contains(object.replace("ForkJoinTask", "")),
                thread + ": " + on.object());
        assertNotNull(on.sinceMillis(), thread + ": the agent saw the wait begin");
    }

    @Test
    void aQueueWaitSaysSizeAndCapacity() {
        BlockedOn put = byThread.get("abq-put").blockedOn();
        assertEquals(1, put.queueSize());
        assertEquals(1, put.queueCapacity());
    }

    @Test
    void aTimedWaitSaysItsTimeoutAndAnUntimedOneHasNone() {
        assertNotNull(byThread.get("lbq-poll-timed").blockedOn().timeoutMillis());
        assertNull(byThread.get("lbq-take").blockedOn().timeoutMillis());
    }

    @Test
    void aSynchronousQueueSenderSaysNobodyTakes() {
        assertEquals("queue empty, no taker waiting", byThread.get("sq-put").blockedOn().detail());
    }

    @Test
    void waitsThatOnlyLookStuckAreNotCalledForever() {
        for (Leak leak : byThread.values()) {
            assertTrue(leak.verdict() != Verdict.BLOCKED_FOREVER, leak.thread().name() + " " + leak.blockedOn());
        }
    }

    @Test
    void futureWaitsThatExecutorFactsSettleAreBlockedForeverWithTheProof() throws Exception {
        Path file = dir.resolve("never.json");
        ChildJvm.onThisJdk().agent("on-exit=true,format=json,report=" + file).run(dir, NeverRunsProgram.class);

        LeakReport report = ChildJvm.report(file);
        Map<String, Leak> threads = report.leaks().stream().filter(l -> l.thread() != null)
                .collect(Collectors.toMap(l -> l.thread().name(), Function.identity(), (a, b) -> a));
        Leak discarded = threads.get("discarded-waiter");
        assertEquals(Verdict.BLOCKED_FOREVER, discarded.verdict(), report.toText());
        assertTrue(discarded.blockedOn().why().contains("discarded by ThreadPoolExecutor.DiscardPolicy"),
                discarded.blockedOn().why());
        Leak dropped = threads.get("dropped-waiter");
        assertEquals(Verdict.BLOCKED_FOREVER, dropped.verdict(), report.toText());
        assertTrue(dropped.blockedOn().why().contains("shutdownNow()"), dropped.blockedOn().why());
        Leak joiner = threads.get("joiner");
        assertEquals(Verdict.BLOCKED_FOREVER, joiner.verdict(), report.toText());
        assertTrue(joiner.blockedOn().why().startsWith("it joins \"discarded-waiter\""), joiner.blockedOn().why());
    }

    @Test
    void aConsumerWhoseProducerIsAliveButSlowStaysSuspect() throws Exception {
        Path file = dir.resolve("live.json");
        ChildJvm.onThisJdk().agent("interval=200ms,min-age=0s,format=json,report=" + file)
                .run(dir, SlowProducerProgram.class, file.toString());

        LeakReport report = ChildJvm.report(file);
        Leak consumer = report.leaks().stream().filter(l -> l.thread().name().equals("patient-consumer"))
                .findFirst().orElseThrow(() -> new AssertionError(report.toText()));
        assertEquals(Verdict.SUSPECT, consumer.verdict());
        assertEquals("java.util.concurrent.LinkedBlockingQueue.take", consumer.blockedOn().operation());
        assertNull(consumer.blockedOn().why(), "no proof is claimed");
    }
}
