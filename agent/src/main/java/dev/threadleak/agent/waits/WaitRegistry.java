package dev.threadleak.agent.waits;

import dev.threadleak.agent.bootstrap.WaitListener;
import dev.threadleak.agent.memory.RecordBound;
import dev.threadleak.agent.memory.WeakIdentityMap;
import dev.threadleak.agent.threads.CurrentWait;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import java.lang.ref.WeakReference;
import java.util.function.LongSupplier;

/**
 * Records, on the waiting thread's own record, what it is about to park on; clears it when the
 * wait returns (back to the join it happened inside of, if any). A wait that ends by an
 * exception leaves a stale entry, which reports and the proof recognise (the thread is no longer
 * parked there) and the next wait overwrites. Also maps a queue's
 * conditions (and a SynchronousQueue's transferer) back to the queue, weakly both ways.
 */
public final class WaitRegistry implements WaitListener {

    private final ThreadRegistry threads;
    private final LongSupplier clock;
    private final WeakIdentityMap<WeakReference<Object>> channelOfPart = new WeakIdentityMap<>();

    public WaitRegistry(ThreadRegistry threads) {
        this(threads, new MonotonicClock());
    }

    /** With {@code clock} for {@link System#nanoTime()}: a test's stand-in for a clock the application redefined. */
    WaitRegistry(ThreadRegistry threads, LongSupplier clock) {
        this.threads = threads;
        this.clock = clock;
    }

    @Override
    public void waitBegins(Object on, int kind, long timeout) {
        begin(on, kind, true, timeout);
    }

    @Override
    public void waitBegins(Object on, int kind, boolean timed, long nanos) {
        begin(on, kind, true, timed ? nanos : CurrentWait.UNTIMED);
    }

    @Override
    public void waitBegins(Object on, int kind, boolean interruptible, boolean timed, long nanos) {
        begin(on, kind, interruptible, timed ? nanos : CurrentWait.UNTIMED);
    }

    private void begin(Object on, int kind, boolean interruptible, long timeout) {
        if (kind == THREAD_JOIN && on instanceof Thread joined && !joined.isAlive()) {
            return; // Thread.join is advised at its entry: a join of a thread that ended does not wait
        }
        ThreadRecord record = threads.recordOfCurrent();
        if (record == null || !record.beginsWaitBookkeeping()) {
            return;
        }
        try {
            record(record, on, kind, interruptible, timeout);
        } finally {
            record.endsWaitBookkeeping();
        }
    }

    /**
     * Writes the wait on {@code record}. The clock it reads may be the application's: JMockit's
     * {@code MockUp<System>} redefines {@code System.nanoTime} into code that takes a lock of its
     * own, and a wait for that lock came back here, again and again, inside the JDK's acquire of
     * it, until the stack overflowed there (servicecomb's trial: a lock left with no owner and
     * threads parked on it forever). A wait begun while this runs, and its end, are not recorded.
     */
    private void record(ThreadRecord record, Object on, int kind, boolean interruptible, long timeout) {
        long now = clock.getAsLong();
        int plainKind = kind & ~DEADLINE;
        long nanos = (kind & DEADLINE) != 0 && timeout != CurrentWait.UNTIMED
                ? (timeout == 0 ? CurrentWait.UNTIMED : Math.max(0, timeout - now)) // a deadline of 0: none
                : timeoutNanos(plainKind, timeout);
        CurrentWait outer = record.currentWait();
        // a join waits in Object.wait or on a latch (JDK 21+): the join is what the thread does
        CurrentWait inside = outer != null && outer.kind() == THREAD_JOIN && outer.outer() == null ? outer : null;
        record.currentWait(new CurrentWait(on, plainKind, now, nanos, interruptible, inside));
    }

    @Override
    public void waitEnds() {
        ThreadRecord record = threads.recordOfCurrent();
        CurrentWait current = record == null || record.inWaitBookkeeping() ? null : record.currentWait();
        if (current != null) {
            record.currentWait(current.outer());
        }
    }

    @Override
    public void channelPart(Object channel, Object part) {
        if (part != null && channelOfPart.get(part) == null
                && threads.bound().admits(RecordBound.Kind.QUEUES, channelOfPart.size())) {
            channelOfPart.putIfAbsent(part, new WeakReference<>(channel));
        }
    }

    /** Drops what it knew of queues the garbage collector took. */
    public void expungeStale() {
        channelOfPart.expungeStale();
    }

    /** The queue a condition or transferer belongs to, or {@code part} itself when unknown. */
    public Object channelOf(Object part) {
        if (part == null) {
            return null;
        }
        WeakReference<Object> channel = channelOfPart.get(part);
        Object known = channel == null ? null : channel.get();
        return known == null ? part : known;
    }

    /** {@link System#nanoTime()}; a class, not a method reference: it is made under {@code premain}. */
    private static final class MonotonicClock implements LongSupplier {
        @Override
        public long getAsLong() {
            return System.nanoTime();
        }
    }

    private static long timeoutNanos(int kind, long timeout) {
        if (kind == THREAD_JOIN || kind == MONITOR_WAIT) {
            return timeout == 0 ? CurrentWait.UNTIMED : timeout * 1_000_000;
        }
        // the transfer queues pass Long.MAX_VALUE for "forever"
        return timeout >= Long.MAX_VALUE / 2 ? CurrentWait.UNTIMED : timeout;
    }
}
