package dev.threadleak.agent.waits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.agent.AgentOptions.CreationStacks;
import dev.threadleak.agent.bootstrap.WaitListener;
import dev.threadleak.agent.executors.ExecutorRegistry;
import dev.threadleak.agent.executors.ReportedPool;
import dev.threadleak.agent.memory.Identity;
import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.RecordedThreads;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.ThreadRef;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a parked thread waits on and which waits the recorded facts prove endless, for real threads
 * parked in real queues and futures, their waits reported through the listener interfaces as the
 * woven JDK reports them.
 */
class WaitFactsTest {

    private final ThreadRegistry threads = new ThreadRegistry(new CreationSites(CreationStacks.OFF, 8), true, 100);
    private final ExecutorRegistry executors = new ExecutorRegistry(threads, 100);
    private final WaitRegistry waits = new WaitRegistry(threads);
    private final WaitListener listener = waits;
    private final WaitFacts facts = new WaitFacts(threads, waits, executors);
    private final RecordedThreads recorded = new RecordedThreads(threads);

    @AfterEach
    void stopThreads() throws InterruptedException {
        recorded.close();
    }

    @Test
    void aConsumerParkedInTakeIsDescribedByItsQueueNotByTheQueuesCondition() throws Exception {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(4);
        AtomicReference<Object> notEmpty = new AtomicReference<>();
        Thread consumer = recorded.start("consumer", () -> {
            queue.take(); // parks once, so that the test can see the queue's condition
            listener.waitBegins(notEmpty.get(), WaitListener.CONDITION, -1); // as the woven await does
            queue.take();
        });
        RecordedThreads.awaitParked(consumer, t -> LockSupport.getBlocker(t) != null);
        notEmpty.set(LockSupport.getBlocker(consumer));
        listener.channelPart(queue, notEmpty.get()); // as the queue's constructor reports it
        queue.put("wake up");
        RecordedThreads.awaitParked(consumer, t -> threads.recordOf(t).currentWait() != null);

        WaitFacts.Parked parked = facts.snapshot().parked(consumer, consumer.getStackTrace());

        BlockedOn on = parked.blockedOn();
        assertEquals("java.util.concurrent.ArrayBlockingQueue.take", on.operation());
        assertEquals(Identity.of(queue), on.object());
        assertEquals(0, on.queueSize());
        assertEquals(4, on.queueCapacity());
        assertNotNull(on.sinceMillis(), "the wait was recorded: we know since when");
        assertNull(on.timeoutMillis());
        assertNull(parked.proof(), "a producer may still come: no fact proves this wait endless");
    }

    /**
     * A forgotten sender whose wait began before a late attach: parked on the queue's transferer,
     * which JDK 21+ makes a {@code LinkedTransferQueue} counting the sender itself; read as a queue
     * it said "size 1 of unbounded". It says who waits on the other side, as a recorded wait does.
     */
    @Test
    void aSenderParkedBeforeTheAttachOnASynchronousQueueSaysNoTakerWaitsNotASize() throws Exception {
        SynchronousQueue<String> results = new SynchronousQueue<>();
        Thread sender = recorded.start("sender", () -> results.put("result")); // no wait recorded: it predates us
        RecordedThreads.awaitParked(sender, t -> LockSupport.getBlocker(t) != null);

        BlockedOn on = facts.snapshot().parked(sender, sender.getStackTrace()).blockedOn();

        assertEquals("java.util.concurrent.SynchronousQueue.put", on.operation());
        assertNull(on.queueSize(), on.toString());
        assertNull(on.queueCapacity(), on.toString());
        if (Runtime.version().feature() >= 21) { // JDK 17's transferer tells nothing of who waits
            assertEquals("queue empty, no taker waiting", on.detail());
        }
        results.take(); // the sender's end
    }

    @Test
    void aGetOnATaskThatWillNeverRunIsBlockedForever() throws Exception {
        Future<String> never = droppedTask();
        Thread waiter = recorded.start("waiter", () -> {
            listener.waitBegins(never, WaitListener.FUTURE_TASK, false, 0); // as FutureTask.awaitDone reports it
            never.get();
        });
        RecordedThreads.awaitParked(waiter, t -> threads.recordOf(t).currentWait() != null);

        WaitFacts.Parked parked = facts.snapshot().parked(waiter, waiter.getStackTrace());

        assertEquals("java.util.concurrent.FutureTask.get", parked.blockedOn().operation());
        assertTrue(parked.proof() != null && parked.proof().contains("returned by shutdownNow() without having run"),
                parked.proof());
        assertEquals(parked.proof(), parked.blockedOn().why());
    }

    @Test
    void aJoinOnAThreadBlockedForeverIsBlockedForeverToo() throws Exception {
        Future<String> never = droppedTask();
        Thread waiter = recorded.start("waiter", () -> {
            listener.waitBegins(never, WaitListener.FUTURE_TASK, false, 0);
            never.get();
        });
        Thread joiner = recorded.start("joiner", () -> {
            listener.waitBegins(waiter, WaitListener.THREAD_JOIN, 0); // as Thread.join(long) reports join()
            waiter.join();
        });
        RecordedThreads.awaitParked(waiter, t -> threads.recordOf(t).currentWait() != null);
        RecordedThreads.awaitParked(joiner, t -> threads.recordOf(t).currentWait() != null);

        String proof = facts.snapshot().parked(joiner, joiner.getStackTrace()).proof();

        assertTrue(proof != null && proof.startsWith("it joins \"waiter\" #" + waiter.getId()
                + ", which is blocked forever: "), proof);
    }

    @Test
    void aWaitThatEndedByAnExceptionIsNotTakenForTheOneTheThreadIsIn() throws Exception {
        Future<String> never = droppedTask();
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
        Thread consumer = recorded.start("consumer", () -> {
            listener.waitBegins(never, WaitListener.FUTURE_TASK, false, 0); // a get whose end was never reported
            queue.take();
        });
        RecordedThreads.awaitParked(consumer, t -> LockSupport.getBlocker(t) != null);

        WaitFacts.Parked parked = facts.snapshot().parked(consumer, consumer.getStackTrace());

        assertEquals("java.util.concurrent.ArrayBlockingQueue.take", parked.blockedOn().operation());
        assertNull(parked.proof(), "the stale wait on a task that will never run must not make this one endless");
    }

    @Test
    void aThreadInObjectWaitIsDescribedByItsMonitorFromTheRecordOrTheJvm() throws Exception {
        Object monitor = new Object();
        Thread recorded = this.recorded.start("recorded-wait", () -> {
            synchronized (monitor) {
                listener.waitBegins(monitor, WaitListener.MONITOR_WAIT, 0); // as the woven Object.wait reports it
                monitor.wait();
            }
        });
        Object other = new Object();
        Thread unrecorded = this.recorded.start("unrecorded-wait", () -> {
            synchronized (other) {
                other.wait(); // JDK 17's native wait(0) when called directly: no record
            }
        });
        RecordedThreads.awaitParked(recorded, t -> threads.recordOf(t).currentWait() != null);
        RecordedThreads.awaitParked(unrecorded, t -> true);

        BlockedOn on = facts.snapshot().parked(recorded, recorded.getStackTrace()).blockedOn();
        assertEquals("java.lang.Object.wait", on.operation());
        assertEquals(Identity.of(monitor), on.object());
        assertNotNull(on.sinceMillis());
        assertEquals(Boolean.TRUE, on.interruptible());
        BlockedOn byTheJvm = facts.snapshot().parked(unrecorded, unrecorded.getStackTrace()).blockedOn();
        assertEquals("java.lang.Object.wait", byTheJvm.operation());
        assertEquals(Identity.of(other), byTheJvm.object(), "ThreadMXBean names it as Identity does");
    }

    /** jline3's trial: a thread blocked on System.in's monitor, which Surefire's command reader held, read as a stream. */
    @Test
    void aMonitorThatIsAStandardStreamSaysWhichOne() throws Exception {
        InputStream in = System.in;
        InputStream stdin = new BufferedInputStream(new ByteArrayInputStream(new byte[0]));
        System.setIn(stdin);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            recorded.start("reader", () -> {
                synchronized (stdin) {
                    held.countDown();
                    release.await();
                }
            });
            held.await();
            Thread blocked = recorded.start("blocked", () -> {
                synchronized (stdin) {
                    stdin.notifyAll();
                }
            });
            RecordedThreads.awaitState(blocked, Thread.State.BLOCKED, t -> true);

            BlockedOn on = facts.snapshot().parked(blocked, blocked.getStackTrace()).blockedOn();

            assertEquals(Identity.of(stdin) + " (System.in)", on.object());
        } finally {
            release.countDown();
            System.setIn(in);
        }
    }

    @Test
    void aThreadBlockedEnteringAMonitorNamesItAndItsOwner() throws Exception {
        Object monitor = new Object();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread owner = recorded.start("owner", () -> {
            synchronized (monitor) {
                held.countDown();
                release.await();
            }
        });
        held.await();
        Thread blocked = recorded.start("blocked", () -> {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        });
        try {
            RecordedThreads.awaitState(blocked, Thread.State.BLOCKED, t -> true);

            BlockedOn on = facts.snapshot().parked(blocked, blocked.getStackTrace()).blockedOn();

            assertEquals(Identity.of(monitor), on.object());
            assertEquals(new ThreadRef(owner.getId(), "owner"), on.owner());
            assertEquals(Boolean.FALSE, on.interruptible(), "no interrupt lets a thread into a monitor");
            assertTrue(on.operation().endsWith("lambda$aThreadBlockedEnteringAMonitorNamesItAndItsOwner$"
                    + on.operation().substring(on.operation().lastIndexOf('$') + 1)), on.operation());
        } finally {
            release.countDown();
        }
    }

    @Test
    void aSynchronizerWaitIsNamedByItsOperationStateAndHolder() throws Exception {
        CountDownLatch latch = new CountDownLatch(2);
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        try {
            Thread awaiting = recorded.start("latch-waiter", latch::await);
            Thread locking = recorded.start("lock-waiter", lock::lockInterruptibly);
            RecordedThreads.awaitParked(awaiting, t -> LockSupport.getBlocker(t) != null);
            RecordedThreads.awaitParked(locking, t -> LockSupport.getBlocker(t) != null);
            WaitFacts withInternals = new WaitFacts(threads, waits, executors, new ReadsState());

            BlockedOn latchWait = withInternals.snapshot().parked(awaiting, awaiting.getStackTrace()).blockedOn();
            BlockedOn lockWait = withInternals.snapshot().parked(locking, locking.getStackTrace()).blockedOn();

            assertEquals("java.util.concurrent.CountDownLatch.await", latchWait.operation());
            assertTrue(latchWait.object().startsWith("java.util.concurrent.CountDownLatch$Sync@"), latchWait.object());
            assertEquals("count 2", latchWait.detail());
            assertEquals("java.util.concurrent.locks.ReentrantLock.lockInterruptibly", lockWait.operation());
            assertEquals(new ThreadRef(Thread.currentThread().getId(), Thread.currentThread().getName()),
                    lockWait.owner(), "the JVM names the holder of an ownable synchronizer");
        } finally {
            lock.unlock();
        }
    }

    @Test
    void aParkOnABlockerWeDoNotModelNamesTheBlocker() throws Exception {
        Object blocker = new StringBuilder("mine");
        Thread parked = recorded.start("parked", () -> LockSupport.park(blocker));
        RecordedThreads.awaitParked(parked, t -> LockSupport.getBlocker(t) == blocker);

        BlockedOn on = facts.snapshot().parked(parked, parked.getStackTrace()).blockedOn();

        assertEquals("java.util.concurrent.locks.LockSupport.park", on.operation());
        assertEquals(Identity.of(blocker), on.object());
        LockSupport.unpark(parked);
    }

    @Test
    void aSleepingThreadIsNotDescribed() throws Exception {
        Thread sleeping = recorded.start("sleeping", () -> Thread.sleep(60_000));
        RecordedThreads.awaitState(sleeping, Thread.State.TIMED_WAITING, t -> true);

        assertNull(facts.snapshot().parked(sleeping, sleeping.getStackTrace()));
    }

    /** Reads a synchronizer's state the way the agent's opened internals do, through its public view. */
    private static final class ReadsState implements SynchronizerInternals {
        @Override
        public Long state(Object synchronizer) {
            return synchronizer.getClass().getName().startsWith("java.util.concurrent.CountDownLatch$") ? 2L : null;
        }
    }

    /** A future whose task was returned by {@code shutdownNow()}, as the executor registry heard it. */
    private Future<String> droppedTask() throws InterruptedException {
        return new ReportedPool(executors, null).taskDroppedByShutdownNow();
    }
}
