package dev.threadleak.agent.executors;

import dev.threadleak.report.Frame;
import dev.threadleak.report.KnownThreads;
import java.util.List;
import java.util.Map;

/**
 * What a worker's current stack says of it: waiting for its next task, or in one. A live report
 * leaves the first out as a running JVM's normal state; a pool shut down with a task under way
 * shows the stack of a worker in the second.
 */
public final class WorkerStacks {

    /**
     * Methods on a worker's stack only while it waits for its next task (the task's code runs below
     * them, never above), by class: compared as they are, a report of 2,000 threads builds no string.
     */
    private static final Map<String, String> IDLE_LOOPS = Map.of(
            "java.util.concurrent.ForkJoinPool", "awaitWork",
            "org.eclipse.jetty.util.thread.QueuedThreadPool$Runner", "idleJobPoll",
            "org.eclipse.jetty.util.thread.ReservedThreadExecutor$ReservedThread", "reservedWait",
            "io.netty.util.concurrent.SingleThreadEventExecutor", "takeTask");

    private WorkerStacks() {
    }

    /**
     * Whether {@code stack}, a worker's current one, is between tasks: waiting for its next, never
     * blocked inside one (a pool's, a Timer's or a Cleaner's thread).
     */
    public static boolean waitForATask(List<Frame> stack) {
        for (int i = 0; i < stack.size(); i++) {
            Frame f = stack.get(i);
            String c = f.className();
            if (c == null) {
                continue;
            }
            if ("getTask".equals(f.method()) && c.endsWith("ThreadPoolExecutor")) {
                return true; // java.util.concurrent's and its forks' (Tomcat's): between tasks
            }
            String idleLoop = IDLE_LOOPS.get(c);
            if (idleLoop != null && idleLoop.equals(f.method())) {
                return true;
            }
            if ("java.util.TimerThread".equals(c) && "mainLoop".equals(f.method()) && onlyWaitAbove(stack, i)) {
                return true; // a Timer's thread between tasks: they run above mainLoop, where only its wait is now
            }
            if (KnownThreads.isCleanersLoop(c, f.method()) && i > 0
                    && "java.lang.ref.ReferenceQueue".equals(stack.get(i - 1).className())) {
                return true; // a Cleaner's thread waiting for its next reference, not running an action
            }
        }
        return false;
    }

    /** Whether the frames above the {@code i}th are {@code Object.wait}'s only. */
    private static boolean onlyWaitAbove(List<Frame> stack, int i) {
        for (int j = 0; j < i; j++) {
            if (!"java.lang.Object".equals(stack.get(j).className())) {
                return false;
            }
        }
        return i > 0;
    }
}
