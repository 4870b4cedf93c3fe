package dev.threadleak.agent.programs;

import java.util.Collection;

/**
 * Waits until threads have parked, for the heap-proof programs. Only helper methods touch
 * {@code Thread} objects: when they return, nothing in main's frame holds a parked thread (a
 * thread object reachable from a running thread could be interrupted, so the proof would
 * rightly not call it blocked forever).
 */
final class ParkedThreads {

    private ParkedThreads() {
    }

    /** Polls, 20 s at most, until {@code count} live platform threads named {@code prefix}* wait untimed. */
    static void awaitNamed(String prefix, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (waitingNamed(prefix) >= count) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("threads " + prefix + "* did not park");
    }

    private static long waitingNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.getState() == Thread.State.WAITING).count();
    }

    /** Polls, 20 s at most, until every one of {@code threads} waits untimed. */
    static void awaitAll(Collection<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("not all threads parked");
    }

    static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
