package dev.threadleak.agent.executors;

import java.util.Set;

/**
 * The tasks a {@code ForkJoinPool} makes around a {@code Runnable} or {@code Callable} of the
 * code's ({@code ForkJoinTask}'s adapters: {@code execute}'s, {@code submit}'s, {@code invokeAll}'s): their
 * {@code exec} runs the code's and is all of their run, so a record of one sees its end, as
 * {@link AsyncTasks}' do. A task of the code's own class ({@code RecursiveTask}, a
 * {@code ForkJoinTask} it wrote) is not followed: its {@code exec} may fork and join many more.
 */
final class AdaptedTasks {

    private static final String PREFIX = "java.util.concurrent.ForkJoinTask$";
    private static final String EXECUTES = PREFIX + "RunnableExecuteAction";
    /**
     * JDK 17: {@code RunnableExecuteAction}, {@code AdaptedRunnableAction}, {@code AdaptedRunnable},
     * {@code AdaptedCallable}, and {@code AdaptedInterruptibleCallable} ({@code invokeAll}'s); JDK
     * 19 on adds {@code AdaptedInterruptibleRunnable}, and {@code submit} makes the interruptible
     * two on a thread not of its pool.
     */
    private static final Set<String> NAMES = Set.of(EXECUTES, PREFIX + "AdaptedRunnableAction",
            PREFIX + "AdaptedRunnable", PREFIX + "AdaptedCallable", PREFIX + "AdaptedInterruptibleRunnable",
            PREFIX + "AdaptedInterruptibleCallable");

    private AdaptedTasks() {
    }

    /** Asked of every task a pool runs while tasks are recorded: a name's hash is cached, no substring made. */
    static boolean isAdapted(Object task) {
        return task != null && NAMES.contains(task.getClass().getName());
    }

    /**
     * {@code execute}, the one pool method that makes a task of {@code type}; null for the others,
     * which {@code submit}, {@code invokeAll} or the code's own {@code ForkJoinTask.adapt} may have
     * made: the submission's frame says which.
     */
    static String madeBy(String type) {
        return EXECUTES.equals(type) ? "execute" : null;
    }

    /**
     * What stops one while it runs, said after where it runs: {@code execute} hands the code no
     * future; an interruptible one ({@code invokeAll}'s, and on JDK 19 on {@code submit}'s from a
     * thread not of the pool) interrupts its runner on {@code cancel(true)}; the others'
     * {@code cancel} interrupts nothing.
     */
    static String stop(String type) {
        if (EXECUTES.equals(type)) {
            return "execute returns no future to cancel it by";
        }
        return type.contains("$AdaptedInterruptible")
                ? "its future's cancel(true) interrupts it"
                : "its future's cancel() interrupts nothing";
    }
}
