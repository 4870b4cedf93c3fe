package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An executor as it was when the report was taken. {@code type} is its class, {@code state} one of
 * {@code running}, {@code shutdown}, {@code terminated}, {@code collected} (found unreachable
 * before the code ended it: {@link #collected()}); {@code shutdownAt} is where shutdown was
 * called, when it was. {@code queuedTasks} is what its queue holds, as the pool itself counts it;
 * {@code cancelledTasks} how many of those are cancelled and will never run (a
 * {@code ScheduledThreadPoolExecutor} keeps a cancelled task in its queue until its time comes,
 * unless told to remove it on cancel). Counts the executor does not expose are absent.
 * {@code tasks} are the tasks of the same scope left queued or running in it: told here rather
 * than as leaks of their own, since shutting the executor down (or ending what its tasks wait on)
 * is the one fix, and an unclosed server is one leak, not two. Absent when there are none.
 * {@code idleWorkersEndAfterMillis}, for a pool whose every worker ends by itself once idle this
 * long (its core threads time out, or it keeps none), is that keep-alive: once they have ended it
 * holds nothing and is no leak, so a check waits that long if it can. Absent when its core
 * workers live until it is shut down. {@code coreSize} and {@code workersAboveCoreEndAfterMillis},
 * for a pool that keeps its core workers but has more than those now, say how many stay and how
 * long the others live once idle: all of them outlived the check, but only the core ones are held
 * until it is shut down (Dubbo's trial: "3 workers" read as three threads kept, where two ended a
 * second later). Absent otherwise. {@code daemonWorkers}: how many of {@code workers} are daemon
 * threads, which do not keep the JVM from exiting (Commons Pool's trial: a pool of daemon workers
 * and one of non-daemon ones read alike); absent when none is. {@code timer}: true for a
 * {@code java.util.Timer}, of that class or a subclass, which ends with {@code cancel()}, not a
 * shutdown; absent for any other executor (jmdns's {@code Timer} subclass, left running, read
 * "not shut down").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutorInfo(String type, String identity, String state, List<ThreadRef> workers, Integer queuedTasks,
                           Integer activeTasks, Long shutdownAgoMillis, List<Frame> shutdownAt,
                           Integer cancelledTasks, List<TaskInfo> tasks, Long idleWorkersEndAfterMillis,
                           Integer coreSize, Long workersAboveCoreEndAfterMillis, Integer daemonWorkers,
                           Long collectedAgoMillis, String collectedShutDownBy, Boolean timer) {

    public ExecutorInfo {
        workers = workers == null ? List.of() : List.copyOf(workers);
        shutdownAt = shutdownAt == null || shutdownAt.isEmpty() ? null : List.copyOf(shutdownAt);
        tasks = tasks == null || tasks.isEmpty() ? null : List.copyOf(tasks);
        if (collectedAgoMillis == null) {
            collectedShutDownBy = null; // said only of one found collected
        }
        // a report written before the flag knew a Timer by its class name only
        timer = Boolean.TRUE.equals(timer) || "java.util.Timer".equals(type) ? Boolean.TRUE : null;
    }

    /** An executor as reports described it before {@code timer}: a {@code Timer} known by its class name only. */
    public ExecutorInfo(String type, String identity, String state, List<ThreadRef> workers, Integer queuedTasks,
                        Integer activeTasks, Long shutdownAgoMillis, List<Frame> shutdownAt, Integer cancelledTasks,
                        List<TaskInfo> tasks, Long idleWorkersEndAfterMillis, Integer coreSize,
                        Long workersAboveCoreEndAfterMillis, Integer daemonWorkers, Long collectedAgoMillis,
                        String collectedShutDownBy) {
        this(type, identity, state, workers, queuedTasks, activeTasks, shutdownAgoMillis, shutdownAt, cancelledTasks,
                tasks, idleWorkersEndAfterMillis, coreSize, workersAboveCoreEndAfterMillis, daemonWorkers,
                collectedAgoMillis, collectedShutDownBy, null);
    }

    /** An executor as reports described it before {@code collectedAgoMillis}: how one was collected not said apart. */
    public ExecutorInfo(String type, String identity, String state, List<ThreadRef> workers, Integer queuedTasks,
                        Integer activeTasks, Long shutdownAgoMillis, List<Frame> shutdownAt, Integer cancelledTasks,
                        List<TaskInfo> tasks, Long idleWorkersEndAfterMillis, Integer coreSize,
                        Long workersAboveCoreEndAfterMillis, Integer daemonWorkers) {
        this(type, identity, state, workers, queuedTasks, activeTasks, shutdownAgoMillis, shutdownAt, cancelledTasks,
                tasks, idleWorkersEndAfterMillis, coreSize, workersAboveCoreEndAfterMillis, daemonWorkers, null, null);
    }

    /** An executor as reports described it before {@code daemonWorkers}: whether its workers are daemons not said. */
    public ExecutorInfo(String type, String identity, String state, List<ThreadRef> workers, Integer queuedTasks,
                        Integer activeTasks, Long shutdownAgoMillis, List<Frame> shutdownAt, Integer cancelledTasks,
                        List<TaskInfo> tasks, Long idleWorkersEndAfterMillis, Integer coreSize,
                        Long workersAboveCoreEndAfterMillis) {
        this(type, identity, state, workers, queuedTasks, activeTasks, shutdownAgoMillis, shutdownAt, cancelledTasks,
                tasks, idleWorkersEndAfterMillis, coreSize, workersAboveCoreEndAfterMillis, null);
    }

    /** An executor as reports described it before {@code coreSize}: its workers above its core not told apart. */
    public ExecutorInfo(String type, String identity, String state, List<ThreadRef> workers, Integer queuedTasks,
                        Integer activeTasks, Long shutdownAgoMillis, List<Frame> shutdownAt, Integer cancelledTasks,
                        List<TaskInfo> tasks, Long idleWorkersEndAfterMillis) {
        this(type, identity, state, workers, queuedTasks, activeTasks, shutdownAgoMillis, shutdownAt, cancelledTasks,
                tasks, idleWorkersEndAfterMillis, null, null);
    }

    /**
     * An executor as reports described it before {@code tasks} and {@code idleWorkersEndAfterMillis}:
     * its unfinished tasks told apart, how its workers end not said.
     */
    public ExecutorInfo(String type, String identity, String state, List<ThreadRef> workers, Integer queuedTasks,
                        Integer activeTasks, Long shutdownAgoMillis, List<Frame> shutdownAt, Integer cancelledTasks) {
        this(type, identity, state, workers, queuedTasks, activeTasks, shutdownAgoMillis, shutdownAt, cancelledTasks,
                null, null);
    }

    /** The {@code state} of one the collector found unreachable before the code ended it. */
    public static final String COLLECTED = "collected";

    /** Whether the collector took it, before the code ended it: nothing holds it any more. */
    @JsonIgnore
    public boolean collected() {
        return COLLECTED.equals(state);
    }

    /**
     * Whether the pool counts nothing queued and nothing running in it: false where it does not
     * say (a subclass that hides its counts), so that what is not known is not taken for idle.
     */
    @JsonIgnore
    public boolean runsNothing() {
        return Integer.valueOf(0).equals(queuedTasks) && Integer.valueOf(0).equals(activeTasks);
    }

    /**
     * How this executor's end is said: a {@code Timer} has no {@code shutdown()} to look for and
     * ends with {@code cancel()}, so {@code cancelled}; any other {@code shut down}.
     */
    public String endedWord() {
        return Boolean.TRUE.equals(timer) ? "cancelled" : "shut down";
    }

    /** The same executor, with {@code value} as the tasks told inside it. */
    public ExecutorInfo withTasks(List<TaskInfo> value) {
        return new ExecutorInfo(type, identity, state, workers, queuedTasks, activeTasks, shutdownAgoMillis, shutdownAt,
                cancelledTasks, value, idleWorkersEndAfterMillis, coreSize, workersAboveCoreEndAfterMillis, daemonWorkers,
                collectedAgoMillis, collectedShutDownBy, timer);
    }

    /**
     * How one found collected ended, for its why: "only a finalizer stopped it, 9.7 s ago, once the
     * collector found it unreachable; the code never did" where the collector's cleanup
     * ({@code collectedShutDownBy}: "the JDK's cleaner", "a finalizer", "a Cleaner action") shut it
     * down, else "found collected 207 ms ago, unreachable with no worker left; the code never
     * cancelled it"; null for one not found collected. One sentence for the agent's report and the
     * class's end that retells it (which once cut it out of the agent's reason, by its text). Not
     * "shut it down" after the reason's "never shut down" (Vert.x's trial read a contradiction).
     */
    public String collectedClause() {
        if (collectedAgoMillis == null) {
            return null;
        }
        String ago = Durations.format(Math.max(0, collectedAgoMillis)) + " ago";
        // TTL's trial: a dropped Timer whose periodic task kept its thread, and a finalized wrapper whose
        // pool's worker was stuck in a task, read "no worker left" and "stopped" beside a live worker
        int running = workers == null ? 0 : workers.size();
        String still = running == 0 ? "" : running == 1 ? ", and its worker still runs" : ", and " + running
                + " of its workers still run";
        if (collectedShutDownBy == null) {
            return "found collected " + ago + (running == 0 ? ", unreachable with no worker left" : still)
                    + "; the code never " + endedWord() + " it";
        }
        return running == 0 ? "only " + collectedShutDownBy + " stopped it, " + ago + ", once the collector found it "
                + "unreachable; the code never did"
                : "only " + collectedShutDownBy + " shut it down, " + ago + ", once the collector found it unreachable"
                + still + "; the code never did";
    }

    /** An executor as reports described it before {@code cancelledTasks}: its cancelled tasks not counted. */
    public ExecutorInfo(String type, String identity, String state, List<ThreadRef> workers, Integer queuedTasks,
                        Integer activeTasks, Long shutdownAgoMillis, List<Frame> shutdownAt) {
        this(type, identity, state, workers, queuedTasks, activeTasks, shutdownAgoMillis, shutdownAt, null);
    }
}
