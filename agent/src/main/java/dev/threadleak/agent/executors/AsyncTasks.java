package dev.threadleak.agent.executors;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The tasks {@code CompletableFuture} hands an executor: {@code supplyAsync}'s and {@code runAsync}'s,
 * and each {@code ...Async} stage's, run once its source completes. Their own {@code run} (or, on a
 * {@code ForkJoinPool}, {@code exec}) is all of their work, which is what lets a record of one see
 * its end wherever it runs: a {@code Runnable} of the code's that a {@code ForkJoinPool} wraps in a
 * task of its own could not be followed so, and is never recorded.
 */
final class AsyncTasks {

    static final String THREAD_PER_TASK = "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor";
    private static final String PREFIX = "java.util.concurrent.CompletableFuture$";
    /** The method that made each, by its class's simple name: what a reader looks for in the code. */
    private static final Map<String, String> MADE_BY = Map.ofEntries(
            Map.entry("AsyncSupply", "supplyAsync"), Map.entry("AsyncRun", "runAsync"),
            Map.entry("UniApply", "thenApplyAsync"), Map.entry("UniAccept", "thenAcceptAsync"),
            Map.entry("UniRun", "thenRunAsync"), Map.entry("UniWhenComplete", "whenCompleteAsync"),
            Map.entry("UniHandle", "handleAsync"), Map.entry("UniExceptionally", "exceptionallyAsync"),
            Map.entry("UniComposeExceptionally", "exceptionallyComposeAsync"),
            Map.entry("UniCompose", "thenComposeAsync"), Map.entry("BiApply", "thenCombineAsync"),
            Map.entry("BiAccept", "thenAcceptBothAsync"), Map.entry("BiRun", "runAfterBothAsync"),
            Map.entry("OrApply", "applyToEitherAsync"), Map.entry("OrAccept", "acceptEitherAsync"),
            Map.entry("OrRun", "runAfterEitherAsync"));

    private AsyncTasks() {
    }

    /**
     * One of {@code CompletableFuture}'s own: the marker interface is public, and a class of the
     * code's that wears it is not followed.
     */
    static boolean isAsyncTask(Object task) {
        return task instanceof CompletableFuture.AsynchronousCompletionTask
                && task.getClass().getName().startsWith(PREFIX);
    }

    /** {@code thenApplyAsync}: the method that made a task of {@code type}, or a name for it when the JDK's class is new to us. */
    static String madeBy(String type) {
        String method = type.startsWith(PREFIX) ? MADE_BY.get(type.substring(PREFIX.length())) : null;
        return method != null ? method : "CompletableFuture";
    }
}
