/**
 * Executors and their tasks, {@code Timer}s and {@code TimerTask}s among them: the registry (who
 * made each, its workers, shutdown calls, and whether the collector's cleanup rather than the code
 * stopped it, {@code Reclaimers}; each task's submission, runs, cancellation or loss), the points
 * where the JDK's executors feed it, the pools that predate a late attach, and the findings built
 * from it (executors never shut down by the code, unfinished, lost or cancellation-ignoring tasks).
 * {@code TaskRecording} decides which tasks get a record when they are submitted (the {@code tasks}
 * option; the scope engine tells it when windows open and close), and {@code TaskKinds} which of
 * a scope's tasks past the first of their kind get none; {@code RecordedClasses} spares a run the
 * look-up of a task whose class has no record; {@code WorkerStacks} tells a worker waiting for its
 * next task from one in a task, by its stack. {@code AsyncTasks} knows
 * {@code CompletableFuture}'s own tasks, the ones followed on the common pool, which is the JVM's
 * and never a leak itself; {@code AdaptedTasks}, the tasks a {@code ForkJoinPool} makes around the
 * code's {@code Runnable} or {@code Callable}, followed the same way.
 *
 * <p>Internal seams, public for the agent's other packages only: {@code ExecutorRegistry} (the
 * {@code ExecutorListener} the installer registers; {@code waits} asks it whether a task will
 * ever run), {@code ExecutorFindings} and {@code WorkerStacks} (read by {@code reporting}), {@code TaskRecording} (for the installer
 * and the scope engine) and
 * {@code ExecutorInstrumentation} (this feature's hook points, for the installer's plan).
 */
package dev.threadleak.agent.executors;
