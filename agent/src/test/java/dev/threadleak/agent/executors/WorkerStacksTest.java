package dev.threadleak.agent.executors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.report.Frame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which current stacks are a worker between tasks: only those, never a worker blocked inside one. */
class WorkerStacksTest {

    private static Frame frame(String className, String method) {
        return new Frame(className, method, null, 1);
    }

    @Test
    void aWorkerWaitingForItsNextTaskIsIdle() {
        assertTrue(WorkerStacks.waitForATask(List.of(frame("jdk.internal.misc.Unsafe", "park"),
                frame("java.util.concurrent.LinkedBlockingQueue", "take"),
                frame("org.apache.tomcat.util.threads.TaskQueue", "take"),
                frame("org.apache.tomcat.util.threads.ThreadPoolExecutor", "getTask"),
                frame("org.apache.tomcat.util.threads.ThreadPoolExecutor", "runWorker"))));
        assertTrue(WorkerStacks.waitForATask(List.of(frame("jdk.internal.misc.Unsafe", "park"),
                frame("org.eclipse.jetty.util.BlockingArrayQueue", "poll"),
                frame("org.eclipse.jetty.util.thread.QueuedThreadPool$Runner", "idleJobPoll"),
                frame("org.eclipse.jetty.util.thread.QueuedThreadPool$Runner", "run"))));
    }

    @Test
    void aWorkerBlockedInATaskIsNot() {
        assertFalse(WorkerStacks.waitForATask(List.of(frame("jdk.internal.misc.Unsafe", "park"),
                frame("java.util.concurrent.SynchronousQueue", "put"),
                frame("com.acme.Orders", "hand"),
                frame("org.apache.tomcat.util.threads.ThreadPoolExecutor", "runWorker"))));
    }

    @Test
    void aCleanersThreadIsIdleOnlyWhileItWaitsForAReference() {
        assertTrue(WorkerStacks.waitForATask(List.of(frame("java.lang.Object", "wait"),
                frame("java.lang.ref.ReferenceQueue", "remove"),
                frame("jdk.internal.ref.CleanerImpl", "run"))));
        assertFalse(WorkerStacks.waitForATask(List.of(frame("java.lang.Object", "wait"),
                frame("com.acme.Pool", "closeQuietly"),
                frame("jdk.internal.ref.CleanerImpl", "run"))), "a cleaning action that waits is not idle");
    }

    /** A Timer's tasks run above its loop: only its own wait there is the Timer between tasks. */
    @Test
    void aTimersThreadIsIdleOnlyWhileItWaitsForItsNextTask() {
        assertTrue(WorkerStacks.waitForATask(List.of(frame("java.lang.Object", "wait0"), frame("java.lang.Object", "wait"),
                frame("java.util.TimerThread", "mainLoop"), frame("java.util.TimerThread", "run"))));
        assertFalse(WorkerStacks.waitForATask(List.of(frame("java.lang.Object", "wait"),
                frame("com.acme.Reminder", "run"),
                frame("java.util.TimerThread", "mainLoop"))), "a task that waits is not idle");
    }
}
