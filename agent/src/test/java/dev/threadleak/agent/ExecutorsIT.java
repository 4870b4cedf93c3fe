package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.alibaba.ttl.TtlRunnable;
import dev.threadleak.agent.programs.ExecutorProgram;
import dev.threadleak.report.ExecutorInfo;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportJson;
import dev.threadleak.report.TaskInfo;
import dev.threadleak.report.Verdict;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Executors and their tasks, in child JVMs under the agent. */
class ExecutorsIT {

    @TempDir
    Path dir;

    private LeakReport atExit(String scenario) throws Exception {
        return atExit(scenario, "");
    }

    /** {@code options}: more agent options, each followed by a comma. */
    private LeakReport atExit(String scenario, String options) throws Exception {
        Path file = dir.resolve("report.json");
        ChildRun run = ChildJvm.onThisJdk().verifyingBootClasses()
                .agent(options + "on-exit=true,format=json,report=" + file).run(dir, ExecutorProgram.class, scenario);
        assertEquals(0, run.exitCode(), run.stderr());
        return ChildJvm.report(file);
    }

    /** The report of the scope a scenario opens and checks itself, on the agent's defaults, in a JVM with {@code jvmArgs}. */
    private LeakReport inScope(String scenario, String... jvmArgs) throws Exception {
        ChildJvm jvm = ChildJvm.onThisJdk().agent("");
        for (String arg : jvmArgs) {
            jvm.jvmArg(arg);
        }
        ChildRun run = jvm.run(dir, ExecutorProgram.class, scenario);
        assertEquals(0, run.exitCode(), run.stderr());
        return ReportJson.read(run.stdout());
    }

    private static List<Leak> of(LeakReport report, LeakKind kind) {
        return report.leaks().stream().filter(l -> l.kind() == kind).toList();
    }

    /** The one leak of {@code kind} in {@code report}; fails, showing the report, when there is not exactly one. */
    private static Leak only(LeakReport report, LeakKind kind) {
        List<Leak> leaks = of(report, kind);
        assertEquals(1, leaks.size(), report.toText());
        return leaks.get(0);
    }

    @Test
    void poolNeverShutDownIsOneExecutorLeakAtItsHelperNotThreeThreads() throws Exception {
        LeakReport report = atExit("unshut-pool");

        assertEquals(List.of(), of(report, LeakKind.THREAD), report.toText());
        Leak pool = of(report, LeakKind.EXECUTOR).get(0);
        assertEquals(1, of(report, LeakKind.EXECUTOR).size(), report.toText());
        assertEquals(ExecutorProgram.class.getName() + ".makePool", pool.createdAt().get(0).qualifiedMethod());
        assertEquals("java.util.concurrent.ThreadPoolExecutor", pool.executor().type());
        assertEquals("running", pool.executor().state());
        assertEquals(3, pool.executor().workers().size());
        assertEquals("main", pool.createdBy().name());
    }

    /** On defaults, with no scope open: the cancel finds the running task on its worker's record. */
    @Test
    void taskThatSpinsAfterCancelAndShutdownNowIgnoresCancellation() throws Exception {
        LeakReport report = atExit("ignores-cancellation");

        Leak task = of(report, LeakKind.TASK).get(0);
        assertEquals(Verdict.IGNORES_CANCELLATION, task.verdict(), report.toText());
        assertEquals("running", task.task().state());
        assertEquals("main", task.task().cancelledBy().name());
        assertNotNull(task.task().cancelledAt(), "where the cancel came from");
        assertTrue(task.reason().contains("cancel(true)"), task.reason());
        assertTrue(task.stack().stream().anyMatch(f -> f.method().contains("cancelASpinner")), task.stack().toString());
    }

    /**
     * The pool was given the policy that drops silently: the dropped task is no leak (whether the
     * pool was saturated is a race), a thread waiting on it would be; a note says what was dropped.
     */
    @Test
    void tasksADiscardPolicyDroppedAreNoLeakButANoteCountsThem() throws Exception {
        LeakReport report = atExit("discard");

        assertEquals(List.of(), of(report, LeakKind.TASK), report.toText());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("2 tasks never ran, dropped as the code chose: "
                + "1 discarded by ThreadPoolExecutor.DiscardPolicy, 1 returned by shutdownNow() at ")),
                String.valueOf(report.notes()));
    }

    @Test
    void discardOldestSaysItDroppedTheOldest() throws Exception {
        LeakReport report = atExit("discard-oldest");

        assertTrue(report.notes().stream().anyMatch(n -> n.contains(" discarded by ThreadPoolExecutor.DiscardOldestPolicy")),
                String.valueOf(report.notes()));
    }

    /**
     * The code dropped them, as shutdownNow() is for, and was handed them back: no leak (a thread
     * waiting on one would be), and whether one was still queued is a race with the worker. A note
     * says where, for a reader of a report shown for something else.
     */
    @Test
    void tasksReturnedByShutdownNowAreNoLeakButANoteSaysWhere() throws Exception {
        LeakReport report = atExit("shutdown-now-drops");

        assertEquals(List.of(), of(report, LeakKind.TASK), report.toText());
        assertEquals(List.of(), of(report, LeakKind.EXECUTOR), "a pool that was shut down is not an executor leak");
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("1 task never ran, dropped as the code chose: "
                + "1 returned by shutdownNow() at " + ExecutorProgram.class.getName() + ".shutdownNowDropsQueuedWork(")
                && n.endsWith("; not leaks (a thread waiting on one would be, and is told it never runs)")),
                String.valueOf(report.notes()));
    }

    /** Recorded as submitted, the dropped task is named as the code wrote it, not as the JDK's future around it. */
    @Test
    void aDroppedTaskRecordedAsSubmittedIsNamedInTheNote() throws Exception {
        LeakReport report = atExit("shutdown-now-drops", "tasks=all,");

        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("1 task never ran, dropped as the code chose: "
                + "1 returned by shutdownNow() at " + ExecutorProgram.class.getName() + ".shutdownNowDropsQueuedWork(")
                && n.contains(") (1 " + ExecutorProgram.CloseConnection.class.getName() + "); not leaks")),
                String.valueOf(report.notes()));
    }

    /** Its submission site is a submit-time fact: recorded for every task only when asked. */
    @Test
    void scheduledPoolAndItsPeriodicTaskAreReported() throws Exception {
        LeakReport report = atExit("scheduled", "tasks=all,");

        Leak pool = of(report, LeakKind.EXECUTOR).get(0);
        assertEquals("java.util.concurrent.ScheduledThreadPoolExecutor", pool.executor().type());
        assertEquals(List.of(), of(report, LeakKind.TASK), "its task is told in it: " + report.toText());
        TaskInfo task = pool.executor().tasks().get(0);
        assertEquals("queued", task.state());
        assertEquals(Boolean.TRUE, task.periodic());
        assertEquals("scheduleForever", task.submittedAt().method(), task.toString());
        assertTrue(task.wraps().startsWith(ExecutorProgram.class.getName() + "$$Lambda"), "what decorateTask was given: " + task);
        assertTrue(report.toText().contains("ScheduledFutureTask@" + task.identity().split("@")[1] + " wrapping a lambda of "
                + ExecutorProgram.class.getName() + " (periodic"), report.toText());
    }

    /** Two periodic tasks in the queue, one of them cancelled: the pool's count says which. */
    @Test
    void aCancelledTaskLeftInItsPoolsQueueIsCountedApart() throws Exception {
        Leak pool = of(atExit("cancelled-periodic"), LeakKind.EXECUTOR).get(0);

        assertEquals(2, pool.executor().queuedTasks(), "what the pool's queue holds, as before: " + pool);
        assertEquals(1, pool.executor().cancelledTasks(), pool.toString());
    }

    @Test
    void aPoolWithoutACancelledTaskSaysNoneIsCancelled() throws Exception {
        Leak pool = of(atExit("scheduled"), LeakKind.EXECUTOR).get(0);

        assertEquals(1, pool.executor().queuedTasks(), pool.toString());
        assertEquals(0, pool.executor().cancelledTasks(), pool.toString());
    }

    /**
     * A pool whose {@code beforeExecute} and {@code afterExecute} do not call super (httpcore's
     * worker pool) runs its tasks without the agent hearing of it: a task is reported only while it
     * still waits in its pool's queue, never once its pool terminated. (The task blocking the
     * second pool's worker is missed: nothing says it runs.)
     */
    @Test
    void aPoolThatHidesItsRunsIsJudgedByWhatWaitsInItsQueue() throws Exception {
        LeakReport report = atExit("overrides-without-super", "tasks=all,");

        List<TaskInfo> tasks = of(report, LeakKind.EXECUTOR).stream().filter(l -> l.executor().tasks() != null)
                .flatMap(l -> l.executor().tasks().stream()).toList();
        assertEquals(1, tasks.size(), report.toText());
        assertEquals("queued", tasks.get(0).state());
        assertEquals(ExecutorProgram.Waiting.class.getName(), tasks.get(0).type());
        assertEquals(List.of(), of(report, LeakKind.TASK), "told in its pool, which never shut down: " + report.toText());
    }

    @Test
    void onDefaultsATaskSubmittedOutsideAnyScopeHasNoRecordButItsPoolIsReported() throws Exception {
        LeakReport report = atExit("scheduled");

        assertEquals(List.of(), of(report, LeakKind.TASK), report.toText());
        Leak pool = of(report, LeakKind.EXECUTOR).get(0);
        assertEquals(Integer.valueOf(1), pool.executor().queuedTasks(), "the queue still says what waits: " + report.toText());
    }

    /** Dubbo's trial: "3 workers" read as three threads kept, where the two above the core size end once idle. */
    @Test
    void aPoolLeftRunningSaysHowManyOfItsWorkersAreAboveItsCoreAndWhenThoseEnd() throws Exception {
        LeakReport report = inScope("scope-pool-above-core");
        ExecutorInfo pool = only(report, LeakKind.EXECUTOR).executor();

        assertEquals(3, pool.workers().size(), report.toText());
        assertEquals(Integer.valueOf(1), pool.coreSize(), report.toText());
        assertEquals(Long.valueOf(60_000), pool.workersAboveCoreEndAfterMillis(), report.toText());
        assertNull(pool.idleWorkersEndAfterMillis(), "its core worker stays: " + report.toText());
        assertTrue(report.toText().contains("; 2 above its core size of 1 end after 1 m 00 s idle)"), report.toText());
    }

    /**
     * A pool whose idle workers end by themselves holds nothing once they have, as one that never
     * made a thread: the check waits for that within its grace period, and a pool collected then
     * is no leak either, so the collector's timing decides nothing.
     */
    @Test
    void aPoolWhoseIdleWorkersEndByThemselvesIsNoLeakOnceTheyHave() throws Exception {
        LeakReport report = inScope("scope-self-emptying-pools");
        List<Leak> pools = of(report, LeakKind.EXECUTOR);
        assertEquals(2, pools.size(), "the pool that keeps its core thread, and the cached one: " + report.toText());
        assertEquals(Set.of(1, 0), pools.stream().map(l -> l.executor().workers().size() == 1
                && l.executor().idleWorkersEndAfterMillis() == null ? 1 : 0).collect(Collectors.toSet()),
                report.toText());
        assertTrue(report.toText().contains(", idle workers end after 1 m 00 s)"), "its worker outlived the check: "
                + report.toText());
    }

    @Test
    void ownForkJoinPoolNeverShutDownIsReported() throws Exception {
        LeakReport report = atExit("fork-join");

        Leak pool = of(report, LeakKind.EXECUTOR).get(0);
        assertEquals("java.util.concurrent.ForkJoinPool", pool.executor().type());
        assertEquals("forkJoinNeverShutDown", pool.createdAt().get(0).method());
        assertEquals(pool.executor().workers().size(), pool.executor().daemonWorkers(), "a ForkJoinPool's workers are "
                + "daemons: " + report.toText());
        assertEquals(List.of(), of(report, LeakKind.THREAD), report.toText());
    }

    @Test
    void timerNeverCancelledIsReportedWithItsThread() throws Exception {
        LeakReport report = atExit("timer");

        Leak timer = of(report, LeakKind.EXECUTOR).get(0);
        assertEquals("java.util.Timer", timer.executor().type());
        assertEquals("report-timer", timer.executor().workers().get(0).name());
        assertEquals("never cancelled", timer.reason(), "a Timer has no shutdown() to look for");
        assertNull(timer.executor().daemonWorkers(), "new Timer(name) is no daemon: " + report.toText());
        assertEquals(List.of(), of(report, LeakKind.THREAD), report.toText());
    }

    /**
     * A dropped Timer whose periodic task keeps its thread is told once, as the collected Timer
     * with its worker, in a scope's report and at exit: not again as a thread of its own.
     */
    @Test
    void aCollectedTimerWhoseThreadRunsOnIsToldOnceAsTheTimer() throws Exception {
        Path file = dir.resolve("report.json");
        ChildRun run = ChildJvm.onThisJdk().agent("on-exit=true,format=json,report=" + file)
                .run(dir, ExecutorProgram.class, "dropped-periodic-timer");
        assertEquals(0, run.exitCode(), run.stderr());

        for (LeakReport report : List.of(ReportJson.read(run.stdout()), ChildJvm.report(file))) {
            Leak timer = only(report, LeakKind.EXECUTOR);
            assumeTrue(timer.executor().state().equals("collected"), "the collector took the Timer in time");
            assertEquals("dropped-periodic-timer", timer.executor().workers().get(0).name(), report.toText());
            assertTrue(timer.reason().endsWith("and its worker still runs; the code never cancelled it"), timer.reason());
            assertEquals(List.of(), of(report, LeakKind.THREAD), report.toText());
        }
    }

    @Test
    void virtualThreadPerTaskExecutorNeverClosedIsReported() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "JDK 21+");
        LeakReport report = atExit("virtual-per-task");

        Leak executor = of(report, LeakKind.EXECUTOR).get(0);
        assertEquals("java.util.concurrent.ThreadPerTaskExecutor", executor.executor().type());
        assertEquals(1, executor.executor().workers().size());
        assertEquals(List.of(), of(report, LeakKind.VIRTUAL_THREAD), "its thread is reported through it");
    }

    /** Its threads are its tasks: with its last task ended and no thread alive, it holds nothing to end. */
    @Test
    void aThreadPerTaskExecutorWhoseTasksEndedHoldsNothingThoughNeverClosed() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "JDK 21+");
        LeakReport report = atExit("per-task-done");

        assertEquals(List.of(), of(report, LeakKind.EXECUTOR), report.toText());
        assertEquals(List.of(), of(report, LeakKind.THREAD), report.toText());
    }

    /** Taken from its queue, not yet begun: where a look catches a periodic task must not decide its verdict. */
    @Test
    void aPeriodicTaskBetweenItsQueueAndItsRunIsStillTheScopesLeak() throws Exception {
        LeakReport report = inScope("scope-periodic-taken");
        Leak task = only(report, LeakKind.TASK);
        assertEquals(Boolean.TRUE, task.task().periodic());
        assertTrue(task.task().wraps().startsWith(ExecutorProgram.class.getName() + "$$Lambda"),
                task.task().toString());
        assertEquals(List.of(), of(report, LeakKind.EXECUTOR), "the pool predates the scope: " + report.toText());
    }

    /**
     * A periodic task a scheduler hands to another pool at each run is the scheduler's: the other
     * pool holds it only while it runs there (Mutiny's trial: each ticker told twice, once "queued"
     * on a cached pool whose queue held nothing).
     */
    @Test
    void aPeriodicTaskRunOnAnotherPoolIsToldOnceOnItsScheduler() throws Exception {
        LeakReport report = atExit("delegating-scheduler", "tasks=all,");
        List<Leak> pools = of(report, LeakKind.EXECUTOR);
        Leak scheduler = pools.stream().filter(l -> !l.executor().type().equals("java.util.concurrent.ThreadPoolExecutor"))
                .findFirst().orElseThrow();

        assertEquals(1, scheduler.executor().tasks().size(), report.toText());
        assertEquals(Boolean.TRUE, scheduler.executor().tasks().get(0).periodic(), report.toText());
        // the cached pool holds nothing between runs, and its idle worker ends by itself: counted in a note
        assertTrue(pools.stream().noneMatch(l -> l.executor().type().equals("java.util.concurrent.ThreadPoolExecutor")),
                report.toText());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("not counted: 1 executor never shut down that "
                + "runs and holds nothing")), report.toText());
        assertEquals(List.of(), of(report, LeakKind.TASK), report.toText());
    }

    /**
     * Taken from its queue and not begun is not finished (Mutiny's trial: a check a moment after
     * a hand-off to an idle worker passed a test whose task then blocked that worker for good).
     */
    @Test
    void aTaskAWorkerTookButHasNotBegunIsStillTheScopesLeak() throws Exception {
        LeakReport report = inScope("scope-handed-off");
        only(report, LeakKind.TASK);
        assertEquals(List.of(), of(report, LeakKind.EXECUTOR), "the pool predates the scope: " + report.toText());
    }

    /** A task the rejection handler ran on the caller's thread never reaches a worker, and is no leak. */
    @Test
    void aTaskTheCallerRanOnRejectionIsNoLeak() throws Exception {
        LeakReport report = inScope("scope-caller-runs");
        assertEquals(List.of(), report.leaks(), report.toText());
    }

    /**
     * Seata's trial: a task the rejection handler took out of the queue and ran on the caller's
     * thread, where no hook of the pool sees it run, was told as still queued beside "0 queued".
     */
    @Test
    void aTaskTheHandlerTookOutOfTheQueueAndRanIsNotToldAsQueued() throws Exception {
        LeakReport report = inScope("scope-oldest-runs-on-caller");
        ExecutorInfo pool = only(report, LeakKind.EXECUTOR).executor();

        assertEquals(Integer.valueOf(0), pool.queuedTasks(), report.toText());
        assertEquals(List.of(), pool.tasks() == null ? List.of() : pool.tasks(), report.toText());
        assertEquals(List.of(), of(report, LeakKind.TASK), report.toText());
    }

    /**
     * A reader who sees {@code shutdown()} in the code is told why the task outlives it, and what
     * ends it; and that the pool's worker, no daemon, keeps the JVM from exiting meanwhile.
     */
    @Test
    void aDelayedTaskItsPoolStillRunsAfterShutdownSaysSoAndWhatDropsIt() throws Exception {
        LeakReport report = inScope("scope-delayed-past-shutdown");
        Leak task = only(report, LeakKind.TASK);
        String why = task.reason();
        assertTrue(why.matches("submitted in the scope and not finished when it ended; its pool was shut down [\\d.]+ m?s ago at "
                + Pattern.quote(ExecutorProgram.class.getName() + ".shutDown(ExecutorProgram.java:") + "\\d+\\), and a "
                + "ScheduledThreadPoolExecutor still runs the delayed tasks it holds then \\(shutdownNow\\(\\) or cancel\\(false\\) "
                + "drops them\\); its worker \"pool-\\d+-thread-1\" #\\d+ is not a daemon: it waits for them, and "
                + "the JVM does not exit by itself while it does"), why);
        assertTrue(report.toText().contains("  why: " + why), report.toText());
    }

    /** Shut down by the pool's own close, which calls its own shutdown(): the line named is the code's call of that close. */
    @Test
    void aPoolShutDownByItsOwnCloseNamesTheCallOfThatClose() throws Exception {
        LeakReport report = inScope("scope-delayed-past-own-shutdown");
        Leak task = only(report, LeakKind.TASK);
        String why = task.reason();
        assertTrue(why.contains("its pool was shut down ") && why.contains(" ago at " + ExecutorProgram.class.getName()
                + ".scopeDelayedTaskPastItsPoolsOwnShutdown(ExecutorProgram.java:"), why);
    }

    /**
     * Where {@code runAsync} and an {@code ...Async} stage run depends on the machine's cores (the
     * common pool, or on JDK 17 and 21 a thread each where the pool's parallelism is 1); the verdict may not.
     */
    @ParameterizedTest(name = "common pool parallelism {0}")
    @ValueSource(ints = {1, 3})
    void anAsyncTaskWithoutAnExecutorIsTheScopesLeakHoweverManyCores(int parallelism) throws Exception {
        LeakReport report = inScope("scope-common-pool",
                "-Djava.util.concurrent.ForkJoinPool.common.parallelism=" + parallelism);

        assertEquals(2, report.leaks().size(), report.toText());
        Map<String, Leak> tasks = of(report, LeakKind.TASK).stream()
                .collect(Collectors.toMap(l -> l.task().type(), l -> l));
        Leak task = tasks.get("java.util.concurrent.CompletableFuture$AsyncRun");
        assertNotNull(task, report.toText());
        Set<String> runningOrWaiting = Set.of("running", "queued"); // a common pool of one worker runs one at a time
        assertTrue(runningOrWaiting.contains(task.task().state()), report.toText());
        assertTrue(task.task().wraps().startsWith(ExecutorProgram.class.getName() + "$$Lambda"), task.task().toString());
        assertTrue(task.reason().startsWith("submitted in the scope and not finished when it ended; runAsync runs it on "),
                task.reason());
        assertTrue(task.reason().endsWith(", and its future's cancel() interrupts nothing"), task.reason());
        Leak stage = tasks.get("java.util.concurrent.CompletableFuture$UniAccept");
        assertNotNull(stage, report.toText());
        assertTrue(runningOrWaiting.contains(stage.task().state()), report.toText());
        assertTrue(stage.reason().contains("; thenAcceptAsync runs it on "), stage.reason());
    }

    /**
     * A {@code Runnable} or {@code Callable} handed to a {@code ForkJoinPool} is followed in the task
     * the pool wraps it in: left running, it is the scope's leak, named by the code; ended, however,
     * it is not.
     */
    @Test
    void aRunnableOrCallableHandedToAForkJoinPoolIsFollowedToItsEnd() throws Exception {
        LeakReport report = inScope("scope-fork-join-runnables");

        assertEquals(3, report.leaks().size(), report.toText());
        List<Leak> tasks = of(report, LeakKind.TASK);
        assertEquals(3, tasks.size(), report.toText());
        Leak executed = tasks.stream().filter(l -> l.task().type().endsWith("$RunnableExecuteAction")).findFirst()
                .orElseThrow(() -> new AssertionError(report.toText()));
        assertEquals("running", executed.task().state(), report.toText());
        assertTrue(executed.task().wraps().startsWith(ExecutorProgram.class.getName() + "$$Lambda"),
                executed.task().toString());
        assertEquals("submitted in the scope and not finished when it ended; execute runs it on the common pool, "
                + "which lives as long as the JVM, and execute returns no future to cancel it by", executed.reason());
        Leak submitted = tasks.stream().filter(l -> l != executed && !l.task().executor().equals(executed.task().executor()))
                .findFirst().orElseThrow(() -> new AssertionError(report.toText()));
        assertTrue(submitted.task().type().matches("java\\.util\\.concurrent\\.ForkJoinTask\\$Adapted(Interruptible)?Callable"),
                report.toText());
        assertEquals("running", submitted.task().state(), report.toText());
        assertEquals("submitted in the scope and not finished when it ended", submitted.reason());
        // submit's task on the common pool: which method made it is not told by its class, nor guessed
        Leak onCommon = tasks.stream().filter(l -> l != executed && l != submitted).findFirst().orElseThrow();
        assertTrue(onCommon.reason().matches("submitted in the scope and not finished when it ended; its pool is the "
                + "common pool, which lives as long as the JVM, and its future's cancel(\\(true\\) interrupts it|\\(\\) "
                + "interrupts nothing)"), onCommon.reason());
    }

    /**
     * A {@code ForkJoinPool} whose every worker runs a task no scope recorded (its stack tells) holds
     * a scope's queued task behind work not the scope's: no leak. (Its count of active workers is not
     * asked: it counts one that looks for work too, which made a test that submitted and returned
     * pass, now and then, with its task about to be taken.)
     */
    @Test
    void aTaskQueuedBehindUnrecordedWorkOnAForkJoinPoolIsNoLeak() throws Exception {
        LeakReport report = inScope("scope-queued-behind-unrecorded");

        assertEquals(1, report.leaks().size(), report.toText());
        assertEquals("behind-own", report.leaks().get(0).thread().name(), report.toText());
        assertTrue(report.notes().stream().anyMatch(n -> n.matches("1 task waits in the queue of "
                + "java\\.util\\.concurrent\\.ForkJoinPool@\\w+, every worker of which runs a task not submitted "
                + "here: it runs when one of those ends .*; not a leak here")), report.toText());
    }

    /**
     * A task queued behind a job no scope recorded, which ends once the check waits, and which then
     * runs for good, is the scope's leak: the check's first look saw it queued behind work not the
     * scope's, and a check that believed that look passed a test now and then (one that submitted
     * to a one-worker pool as the pool's last task was ending).
     */
    @Test
    void aTaskQueuedBehindAJobThatEndsWhileTheCheckWaitsIsTheScopesLeak() throws Exception {
        LeakReport report = inScope("scope-queued-behind-a-job-about-to-end");

        Leak task = only(report, LeakKind.TASK);
        assertEquals("running", task.task().state(), report.toText());
        assertEquals(1, report.leaks().size(), report.toText());
        assertTrue(report.notes() == null || report.notes().stream().noneMatch(n -> n.contains("not submitted here")),
                report.toText());
    }

    /** {@code invokeAll}'s tasks on a {@code ForkJoinPool} are followed as {@code submit}'s are, whoever runs them. */
    @Test
    void aTaskOfInvokeAllOnAForkJoinPoolIsFollowedToItsEnd() throws Exception {
        LeakReport report = inScope("scope-fork-join-invoke-all");

        List<Leak> tasks = of(report, LeakKind.TASK);
        assertEquals(1, tasks.size(), "the one that waits, not the one that ended: " + report.toText());
        Leak waits = tasks.get(0);
        assertTrue(waits.task().type().endsWith("$AdaptedInterruptibleCallable"), report.toText());
        assertEquals("running", waits.task().state(), report.toText());
        assertEquals(1, of(report, LeakKind.THREAD).size(), "its invoker: " + report.toText());
        assertEquals("invoker", of(report, LeakKind.THREAD).get(0).thread().name(), report.toText());
    }

    /** A virtual thread's mounts are its scheduler's tasks, made as the code's are, and no task of the scope's. */
    @Test
    void aVirtualThreadsMountsAreNoTasksOfTheScope() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        LeakReport report = inScope("scope-virtual-mounts");

        List<Leak> tasks = of(report, LeakKind.TASK);
        assertEquals(1, tasks.size(), "the code's task on the common pool, no virtual thread's: " + report.toText());
        assertTrue(tasks.get(0).task().type().endsWith("$RunnableExecuteAction"), report.toText());
        assertEquals(1, of(report, LeakKind.VIRTUAL_THREAD).size(), "the one left parked: " + report.toText());
        assertEquals(2, report.leaks().size(), report.toText());
    }

    /**
     * A task that waits behind work an earlier scope left running on a shared pool is not the later
     * scope's leak: its verdict may not hang on what ran before it. The report says where it waits.
     */
    @Test
    void aTaskQueuedBehindAnEarlierScopesWorkIsNotTheLaterScopesLeak() throws Exception {
        LeakReport report = inScope("scope-queued-behind-others", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=1");

        assertEquals(1, report.leaks().size(), report.toText());
        assertEquals("later-own", report.leaks().get(0).thread().name(), report.toText());
        String note = report.notes().stream().filter(n -> n.startsWith("2 tasks wait in the queues of ")).findFirst()
                .orElseThrow(() -> new AssertionError(report.toText()));
        assertTrue(note.matches("2 tasks wait in the queues of java\\.util\\.concurrent\\.ForkJoinPool@\\w+ and "
                + "java\\.util\\.concurrent\\.ThreadPoolExecutor@\\w+, every worker of which runs a task not submitted "
                + "here: they run when one of those ends \\(2 a lambda of dev\\.threadleak\\.agent\\.programs\\."
                + "ExecutorProgram\\); not leaks here"), note);
    }

    /** JDK 19 on, a {@code ForkJoinPool}'s future interrupts its task on {@code cancel(true)}: one that runs on ignores it. */
    @Test
    void aForkJoinTaskThatRunsOnAfterCancelTrueIgnoresCancellation() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "an interruptible ForkJoinPool task needs JDK 19+");
        LeakReport report = inScope("scope-fork-join-cancelled");

        assertEquals(1, report.leaks().size(), report.toText());
        Leak task = report.leaks().get(0);
        assertEquals(Verdict.IGNORES_CANCELLATION, task.verdict(), report.toText());
        assertTrue(task.task().type().startsWith("java.util.concurrent.ForkJoinTask$AdaptedInterruptible"), report.toText());
    }

    /** {@code supplyAsync} hands the pool the JDK's task; the report names the code inside it. */
    @Test
    void anAsyncTaskIsNamedByTheCodeItRuns() throws Exception {
        LeakReport report = inScope("scope-async");
        Leak task = only(report, LeakKind.TASK);
        assertEquals("java.util.concurrent.CompletableFuture$AsyncSupply", task.task().type());
        assertTrue(task.task().wraps().startsWith(ExecutorProgram.class.getName() + "$$Lambda"),
                task.task().toString());
    }

    /**
     * transmittable-thread-local's agent wraps each task a pool is given, in {@code execute}: beside
     * it, loaded before ours or after, a running task is told as running and a queued one as
     * queued, each as the code's own task, never as TTL's wrapper.
     */
    @ParameterizedTest
    @ValueSource(strings = {"without it", "before ours", "after ours"})
    void aTaskAnotherAgentWrapsIsToldAsTheCodesOwnTask(String ttlAgent) throws Exception {
        String ttl = "-javaagent:" + Path.of(TtlRunnable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ChildJvm jvm = ChildJvm.onThisJdk();
        if (ttlAgent.equals("before ours")) {
            jvm.jvmArg(ttl);
        }
        jvm.agent("");
        if (ttlAgent.equals("after ours")) {
            jvm.jvmArg(ttl);
        }
        ChildRun run = jvm.run(dir, ExecutorProgram.class, "scope-running-and-queued");
        assertEquals(0, run.exitCode(), run.stderr());
        LeakReport report = ReportJson.read(run.stdout());

        List<Leak> tasks = of(report, LeakKind.TASK);
        String lambda = ExecutorProgram.class.getName() + "$$Lambda";
        Map<String, List<String>> byState = tasks.stream().collect(Collectors.groupingBy(l -> l.task().state(),
                Collectors.mapping(l -> l.task().type() + " wrapping " + l.task().wraps(), Collectors.toList())));
        assertEquals(3, tasks.size(), report.toText());
        assertEquals(2, byState.get("running").size(), report.toText());
        assertTrue(byState.get("running").stream().allMatch(t -> t.matches("java\\.util\\.concurrent\\..*FutureTask wrapping "
                + Pattern.quote(lambda) + ".*")), report.toText());
        assertEquals(1, byState.get("queued").size(), report.toText());
        assertTrue(byState.get("queued").get(0).startsWith(lambda), report.toText());
        boolean wrapped = tasks.stream().anyMatch(l -> l.stack().stream()
                .anyMatch(f -> f.qualifiedMethod().equals(TtlRunnable.class.getName() + ".run")));
        assertEquals(!ttlAgent.equals("without it"), wrapped, "TTL's agent wrapped the tasks: " + report.toText());
    }

    @Test
    void scopeIsChargedForItsTaskOnASharedPoolButNotForThePoolOrItsIdleWorkers() throws Exception {
        LeakReport report = inScope("scope-shared-pool");
        assertEquals(List.of(), of(report, LeakKind.THREAD), report.toText());
        Leak task = of(report, LeakKind.TASK).get(0);
        assertEquals(1, of(report, LeakKind.TASK).size(), report.toText());
        assertEquals("running", task.task().state());
        assertEquals("java.util.concurrent.FutureTask", task.task().type());
        assertTrue(task.task().wraps().startsWith(ExecutorProgram.class.getName() + "$$Lambda"), "what newTaskFor was given: "
                + task.task());
        List<Leak> pools = of(report, LeakKind.EXECUTOR);
        assertEquals(1, pools.size(), "only the pool made in the scope: " + report.toText());
        assertEquals("scopeOnASharedPool", pools.get(0).createdAt().get(0).method());
    }

    /**
     * In a scope, a kind's tasks past its first 10,000 get no record, and the report counts them:
     * the events that all ended are no leak, the one task of another kind that never ends is.
     */
    @Test
    void inAScopeTasksPastTheFirstTenThousandOfTheirKindAreCountedNotRecorded() throws Exception {
        LeakReport report = inScope("scope-flood");

        Leak task = only(report, LeakKind.TASK);
        assertEquals("running", task.task().state());
        String note = report.notes().stream().filter(n -> n.contains("have no record")).findFirst().orElse(null);
        assertNotNull(note, report.toText());
        assertTrue(note.startsWith("3 tasks submitted since the last scope began have no record, past the first 10000"
                + " of their kind (3 of " + ExecutorProgram.class.getName() + "$$Lambda"), note);
    }

    /** Its own pool, shut down with a task past its kind's records still running: the pool is the leak, with that task's stack. */
    @Test
    void aPoolShutDownWhileATaskWithNoRecordStillRunsIsTheLeak() throws Exception {
        LeakReport report = inScope("scope-flood-shut-down");

        assertEquals(List.of(), of(report, LeakKind.TASK), report.toText());
        Leak pool = only(report, LeakKind.EXECUTOR);
        assertEquals("shutdown", pool.executor().state());
        assertEquals(1, pool.executor().activeTasks());
        assertTrue(pool.reason().startsWith("shut down, but still running a task when the scope ended"), pool.reason());
        assertTrue(pool.stack().stream().anyMatch(f -> f.method().startsWith("lambda$scopeFloodsItsPoolAndShutsItDown")),
                report.toText());
    }

    /** Commons VFS's trial: MINA's pool throws from getQueue(), and the check threw it into every FTP test. */
    @Test
    void aPoolWhoseQueueCannotBeReadIsReportedWithoutItsQueuedCount() throws Exception {
        LeakReport report = inScope("scope-unreadable-queue");

        Leak pool = only(report, LeakKind.EXECUTOR);
        assertEquals(ExecutorProgram.OwnQueuesPool.class.getName(), pool.executor().type());
        assertEquals("running", pool.executor().state());
        assertEquals(1, pool.executor().activeTasks(), report.toText());
        assertEquals(null, pool.executor().queuedTasks(), "not known, not guessed: " + report.toText());
    }
}
