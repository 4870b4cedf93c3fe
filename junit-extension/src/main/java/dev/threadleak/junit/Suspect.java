package dev.threadleak.junit;

import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Something a test made that is not finished: a thread, an executor never shut down, or a task
 * not done, as the report would show it, with the live threads behind it where we can reach
 * them (not for a virtual thread seen only in a thread dump).
 */
final class Suspect {

    private final Leak leak;
    private final Thread thread;
    private final List<Thread> workers;
    private List<Frame> stack;

    /** {@code thread}: the thread itself (null if unreachable); {@code workers}: an executor's live workers. */
    Suspect(Leak leak, Thread thread, List<Thread> workers) {
        this.leak = leak;
        this.thread = thread;
        this.workers = List.copyOf(workers);
    }

    Suspect(Leak leak, Thread thread) {
        this(leak, thread, List.of());
    }

    /** The same leak without the live threads behind it, once the check that joins and matches them is over. */
    Suspect detached() {
        return new Suspect(leak, null, List.of());
    }

    Leak leak() {
        return leak;
    }

    /** The thread that is the leak, to join; null for an executor, a task, or a thread known only from a dump. */
    Thread thread() {
        return thread;
    }

    List<Thread> workers() {
        return workers;
    }

    /** Identifies it across the checks of a run: a thread by id, an executor or task by identity. */
    String key() {
        if (leak.executor() != null) {
            return "executor " + leak.executor().identity();
        }
        if (leak.task() != null) {
            return "task " + leak.task().identity();
        }
        return "thread " + leak.thread().id();
    }

    /**
     * Whether a heap proof could settle it: a thread parked, without a timeout, on something the
     * report names (a timed wait ends by itself; a proven verdict needs no second proof).
     */
    boolean provable() {
        return (leak.kind() == LeakKind.THREAD || leak.kind() == LeakKind.VIRTUAL_THREAD)
                && leak.blockedOn() != null && leak.blockedOn().timeoutMillis() == null
                && leak.verdict() != Verdict.BLOCKED_FOREVER && leak.verdict() != Verdict.DEADLOCKED;
    }

    /** How a person would recognise it: {@code "worker-1" #31}, or the executor's or task's identity. */
    String describe() {
        if (leak.executor() != null) {
            return leak.executor().identity();
        }
        if (leak.task() != null) {
            return leak.task().identity();
        }
        return leak.thread().ref().toString();
    }

    /**
     * The thread names an ignore-by-name rule looks at: the thread's; an executor's workers'
     * (all must match); a running task's thread's.
     */
    List<String> names() {
        List<String> names = new ArrayList<>();
        if (leak.kind() == LeakKind.EXECUTOR && leak.executor() != null) {
            for (ThreadRef worker : leak.executor().workers()) {
                names.add(worker.name());
            }
        } else if (leak.kind() == LeakKind.TASK) {
            if (leak.task() != null && leak.task().runningIn() != null) {
                names.add(leak.task().runningIn().name());
            }
        } else if (leak.thread() != null) {
            names.add(leak.thread().name());
        }
        return names;
    }

    /**
     * Where it is now. The agent takes current stacks for only a few threads of each creation
     * site (each costs a handshake); an ignore rule may need the others', so we take them here,
     * once, and only when a rule asks.
     */
    List<Frame> currentStack() {
        if (!leak.stack().isEmpty()) {
            return leak.stack();
        }
        if (stack == null) {
            stack = thread == null ? List.of() : framesOf(thread.getStackTrace());
        }
        return stack;
    }

    static List<Frame> framesOf(StackTraceElement[] elements) {
        List<Frame> frames = new ArrayList<>(elements.length);
        for (StackTraceElement e : elements) {
            frames.add(Frame.of(e));
        }
        return frames;
    }
}
