package dev.threadleak.samples;

import java.util.Set;

/**
 * Demo pacing for the leaky programs: waits until the named threads have parked in the call they
 * will never return from, so that the report written at exit shows where they are stuck rather
 * than a thread still on its way there. A real leaky program does not wait; it just never notices.
 */
final class ParkedThreads {

    private static final long MAX_WAIT_NANOS = 2_000_000_000L;

    private ParkedThreads() {
    }

    /** Returns once every live thread with one of these names is WAITING, or after two seconds. */
    static void await(String... threadNames) throws InterruptedException {
        Set<String> names = Set.of(threadNames);
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        while (!allParked(names) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private static boolean allParked(Set<String> names) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> names.contains(thread.getName()))
                .allMatch(thread -> thread.getState() == Thread.State.WAITING || !thread.isAlive());
    }
}
