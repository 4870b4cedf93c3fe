package dev.threadleak.agent.scope;

import dev.threadleak.agent.AgentOptions;
import dev.threadleak.agent.executors.ExecutorFindings;
import dev.threadleak.agent.executors.ExecutorRegistry;
import dev.threadleak.agent.executors.TaskRecording;
import dev.threadleak.agent.library.LazilyHeld;
import dev.threadleak.agent.library.SharedPool;
import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.ThreadRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The agent's registries without the agent: threads are started through their listener
 * interfaces as the woven {@code Thread.start} and {@code Thread.exit} would report them, so a
 * scope can be judged in this JVM. Every thread parks on {@link #release} until the test ends.
 */
final class TrackedThreads implements AutoCloseable {

    final ThreadRegistry registry = new ThreadRegistry(new CreationSites(AgentOptions.CreationStacks.ALL, 64), true,
            10_000);
    /** As the agent's defaults: tasks are recorded while a window is open. */
    final TaskRecording tasks = new TaskRecording(TaskRecording.Mode.SCOPED);
    final ExecutorRegistry executors = new ExecutorRegistry(registry, tasks);
    final ScopeEngine engine = new ScopeEngine(registry,
            new JvmReports(registry, new ExecutorFindings(executors, 64), null, List.of(), 64, List.of()), tasks,
            () -> new Class<?>[] {LazilyHeld.class, SharedPool.class});
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> started = new ArrayList<>();

    /** Starts a daemon thread, as the calling thread, that runs {@code body} and then parks until {@link #close}. */
    Thread start(String name, Runnable body) {
        return startEnding(name, () -> {
            body.run();
            parkUntilReleased();
        });
    }

    /** Starts a daemon thread, as the calling thread, that runs {@code body} and ends. */
    Thread startEnding(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                registry.ended(Thread.currentThread());
            }
        }, name);
        t.setDaemon(true);
        synchronized (started) {
            started.add(t);
        }
        registry.starting(t);
        t.start();
        return t;
    }

    /** Starts a daemon thread that parks until {@link #close}. */
    Thread start(String name) {
        return start(name, () -> { });
    }

    /** Starts a thread that runs {@code body} and ends, and waits for its end. */
    void runToEnd(String name, Runnable body) throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                registry.ended(Thread.currentThread());
            }
        }, name);
        registry.starting(t);
        t.start();
        t.join();
    }

    /** Starts a thread that ends at once, of {@code exception} if not null, and waits for its end. */
    void runToEnd(String name, RuntimeException exception) throws InterruptedException {
        runToEnd(name, () -> {
            if (exception != null) {
                registry.uncaught(Thread.currentThread(), exception);
            }
        });
    }

    private void parkUntilReleased() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        release.countDown();
        List<Thread> all;
        synchronized (started) {
            all = new ArrayList<>(started);
        }
        for (Thread t : all) {
            t.join();
        }
    }
}
