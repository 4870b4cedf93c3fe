package dev.threadleak.agent.executors;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tasks a {@code ForkJoinPool} makes around a {@code Runnable} or {@code Callable} of the
 * code's ({@code ForkJoinTask}'s adapters: {@code execute}'s, {@code submit}'s): their
 * {@code exec} runs the code's and is all of their run, so a record of one sees its end, as
 * {@link AsyncTasks}' do. A task of the code's own class ({@code RecursiveTask}, a
 * {@code ForkJoinTask} it wrote) is not followed: its {@code exec} may fork and join many more.
 */
final class AdaptedTasks {

    private static final String PREFIX = "java.util.concurrent.ForkJoinTask$";
    /**
     * The method that made each, by its simple name (JDK 17: {@code RunnableExecuteAction},
     * {@code AdaptedRunnableAction}, {@code AdaptedRunnable}, {@code AdaptedCallable}; JDK 19 on
     * adds the interruptible two, which {@code submit} makes on a thread not of its pool).
     */
    private static final Map<String, String> MADE_BY = Map.of(
            "RunnableExecuteAction", "execute",
            "AdaptedRunnableAction", "submit",
            "AdaptedRunnable", "submit",
            "AdaptedCallable", "submit",
            "AdaptedInterruptibleRunnable", "submit",
            "AdaptedInterruptibleCallable", "submit");

    private static final Set<String> NAMES = names();

    private AdaptedTasks() {
    }

    /** Asked of every task a pool runs while tasks are recorded: a name's hash is cached, no substring made. */
    static boolean isAdapted(Object task) {
        return task != null && NAMES.contains(task.getClass().getName());
    }

    private static Set<String> names() {
        Set<String> names = new HashSet<>();
        for (String simple : MADE_BY.keySet()) {
            names.add(PREFIX + simple);
        }
        return names;
    }

    /** {@code submit}: the pool's method that made a task of {@code type}; null for any other type. */
    static String madeBy(String type) {
        return type.startsWith(PREFIX) ? MADE_BY.get(type.substring(PREFIX.length())) : null;
    }

    /**
     * What stops one while it runs, said after where it runs: {@code execute} hands the code no
     * future; {@code submit}'s interruptible task (JDK 19 on, from a thread not of the pool)
     * interrupts its runner on {@code cancel(true)}, the others' {@code cancel} interrupts nothing.
     */
    static String stop(String type) {
        if (type.endsWith("$RunnableExecuteAction")) {
            return "execute returns no future to cancel it by";
        }
        return type.contains("$AdaptedInterruptible")
                ? "its future's cancel(true) interrupts it"
                : "its future's cancel() interrupts nothing";
    }
}
