package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One finding: what (kind; the thread, executor or task), how sure (verdict, reason), where it was created and by whom,
 * how old, what it waits on, and what it is doing now. Identical findings (same kind, verdict and
 * creation site) are grouped: {@code count} says how many, {@code members} names a few of them.
 * {@code cycle}, for {@link Verdict#DEADLOCKED}, lists every member of the wait-for cycle.
 * {@code createdAtCut} is true when the creation stack went on below the frames kept (the agent's
 * {@code stack-depth}): {@code createdAt} is then its top part only, and the caller's own frame may
 * be in what was cut. Absent when the stack is whole. {@code startedFrom}, in a scope's report,
 * is why it is the scope's when a thread the scope watched did not make it itself: that thread
 * first, then each thread it started, down to the creator. Absent otherwise. {@code keptThrough}, in
 * a scope's report when a heap dump looked, is the program's static field that keeps it through a
 * collection, an array or a map: not a singleton (such a collection can grow), but where to end it.
 * {@code createdFrom}, when {@code createdAt} was cut, are the frames of the application's code in
 * what was cut that the JDK, reflection or a framework called (a test method, a lambda a Spring
 * context ran, {@code main}), innermost first, a few: the line a reader of a deep stack needs.
 * Absent otherwise. {@code stackCut} is true when the current stack went on below the frames of
 * {@code stack} kept (the same {@code stack-depth}); absent when it is whole. {@code elsewhere}, in
 * a group, counts the members whose current stack passes through other methods than {@code stack},
 * which is its first member's: those members are not where {@code stack} says. Absent when none is.
 * {@code startedFromAt}, with {@code startedFrom}, is the application's frame where the scope's
 * thread started the next thread of that chain: the line of the test (or of the code it called)
 * that set the chain going, which the creator's own stack does not show. Absent when unknown.
 * {@code keptVia}, with {@code keptThrough}, names the program's classes on a shortest chain of
 * references from that field to it, nearest the field first (the JDK's objects left out; {@code
 * ...} where a long chain was cut in its middle): what holds it, for a reader to end. Absent when
 * the field, or only the JDK's collections, refer to it. {@code workersInAll}, in a group of
 * executors, counts the live workers of all its members: the one shown says its own only (Spring
 * Batch's trial: ten pools of three workers read as three threads). Absent otherwise. {@code
 * stacksRead}, in a group of threads that shows a stack, counts the members whose current stacks
 * were read, where not every member's was (a report reads a few of each creation site and wait):
 * {@code elsewhere} is of those, and nothing is known of where the others are. Absent otherwise.
 * {@code waitObjects}, in a group, counts the objects its members wait on, where there are several
 * (of one class: {@code blockedOn} names the first member's). Absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Leak(LeakKind kind, Verdict verdict, int count, ThreadInfo thread, List<Frame> createdAt,
                   ThreadRef createdBy, long ageMillis, BlockedOn blockedOn, List<Frame> stack,
                   boolean preExisting, String reason, List<ThreadRef> members, ExecutorInfo executor,
                   TaskInfo task, List<ThreadRef> cycle, Boolean createdAtCut, List<ThreadRef> startedFrom,
                   String keptThrough, List<Frame> createdFrom, Boolean stackCut, Integer elsewhere,
                   Frame startedFromAt, List<String> keptVia, Integer workersInAll, Integer stacksRead,
                   Integer waitObjects) {

    public Leak {
        createdAt = createdAt == null ? List.of() : List.copyOf(createdAt);
        stack = stack == null ? List.of() : List.copyOf(stack);
        members = members == null || members.isEmpty() ? null : List.copyOf(members);
        cycle = cycle == null || cycle.isEmpty() ? null : List.copyOf(cycle);
        if (count < 1) {
            count = 1;
        }
        if (!Boolean.TRUE.equals(createdAtCut)) {
            createdAtCut = null; // absent, as in every report from before it existed
        }
        startedFrom = startedFrom == null || startedFrom.size() < 2 ? null : List.copyOf(startedFrom);
        createdFrom = createdFrom == null || createdFrom.isEmpty() ? null : List.copyOf(createdFrom);
        if (!Boolean.TRUE.equals(stackCut)) {
            stackCut = null; // absent for a whole stack
        }
        if (elsewhere != null && (elsewhere < 1 || elsewhere >= count)) {
            elsewhere = null; // absent when every member is where the stack says (or only one is)
        }
        if (startedFrom == null) {
            startedFromAt = null; // said only of a chain
        }
        keptVia = keptThrough == null || keptVia == null || keptVia.isEmpty() ? null : List.copyOf(keptVia);
        if (workersInAll != null && (count < 2 || workersInAll < 0)) {
            workersInAll = null; // said only of a group
        }
        if (stacksRead != null && (stacksRead < 1 || stacksRead >= count || stack.isEmpty())) {
            stacksRead = null; // said only of a group that shows a stack and did not read every member's
        }
        if (waitObjects != null && (waitObjects < 2 || count < 2 || blockedOn == null)) {
            waitObjects = null; // said only of a group whose members wait on more than one object
        }
    }

    /** A leak whose members all wait on one object, or a lone one: the form before {@code waitObjects}. */
    public Leak(LeakKind kind, Verdict verdict, int count, ThreadInfo thread, List<Frame> createdAt,
                ThreadRef createdBy, long ageMillis, BlockedOn blockedOn, List<Frame> stack, boolean preExisting,
                String reason, List<ThreadRef> members, ExecutorInfo executor, TaskInfo task, List<ThreadRef> cycle,
                Boolean createdAtCut, List<ThreadRef> startedFrom, String keptThrough, List<Frame> createdFrom,
                Boolean stackCut, Integer elsewhere, Frame startedFromAt, List<String> keptVia, Integer workersInAll,
                Integer stacksRead) {
        this(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting, reason,
                members, executor, task, cycle, createdAtCut, startedFrom, keptThrough, createdFrom, stackCut, elsewhere,
                startedFromAt, keptVia, workersInAll, stacksRead, null);
    }

    /** A leak that read every member's stack, or none: the form before {@code stacksRead}. */
    public Leak(LeakKind kind, Verdict verdict, int count, ThreadInfo thread, List<Frame> createdAt,
                ThreadRef createdBy, long ageMillis, BlockedOn blockedOn, List<Frame> stack, boolean preExisting,
                String reason, List<ThreadRef> members, ExecutorInfo executor, TaskInfo task, List<ThreadRef> cycle,
                Boolean createdAtCut, List<ThreadRef> startedFrom, String keptThrough, List<Frame> createdFrom,
                Boolean stackCut, Integer elsewhere, Frame startedFromAt, List<String> keptVia, Integer workersInAll) {
        this(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting, reason,
                members, executor, task, cycle, createdAtCut, startedFrom, keptThrough, createdFrom, stackCut, elsewhere,
                startedFromAt, keptVia, workersInAll, null);
    }

    /** A leak that does not count a group's workers: the form before {@code workersInAll}. */
    public Leak(LeakKind kind, Verdict verdict, int count, ThreadInfo thread, List<Frame> createdAt,
                ThreadRef createdBy, long ageMillis, BlockedOn blockedOn, List<Frame> stack, boolean preExisting,
                String reason, List<ThreadRef> members, ExecutorInfo executor, TaskInfo task, List<ThreadRef> cycle,
                Boolean createdAtCut, List<ThreadRef> startedFrom, String keptThrough, List<Frame> createdFrom,
                Boolean stackCut, Integer elsewhere, Frame startedFromAt, List<String> keptVia) {
        this(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting, reason,
                members, executor, task, cycle, createdAtCut, startedFrom, keptThrough, createdFrom, stackCut, elsewhere,
                startedFromAt, keptVia, null);
    }

    /** A leak that names no chain from the field that keeps it: the form before {@code keptVia}. */
    public Leak(LeakKind kind, Verdict verdict, int count, ThreadInfo thread, List<Frame> createdAt,
                ThreadRef createdBy, long ageMillis, BlockedOn blockedOn, List<Frame> stack, boolean preExisting,
                String reason, List<ThreadRef> members, ExecutorInfo executor, TaskInfo task, List<ThreadRef> cycle,
                Boolean createdAtCut, List<ThreadRef> startedFrom, String keptThrough, List<Frame> createdFrom,
                Boolean stackCut, Integer elsewhere, Frame startedFromAt) {
        this(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting, reason,
                members, executor, task, cycle, createdAtCut, startedFrom, keptThrough, createdFrom, stackCut, elsewhere,
                startedFromAt, null);
    }

    /** A leak that does not say where its chain was set going: the form before {@code startedFromAt}. */
    public Leak(LeakKind kind, Verdict verdict, int count, ThreadInfo thread, List<Frame> createdAt,
                ThreadRef createdBy, long ageMillis, BlockedOn blockedOn, List<Frame> stack, boolean preExisting,
                String reason, List<ThreadRef> members, ExecutorInfo executor, TaskInfo task, List<ThreadRef> cycle,
                Boolean createdAtCut, List<ThreadRef> startedFrom, String keptThrough, List<Frame> createdFrom,
                Boolean stackCut, Integer elsewhere) {
        this(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting, reason,
                members, executor, task, cycle, createdAtCut, startedFrom, keptThrough, createdFrom, stackCut, elsewhere,
                null);
    }

    /** A leak whose members are all where its stack says: the form before {@code elsewhere}. */
    public Leak(LeakKind kind, Verdict verdict, int count, ThreadInfo thread, List<Frame> createdAt,
                ThreadRef createdBy, long ageMillis, BlockedOn blockedOn, List<Frame> stack, boolean preExisting,
                String reason, List<ThreadRef> members, ExecutorInfo executor, TaskInfo task, List<ThreadRef> cycle,
                Boolean createdAtCut, List<ThreadRef> startedFrom, String keptThrough, List<Frame> createdFrom,
                Boolean stackCut) {
        this(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting, reason,
                members, executor, task, cycle, createdAtCut, startedFrom, keptThrough, createdFrom, stackCut, null);
    }

    /** A leak whose current stack is whole: the form before {@code stackCut}. */
    public Leak(LeakKind kind, Verdict verdict, int count, ThreadInfo thread, List<Frame> createdAt,
                ThreadRef createdBy, long ageMillis, BlockedOn blockedOn, List<Frame> stack, boolean preExisting,
                String reason, List<ThreadRef> members, ExecutorInfo executor, TaskInfo task, List<ThreadRef> cycle,
                Boolean createdAtCut, List<ThreadRef> startedFrom, String keptThrough, List<Frame> createdFrom) {
        this(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting, reason,
                members, executor, task, cycle, createdAtCut, startedFrom, keptThrough, createdFrom, null);
    }

    /** A leak that does not say where the application called in below a cut stack: the form before {@code createdFrom}. */
    public Leak(LeakKind kind, Verdict verdict, int count, ThreadInfo thread, List<Frame> createdAt,
                ThreadRef createdBy, long ageMillis, BlockedOn blockedOn, List<Frame> stack, boolean preExisting,
                String reason, List<ThreadRef> members, ExecutorInfo executor, TaskInfo task, List<ThreadRef> cycle,
                Boolean createdAtCut, List<ThreadRef> startedFrom, String keptThrough) {
        this(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting, reason,
                members, executor, task, cycle, createdAtCut, startedFrom, keptThrough, null);
    }

    /** A leak of no scope's chain and no dump's look: the form from before {@code startedFrom} existed. */
    public Leak(LeakKind kind, Verdict verdict, int count, ThreadInfo thread, List<Frame> createdAt,
                ThreadRef createdBy, long ageMillis, BlockedOn blockedOn, List<Frame> stack, boolean preExisting,
                String reason, List<ThreadRef> members, ExecutorInfo executor, TaskInfo task, List<ThreadRef> cycle,
                Boolean createdAtCut) {
        this(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting, reason,
                members, executor, task, cycle, createdAtCut, null, null);
    }

    /** A leak whose creation stack is whole: the form from before {@code createdAtCut} existed. */
    public Leak(LeakKind kind, Verdict verdict, int count, ThreadInfo thread, List<Frame> createdAt,
                ThreadRef createdBy, long ageMillis, BlockedOn blockedOn, List<Frame> stack, boolean preExisting,
                String reason, List<ThreadRef> members, ExecutorInfo executor, TaskInfo task, List<ThreadRef> cycle) {
        this(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting, reason,
                members, executor, task, cycle, null);
    }

    /** A leak without a cycle: the form from before {@code cycle} existed. */
    public Leak(LeakKind kind, Verdict verdict, int count, ThreadInfo thread, List<Frame> createdAt,
                ThreadRef createdBy, long ageMillis, BlockedOn blockedOn, List<Frame> stack, boolean preExisting,
                String reason, List<ThreadRef> members, ExecutorInfo executor, TaskInfo task) {
        this(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting, reason,
                members, executor, task, null, null);
    }

    public static Builder builder(LeakKind kind, Verdict verdict) {
        return new Builder(kind, verdict);
    }

    /** The same leak standing for {@code count} identical ones, a few of which are named. */
    public Leak grouped(int newCount, List<ThreadRef> newMembers) {
        return new Leak(kind, verdict, newCount, thread, createdAt, createdBy, ageMillis, blockedOn, stack,
                preExisting, reason, newMembers, executor, task, cycle, createdAtCut, startedFrom, keptThrough,
                createdFrom, stackCut, elsewhere, startedFromAt, keptVia, workersInAll, stacksRead, waitObjects);
    }

    /** The same group of executors, whose members have {@code n} live workers in all ({@code workersInAll}). */
    public Leak withWorkersInAll(int n) {
        return new Leak(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting,
                reason, members, executor, task, cycle, createdAtCut, startedFrom, keptThrough,
                createdFrom, stackCut, elsewhere, startedFromAt, keptVia, n, stacksRead, waitObjects);
    }

    /**
     * The same group, {@code n} of whose members are somewhere other than its {@code stack}, the
     * first member's ({@code elsewhere}).
     */
    public Leak withElsewhere(int n) {
        return new Leak(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting,
                reason, members, executor, task, cycle, createdAtCut, startedFrom, keptThrough,
                createdFrom, stackCut, n, startedFromAt, keptVia, workersInAll, stacksRead, waitObjects);
    }

    /**
     * The same group, of whose members {@code n} had their current stacks read ({@code
     * stacksRead}): a report reads a few members' of each creation site and wait.
     */
    public Leak withStacksRead(int n) {
        return new Leak(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting,
                reason, members, executor, task, cycle, createdAtCut, startedFrom, keptThrough,
                createdFrom, stackCut, elsewhere, startedFromAt, keptVia, workersInAll, n, waitObjects);
    }

    /** The same group, whose members wait on {@code n} objects ({@code waitObjects}). */
    public Leak withWaitObjects(int n) {
        return new Leak(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting,
                reason, members, executor, task, cycle, createdAtCut, startedFrom, keptThrough,
                createdFrom, stackCut, elsewhere, startedFromAt, keptVia, workersInAll, stacksRead, n);
    }

    /** The same leak, waiting on {@code value} (a proof or a remark written into it). */
    public Leak withBlockedOn(BlockedOn value) {
        return new Leak(kind, verdict, count, thread, createdAt, createdBy, ageMillis, value, stack, preExisting, reason,
                members, executor, task, cycle, createdAtCut, startedFrom, keptThrough,
                createdFrom, stackCut, elsewhere, startedFromAt, keptVia, workersInAll, stacksRead, waitObjects);
    }

    /** The same leak with another verdict, reason and wait-for cycle (what a heap proof settles). */
    public Leak withVerdict(Verdict value, BlockedOn on, String why, List<ThreadRef> newCycle) {
        return new Leak(kind, value, count, thread, createdAt, createdBy, ageMillis, on, stack, preExisting, why,
                members, executor, task, newCycle, createdAtCut, startedFrom, keptThrough,
                createdFrom, stackCut, elsewhere, startedFromAt, keptVia, workersInAll, stacksRead, waitObjects);
    }

    /**
     * The same leak, with the threads from its scope's thread down to its creator ({@code startedFrom})
     * and where the scope's thread started the next of them ({@code at}; null when unknown).
     */
    public Leak withStartedFrom(List<ThreadRef> chain, Frame at) {
        return new Leak(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting,
                reason, members, executor, task, cycle, createdAtCut, chain, keptThrough,
                createdFrom, stackCut, elsewhere, at, keptVia, workersInAll, stacksRead, waitObjects);
    }

    /** The same leak, kept by the program's static field {@code field} through a collection ({@code keptThrough}). */
    public Leak withKeptThrough(String field) {
        return withKeptThrough(field, null);
    }

    /** The same, {@code via} the program's classes on the chain from that field ({@code keptVia}; null: none named). */
    public Leak withKeptThrough(String field, List<String> via) {
        return new Leak(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, stack, preExisting,
                reason, members, executor, task, cycle, createdAtCut, startedFrom, field,
                createdFrom, stackCut, elsewhere, startedFromAt, via, workersInAll, stacksRead, waitObjects);
    }

    /**
     * The same executor leak, described by {@code value} (with the tasks told inside it), doing
     * {@code nowAt} (what one of its running tasks does now; {@code nowAtCut}: that stack went on below).
     */
    public Leak withExecutor(ExecutorInfo value, List<Frame> nowAt, boolean nowAtCut) {
        return new Leak(kind, verdict, count, thread, createdAt, createdBy, ageMillis, blockedOn, nowAt, preExisting,
                reason, members, value, task, cycle, createdAtCut, startedFrom, keptThrough, createdFrom, nowAtCut, null,
                startedFromAt, keptVia, workersInAll, stacksRead, waitObjects);
    }

    /** True when the thread's current stack went on below {@link #stack}'s frames (the agent's {@code stack-depth}). */
    public boolean currentStackCut() {
        return Boolean.TRUE.equals(stackCut);
    }

    /**
     * True for one thread whose state, read after the look that listed it, is TERMINATED: it ended
     * as it was looked at, and is no leak.
     */
    public boolean threadEnded() {
        return thread != null && count == 1 && Thread.State.TERMINATED.name().equals(thread.state());
    }

    /** True when the creation stack went on below {@link #createdAt} (see the class comment). */
    public boolean creationStackCut() {
        return Boolean.TRUE.equals(createdAtCut);
    }

    /** Builds a {@link Leak}; fields left unset are absent from the report. */
    public static final class Builder {
        private final LeakKind kind;
        private final Verdict verdict;
        private ThreadInfo thread;
        private List<Frame> createdAt = List.of();
        private ThreadRef createdBy;
        private long ageMillis;
        private BlockedOn blockedOn;
        private List<Frame> stack = List.of();
        private boolean preExisting;
        private String reason;
        private ExecutorInfo executor;
        private TaskInfo task;
        private List<ThreadRef> cycle;
        private boolean createdAtCut;
        private List<Frame> createdFrom;
        private boolean stackCut;

        private Builder(LeakKind kind, Verdict verdict) {
            this.kind = kind;
            this.verdict = verdict;
        }

        public Builder thread(ThreadInfo value) {
            thread = value;
            return this;
        }

        public Builder createdAt(List<Frame> value) {
            createdAt = value;
            return this;
        }

        /** The creation stack went on below {@link #createdAt}'s frames. */
        public Builder createdAtCut(boolean value) {
            createdAtCut = value;
            return this;
        }

        /** Where the application called in, below a cut creation stack ({@link Leak#createdFrom()}). */
        public Builder createdFrom(List<Frame> value) {
            createdFrom = value;
            return this;
        }

        public Builder createdBy(ThreadRef value) {
            createdBy = value;
            return this;
        }

        public Builder ageMillis(long value) {
            ageMillis = value;
            return this;
        }

        public Builder blockedOn(BlockedOn value) {
            blockedOn = value;
            return this;
        }

        public Builder stack(List<Frame> value) {
            stack = value;
            return this;
        }

        /** The current stack went on below {@link #stack}'s frames. */
        public Builder stackCut(boolean value) {
            stackCut = value;
            return this;
        }

        public Builder preExisting(boolean value) {
            preExisting = value;
            return this;
        }

        public Builder reason(String value) {
            reason = value;
            return this;
        }

        public Builder executor(ExecutorInfo value) {
            executor = value;
            return this;
        }

        public Builder task(TaskInfo value) {
            task = value;
            return this;
        }

        /** For a deadlock: every member of the wait-for cycle. */
        public Builder cycle(List<ThreadRef> value) {
            cycle = value;
            return this;
        }

        public Leak build() {
            return new Leak(kind, verdict, 1, thread, createdAt, createdBy, ageMillis, blockedOn, stack,
                    preExisting, reason, null, executor, task, cycle, createdAtCut, null, null, createdFrom, stackCut);
        }
    }
}
