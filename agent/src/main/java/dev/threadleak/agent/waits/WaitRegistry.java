package dev.threadleak.agent.waits;

import dev.threadleak.agent.bootstrap.WaitListener;
import dev.threadleak.agent.memory.RecordBound;
import dev.threadleak.agent.memory.WeakIdentityMap;
import dev.threadleak.agent.threads.CurrentWait;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import java.lang.ref.WeakReference;

/**
 * Records, on the waiting thread's own record, what it is about to park on; clears it when the
 * wait returns. A wait that ends by an exception leaves a stale entry, which reports recognise
 * (the thread is no longer parked there) and the next wait overwrites. Also maps a queue's
 * conditions (and a SynchronousQueue's transferer) back to the queue, weakly both ways.
 */
public final class WaitRegistry implements WaitListener {

    private final ThreadRegistry threads;
    private final WeakIdentityMap<WeakReference<Object>> channelOfPart = new WeakIdentityMap<>();

    public WaitRegistry(ThreadRegistry threads) {
        this.threads = threads;
    }

    @Override
    public void waitBegins(Object on, int kind, long timeout) {
        ThreadRecord record = threads.recordOf(Thread.currentThread());
        if (record != null) {
            record.currentWait(new CurrentWait(on, kind, System.nanoTime(), timeoutNanos(kind, timeout)));
        }
    }

    @Override
    public void waitBegins(Object on, int kind, boolean timed, long nanos) {
        waitBegins(on, kind, timed ? nanos : CurrentWait.UNTIMED);
    }

    @Override
    public void waitEnds() {
        ThreadRecord record = threads.recordOf(Thread.currentThread());
        if (record != null && record.currentWait() != null) {
            record.currentWait(null);
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

    private static long timeoutNanos(int kind, long timeout) {
        if (kind == THREAD_JOIN) {
            return timeout == 0 ? CurrentWait.UNTIMED : timeout * 1_000_000;
        }
        // the transfer queues pass Long.MAX_VALUE for "forever"
        return timeout >= Long.MAX_VALUE / 2 ? CurrentWait.UNTIMED : timeout;
    }
}
