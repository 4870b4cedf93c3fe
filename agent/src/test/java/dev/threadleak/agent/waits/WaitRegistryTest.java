package dev.threadleak.agent.waits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.agent.AgentOptions.CreationStacks;
import dev.threadleak.agent.bootstrap.WaitListener;
import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.CurrentWait;
import dev.threadleak.agent.threads.RecordedThreads;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.io.Deadline;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** The wait registry, fed through its listener interface as the woven park methods and queue constructors feed it. */
class WaitRegistryTest {

    private final ThreadRegistry threads = new ThreadRegistry(new CreationSites(CreationStacks.OFF, 8), true, 100);
    private final WaitRegistry registry = new WaitRegistry(threads);
    private final WaitListener listener = registry;

    @Test
    void aWaitIsRecordedOnTheWaitingThreadsRecordUntilItReturns() {
        ThreadRecord self = tracked(Thread.currentThread());
        Object future = new Object();

        listener.waitBegins(future, WaitListener.FUTURE_TASK, false, 0);
        CurrentWait wait = self.currentWait();
        assertSame(future, wait.on());
        assertEquals(WaitListener.FUTURE_TASK, wait.kind());
        assertEquals(CurrentWait.UNTIMED, wait.timeoutNanos());

        listener.waitEnds();
        assertNull(self.currentWait());
    }

    /**
     * JMockit's fake {@code System.nanoTime} takes a lock of its own: the clock this registry reads
     * as it records a wait began another wait (the lock's, contended), whose hook read the clock
     * again, until the stack overflowed inside the JDK's acquire (servicecomb's trial). A wait that
     * begins while one is being recorded is not recorded, nor its end: the outer wait stands.
     */
    @Test
    void aWaitThatTheClockItselfBeginsIsNotRecordedAndDoesNotComeBack() {
        int[] reads = new int[1];
        Object jmockitsLock = new Object();
        WaitListener[] self = new WaitListener[1];
        WaitRegistry faked = new WaitRegistry(threads, () -> {
            if (++reads[0] > 10) {
                throw new StackOverflowError("the clock was read again and again");
            }
            self[0].waitBegins(jmockitsLock, WaitListener.LOCK, false, false, 0); // its lock, contended
            self[0].waitEnds();
            return 42L;
        });
        self[0] = faked;
        ThreadRecord record = tracked(Thread.currentThread());
        Object joined = new Object();
        faked.waitBegins(joined, WaitListener.THREAD_JOIN, 0);
        Object queue = new Object();

        faked.waitBegins(queue, WaitListener.CONDITION, -1);

        assertEquals(2, reads[0], "the clock is read once per wait recorded, not again from inside");
        assertSame(queue, record.currentWait().on());
        assertEquals(42L, record.currentWait().sinceNanos());
        assertSame(joined, record.currentWait().outer().on(), "the nested wait's end popped nothing");
        faked.waitEnds();
        assertSame(joined, record.currentWait().on());
    }

    @Test
    void timeoutsAreKeptInNanosecondsAndForeverIsUntimed() {
        ThreadRecord self = tracked(Thread.currentThread());
        Object on = new Object();

        listener.waitBegins(on, WaitListener.THREAD_JOIN, 0);
        assertEquals(CurrentWait.UNTIMED, self.currentWait().timeoutNanos(), "join(0) waits forever");
        listener.waitBegins(on, WaitListener.THREAD_JOIN, 250);
        assertEquals(250_000_000L, self.currentWait().timeoutNanos(), "join's timeout is in milliseconds");
        listener.waitBegins(on, WaitListener.TRANSFER, Long.MAX_VALUE);
        assertEquals(CurrentWait.UNTIMED, self.currentWait().timeoutNanos(), "the transfer queues' forever");
        listener.waitBegins(on, WaitListener.CONDITION, 5_000);
        assertEquals(5_000L, self.currentWait().timeoutNanos());
        listener.waitBegins(on, WaitListener.FUTURE_TASK, true, 7_000);
        assertEquals(7_000L, self.currentWait().timeoutNanos());
    }

    @Test
    void aWaitSaysWhetherAnInterruptEndsItAndADeadlineBecomesWhatIsLeftOfIt() {
        ThreadRecord self = tracked(Thread.currentThread());
        Object sync = new Object();

        listener.waitBegins(sync, WaitListener.LOCK | WaitListener.DEADLINE, false, false, 0); // lock()
        assertEquals(WaitListener.LOCK, self.currentWait().kind(), "the flag is not part of the kind");
        assertFalse(self.currentWait().interruptible());
        assertEquals(CurrentWait.UNTIMED, self.currentWait().timeoutNanos());
        listener.waitBegins(sync, WaitListener.LOCK | WaitListener.DEADLINE, true, true,
                System.nanoTime() + 60_000_000_000L); // tryLock(60, SECONDS)
        assertTrue(self.currentWait().interruptible());
        long left = self.currentWait().timeoutNanos();
        assertTrue(left > 50_000_000_000L && left <= 60_000_000_000L, "nanos left of the deadline: " + left);
        listener.waitBegins(sync, WaitListener.FORK_JOIN_TASK | WaitListener.DEADLINE, false, true, 0);
        assertEquals(CurrentWait.UNTIMED, self.currentWait().timeoutNanos(), "a deadline of 0 is none");
        listener.waitBegins(sync, WaitListener.MONITOR_WAIT, 0);
        assertEquals(CurrentWait.UNTIMED, self.currentWait().timeoutNanos(), "wait(0) waits forever");
    }

    @Test
    void aWaitInsideAJoinReturnsToTheJoinAndTheJoinIsWhatTheThreadDoes() throws InterruptedException {
        ThreadRecord self = tracked(Thread.currentThread());
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread joined = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        joined.setDaemon(true);
        joined.start(); // a join of a live thread: one that ended is not waited for

        listener.waitBegins(joined, WaitListener.THREAD_JOIN, 0);
        CurrentWait join = self.currentWait();
        listener.waitBegins(joined, WaitListener.MONITOR_WAIT, 0); // JDK 21+: join waits in Object.wait
        assertSame(join, self.currentWait().effective());
        assertEquals(WaitListener.MONITOR_WAIT, self.currentWait().kind());
        listener.waitEnds();
        assertSame(join, self.currentWait(), "back in the join");
        listener.waitEnds();
        assertNull(self.currentWait());

        Object condition = new Object();
        listener.waitBegins(condition, WaitListener.CONDITION, -1);
        listener.waitBegins(new Object(), WaitListener.LOCK, false, false, 0); // reacquiring after a signal
        assertEquals(WaitListener.LOCK, self.currentWait().effective().kind(), "only a join is kept as the outer wait");
        listener.waitEnds();
        assertNull(self.currentWait(), "a condition's wait is over once its lock is back");
        release.countDown();
        joined.join();
    }

    @Test
    void aJoinOfAThreadThatEndedIsNoWait() throws InterruptedException {
        ThreadRecord self = tracked(Thread.currentThread());
        Thread ended = new Thread(() -> { });
        ended.start();
        ended.join();

        listener.waitBegins(ended, WaitListener.THREAD_JOIN, 0); // Thread.join is advised at its entry
        assertNull(self.currentWait(), "it returns at once: nothing recorded, nothing to pay");
        listener.waitEnds();
        assertNull(self.currentWait());
    }

    @Test
    void aThreadTheRegistryDoesNotTrackLeavesNoTrace() {
        listener.waitBegins(new Object(), WaitListener.CONDITION, -1);
        listener.waitEnds();

        assertNull(threads.recordOf(Thread.currentThread()));
    }

    @Test
    void aQueuesConditionIsMappedBackToTheQueue() throws Exception {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(4);
        try (RecordedThreads consumers = new RecordedThreads(threads)) {
            Thread consumer = consumers.start("consumer", queue::take);
            RecordedThreads.awaitParked(consumer, t -> LockSupport.getBlocker(t) != null);
            Object notEmpty = LockSupport.getBlocker(consumer); // the condition take() waits on

            listener.channelPart(queue, notEmpty); // as the queue's constructor reports it

            assertSame(queue, registry.channelOf(notEmpty));
            Object unknown = new Object();
            assertSame(unknown, registry.channelOf(unknown), "what we cannot map back stands for itself");
            assertNull(registry.channelOf(null));
        }
    }

    @Test
    void theQueueIsHeldWeakly() throws Exception {
        Condition notEmpty = new ReentrantLock().newCondition();
        WeakReference<BlockingQueue<String>> queue = mapToANewQueue(notEmpty);

        boolean forgotten = Deadline.after(Duration.ofSeconds(10)).pollUntil(() -> {
            System.gc();
            return registry.channelOf(notEmpty) == notEmpty; // not the queue: it would hold it while we wait
        }, gone -> gone, (last, d) -> d.sleep(Duration.ofMillis(5)));
        assertTrue(forgotten, "the registry keeps a queue alive through one of its conditions");
        assertNull(queue.get());
    }

    private WeakReference<BlockingQueue<String>> mapToANewQueue(Condition part) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        listener.channelPart(queue, part);
        assertSame(queue, registry.channelOf(part));
        return new WeakReference<>(queue);
    }

    /** A record for {@code thread}, as if the woven {@code Thread.start} had reported it. */
    private ThreadRecord tracked(Thread thread) {
        threads.starting(thread);
        return threads.recordOf(thread);
    }
}
