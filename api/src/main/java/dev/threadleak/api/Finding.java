package dev.threadleak.api;

import dev.threadleak.report.ExecutorInfo;
import dev.threadleak.report.Frame;
import dev.threadleak.report.KnownThreads;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.TaskInfo;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Something a scope made that is not finished (a thread, an executor never shut down, a task
 * not done) as the report shows it, with the live threads behind it while a check looks at it.
 * Results hold it {@link #detached()}: whoever holds a thread can interrupt it, so a held thread
 * would look wakeable to a heap proof.
 */
public final class Finding {

    private final Leak leak;
    private final Thread thread;
    private final List<Thread> workers;
    private final String heldBy;
    private final String keptBy;
    private final ThreadRef startedWith;
    private List<Frame> stack;

    /**
     * @param thread  the thread that is the leak, or null (an executor, a task, a thread known only
     *                from a thread dump)
     * @param workers an executor's live workers
     */
    public Finding(Leak leak, Thread thread, List<Thread> workers) {
        this(leak, thread, workers, null, null, null);
    }

    private Finding(Leak leak, Thread thread, List<Thread> workers, String heldBy, String keptBy,
                    ThreadRef startedWith) {
        this.leak = leak;
        this.thread = thread;
        this.workers = List.copyOf(workers);
        this.heldBy = heldBy;
        this.keptBy = keptBy;
        this.startedWith = startedWith;
    }

    public Finding(Leak leak, Thread thread) {
        this(leak, thread, List.of());
    }

    public Leak leak() {
        return leak;
    }

    /** The thread that is the leak, to join; null for an executor, a task, or once detached. */
    public Thread thread() {
        return thread;
    }

    /** An executor's live workers, or the worker a running task runs in; empty once detached. */
    public List<Thread> workers() {
        return workers;
    }

    /** The same finding, its leak told as {@code told} (a reason that says more). */
    Finding withLeak(Leak told) {
        return new Finding(told, thread, workers, heldBy, keptBy, startedWith);
    }

    /** The same finding without the live threads behind it. */
    public Finding detached() {
        return thread == null && workers.isEmpty() ? this
                : new Finding(leak, null, List.of(), heldBy, keptBy, startedWith);
    }

    /**
     * The static field that holds it the way a singleton is held, through object fields alone
     * ({@code org.apache.commons.vfs2.VFS.instance}), as a check's heap dump found; null when none
     * does or no dump looked. Such a thread or executor is one per static field however often
     * the code that made it runs: it lives as long as the JVM, like what a class initializer
     * starts. A check's filter sees it once the dump has looked.
     */
    public String heldBy() {
        return heldBy;
    }

    /** The same finding, held by static field {@code field} ({@link #heldBy()}). */
    public Finding heldBy(String field) {
        return new Finding(leak, thread, workers, field, keptBy, null);
    }

    /**
     * The thread a static field holds ({@link #heldBy()}) that this one was started with, in one call
     * of the code (a library's lazy start of a JVM-wide service: the client's thread its field
     * holds, and the threads of the server it started beside it, which only their own stacks
     * hold), or by; null when the field holds this one itself, or none does.
     */
    public ThreadRef startedWith() {
        return startedWith;
    }

    /** The same finding, the field's through {@code thread}, which it holds ({@link #startedWith()}). */
    public Finding heldWith(String field, ThreadRef thread) {
        return new Finding(leak, this.thread, workers, field, keptBy, thread);
    }

    /**
     * The program's static field that keeps it through a collection, an array or a map
     * ({@code com.acme.Manager.REGIONS}), as a check's heap dump found when no static field holds
     * it as a singleton ({@link #heldBy()}); {@code leak().keptThrough()} names it too, for the
     * reader. Null when none does or no dump looked. What a static field keeps outlives the code
     * that made it, and may have been made for whichever caller came first (a cache's pool per
     * region, made for the first caller that named the region). A check's filter sees it once the
     * dump has looked.
     */
    public String keptBy() {
        return keptBy;
    }

    /** The same finding, kept by static field {@code field} ({@link #keptBy()}). */
    public Finding keptBy(String field) {
        return new Finding(leak, thread, workers, heldBy, field, startedWith);
    }

    /**
     * True when waiting cannot change it, so a check need not wait for it: an executor the code
     * never shut down and that runs no task now, a task that will never run, a thread proven
     * blocked forever or deadlocked. Not an executor with a task under way: that task may shut it
     * down (a pool made for one job, which its last task shuts down as it ends). Not one whose idle
     * workers end by themselves: once they have, it holds nothing ({@link #wakesAfter} says whether
     * that comes in time). Not a periodic task: any of its runs may cancel it, the one under way as
     * a check looks too ({@link #periodicTask()}). A {@code Cleaner}'s thread is: it ends only when
     * its {@code Cleaner} is collected, which a check does before it looks, never when its wait
     * ends (on JDK 17, whose wait's end is not known, a class's end waited 5 s for one to wake).
     */
    public boolean settled() {
        if (leak.verdict() == Verdict.BLOCKED_FOREVER || leak.verdict() == Verdict.DEADLOCKED) {
            return true;
        }
        if (leak.kind() == LeakKind.THREAD && KnownThreads.runsCleanersLoop(leak.stack())) {
            return true;
        }
        if (leak.kind() == LeakKind.EXECUTOR) {
            ExecutorInfo executor = leak.executor();
            boolean runsATask = executor != null && executor.activeTasks() != null && executor.activeTasks() > 0;
            return leak.verdict() == Verdict.LEAKED && !runsATask && idleWorkersEndAfter(executor) == null;
        }
        TaskInfo task = leak.task();
        return leak.kind() == LeakKind.TASK && task != null && leak.verdict() == Verdict.LEAKED
                && "lost".equals(task.state());
    }

    /**
     * True for a periodic task nobody cancelled: it runs until cancelled, unless a run of its own
     * cancels it. A check knows which only once a run has begun after it first looked, the one
     * before having ended without cancelling it ({@link GracePeriod}).
     */
    boolean periodicTask() {
        TaskInfo task = leak.task();
        return leak.kind() == LeakKind.TASK && task != null && leak.verdict() == Verdict.LEAKED
                && Boolean.TRUE.equals(task.periodic()) && task.cancelledWith() == null;
    }

    /** How many runs of a task have begun, 0 where not known. */
    int runsBegun() {
        TaskInfo task = leak.task();
        return task == null || task.runs() == null ? 0 : task.runs();
    }

    /**
     * True when it is a thread in a timed wait or a sleep that ends, by itself, only after
     * {@code millis} from now: waiting that long cannot end it (an interrupt could); an executor
     * whose idle workers end by themselves only after that long; or a queued task that its
     * scheduled pool starts only after that long (the next run of a periodic one), whose run
     * under way cannot cancel it either.
     */
    public boolean wakesAfter(long millis) {
        Long idle = idleWorkersEndAfter(leak.executor());
        if (idle != null) {
            return idle > millis;
        }
        if (leak.task() != null && leak.task().nextRunInMillis() != null) {
            return leak.task().nextRunInMillis() > millis; // a queued task its scheduled pool starts only then
        }
        Long wakesIn = leak.blockedOn() == null ? null : leak.blockedOn().wakesInMillis();
        return wakesIn != null && wakesIn > millis;
    }

    /**
     * True when waiting {@code millis} more could end it: it is not {@linkplain #settled() settled}
     * and does not {@linkplain #wakesAfter wake only after} that. What a grace period waits for
     * (not public: the api's pinned surface has its two parts, which a caller elsewhere combines).
     */
    boolean couldEndWithin(long millis) {
        return !settled() && !wakesAfter(millis);
    }

    /**
     * How long its idle workers live, when every one ends so; null for no executor, or one whose
     * workers stay. Whatever its workers list shows: one that ended as the pool was looked at
     * leaves the pool to drop out at the next look, which a check must take.
     */
    private static Long idleWorkersEndAfter(ExecutorInfo executor) {
        return executor == null ? null : executor.idleWorkersEndAfterMillis();
    }

    /** Identifies it across the checks of a run: a thread by id, an executor or a task by identity. */
    public String key() {
        if (leak.executor() != null) {
            return "executor " + leak.executor().identity();
        }
        if (leak.task() != null) {
            return "task " + leak.task().identity();
        }
        return "thread " + leak.thread().id();
    }

    /** How a person recognises it: {@code "worker-1" #31}, or the executor's or task's identity. */
    public String describe() {
        if (leak.executor() != null) {
            return leak.executor().identity();
        }
        if (leak.task() != null) { // the code inside the JDK's future: "FutureTask@1d71006f" alone names nothing
            TaskInfo task = leak.task();
            return task.identity() + (task.wraps() == null ? "" : " wrapping " + TaskInfo.codeName(task.wraps()));
        }
        return leak.thread().ref().toString();
    }

    /**
     * The thread names a rule by name looks at: the thread's; an executor's workers' (a rule
     * should require all of them); a running task's thread's.
     */
    public List<String> names() {
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
     * site (each costs a handshake); a filter may need the others', so they are taken here, once,
     * and only when asked for.
     */
    public List<Frame> currentStack() {
        if (!leak.stack().isEmpty()) {
            return leak.stack();
        }
        if (stack == null) {
            stack = thread == null ? List.of() : Frame.of(thread.getStackTrace(), Integer.MAX_VALUE);
        }
        return stack;
    }

    @Override
    public String toString() {
        return key();
    }
}
