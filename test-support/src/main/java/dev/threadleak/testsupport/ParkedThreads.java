package dev.threadleak.testsupport;

import dev.threadleak.io.Deadline;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * For test programs: starts daemon threads and waits until threads have parked. A thread's state
 * is the one thing that says it has parked, so these poll it, 20 s at most, and throw if it never
 * comes. Only these methods touch the {@code Thread} objects they look up: when they return,
 * nothing in the caller's frame holds a parked thread (for the heap proof, a thread object
 * reachable from a running thread could be interrupted, so its wait would rightly not be
 * called blocked forever).
 */
public final class ParkedThreads {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** Between two looks: a park is no event anything could wait on. */
    private static final Duration STEP = Duration.ofMillis(10);

    private ParkedThreads() {
    }

    /** What a waiting thread of a test program runs; it may throw, and an exception ends it. */
    @FunctionalInterface
    public interface Waiting {
        void run() throws Exception;
    }

    /** Starts a daemon thread named {@code name} that waits in {@code body} (an exception, an interrupt, ends it). */
    public static Thread waiting(String name, Waiting body) {
        return daemon(name, () -> quietly(body));
    }

    /**
     * Starts a daemon thread named {@code name} that takes {@code take} (a lock) and then waits on
     * a latch only it holds; returns once it has taken it.
     */
    public static Thread holdingWhileStuck(String name, Waiting take) {
        CountDownLatch taken = new CountDownLatch(1);
        Thread holder = waiting(name, () -> {
            take.run();
            taken.countDown();
            new CountDownLatch(1).await();
        });
        quietly(taken::await);
        return holder;
    }

    /** Runs {@code body}; an exception ends it, an interruption stays set on the thread. */
    public static void quietly(Waiting body) {
        try {
            body.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the end of the wait, whatever ended it
        }
    }

    /** Starts a daemon thread named {@code name} that runs {@code body}. */
    public static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Starts a virtual thread named {@code name} that runs {@code body} (JDK 21+; compiled for 17,
     * so through reflection).
     */
    public static Thread virtual(String name, Runnable body) {
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Object ofVirtual = Thread.class.getMethod("ofVirtual").invoke(null);
            Object named = builder.getMethod("name", String.class).invoke(ofVirtual, name);
            return (Thread) builder.getMethod("start", Runnable.class).invoke(named, body);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need JDK 21+: " + e, e);
        }
    }

    /**
     * Runs {@code start} on a daemon thread named {@code name} until it ends, then waits until
     * {@code count} threads named {@code prefix}* wait untimed: what {@code start} made is then
     * held by no frame that still runs, as in an application whose setup code has returned.
     */
    public static void startInAnEndedThread(String name, Runnable start, String prefix, int count)
            throws InterruptedException {
        daemon(name, start).join();
        awaitNamed(prefix, count);
    }

    /** Until {@code count} live platform threads named {@code prefix}* wait untimed. */
    public static void awaitNamed(String prefix, int count) throws InterruptedException {
        awaitNamed(prefix, count, EnumSet.of(Thread.State.WAITING));
    }

    /** Until {@code count} live platform threads named {@code prefix}* are in one of {@code states}. */
    public static void awaitNamed(String prefix, int count, Set<Thread.State> states) throws InterruptedException {
        long waiting = Deadline.after(LIMIT).pollUntil(() -> waitingNamed(prefix, states), n -> n >= count,
                (n, deadline) -> deadline.sleep(STEP));
        if (waiting < count) {
            throw new IllegalStateException("threads " + prefix + "* did not reach " + states + ": " + waiting + " of "
                    + count);
        }
    }

    private static long waitingNamed(String prefix, Set<Thread.State> states) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && states.contains(t.getState())).count();
    }

    /** Until every one of {@code threads} waits untimed. */
    public static void awaitAll(Collection<Thread> threads) throws InterruptedException {
        awaitAll(threads, EnumSet.of(Thread.State.WAITING));
    }

    /** Until {@code thread} is in {@code state}. */
    public static void await(Thread thread, Thread.State state) throws InterruptedException {
        awaitAll(List.of(thread), EnumSet.of(state));
    }

    /** Until every one of {@code threads} is in one of {@code states}. */
    public static void awaitAll(Collection<Thread> threads, Set<Thread.State> states) throws InterruptedException {
        boolean all = Deadline.after(LIMIT).pollUntil(() -> threads.stream().allMatch(t -> states.contains(t.getState())),
                Boolean::booleanValue, (seen, deadline) -> deadline.sleep(STEP));
        if (!all) {
            throw new IllegalStateException("not all threads reached " + states + ": " + threads.stream()
                    .map(t -> t.getName() + " " + t.getState()).collect(Collectors.joining(", ")));
        }
    }
}
