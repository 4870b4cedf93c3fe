package dev.threadleak.testsupport;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Deadlocks the JVM itself detects ({@code ThreadMXBean.findDeadlockedThreads}), of daemon threads
 * made at one line, as a pool makes its request threads: "PREFIX-a" holds one monitor or lock and
 * waits for the other, which "PREFIX-b" holds while it waits for the first. Each call returns once
 * both wait.
 */
public final class Deadlocks {

    private Deadlocks() {
    }

    /** On two monitors; returns the first, which a thread outside the cycle may then be blocked on. */
    public static Object onMonitors(String prefix) throws InterruptedException {
        Object first = new Object();
        cross(prefix, first, new Object(), Deadlocks::crossMonitors);
        ParkedThreads.awaitNamed(prefix + "-", 2, EnumSet.of(Thread.State.BLOCKED));
        return first;
    }

    /** On two {@code ReentrantLock}s, each waited for in {@code lock()}, which no interrupt ends. */
    public static void onLocks(String prefix) throws InterruptedException {
        cross(prefix, new ReentrantLock(), new ReentrantLock(), Deadlocks::crossLocks);
        ParkedThreads.awaitNamed(prefix + "-", 2);
    }

    /** Starts a daemon thread named {@code name} that enters {@code monitor}, and returns once it is blocked there. */
    public static Thread blockedOn(Object monitor, String name) throws InterruptedException {
        Thread t = ParkedThreads.daemon(name, () -> {
            synchronized (monitor) {
                held(monitor);
            }
        });
        ParkedThreads.await(t, Thread.State.BLOCKED);
        return t;
    }

    /** How one of two threads takes what it holds and then waits for what the other holds. */
    private interface Crossing<T> {
        void cross(T held, T wanted, CountDownLatch bothHeld);
    }

    private static <T> void cross(String prefix, T first, T second, Crossing<T> crossing) {
        CountDownLatch held = new CountDownLatch(2);
        for (String name : List.of(prefix + "-a", prefix + "-b")) {
            boolean a = name.endsWith("a");
            ParkedThreads.daemon(name, () -> crossing.cross(a ? first : second, a ? second : first, held));
        }
    }

    /** Holds {@code held}, and once both threads hold theirs, enters {@code wanted}: never. */
    private static void crossMonitors(Object held, Object wanted, CountDownLatch bothHeld) {
        synchronized (held) {
            ParkedThreads.quietly(() -> {
                bothHeld.countDown();
                bothHeld.await();
            });
            synchronized (wanted) {
                held(wanted);
            }
        }
    }

    private static void crossLocks(Lock held, Lock wanted, CountDownLatch bothHeld) {
        held.lock();
        try {
            ParkedThreads.quietly(() -> {
                bothHeld.countDown();
                bothHeld.await();
            });
            wanted.lock();
            wanted.unlock();
        } finally {
            held.unlock();
        }
    }

    /** What a thread would do once inside: never reached, and nothing the compiler may drop. */
    private static void held(Object monitor) {
        System.out.println("inside " + monitor);
    }
}
