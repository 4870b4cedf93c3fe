package dev.threadleak.agent.programs;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A logging framework's shape: a worker the application stops in its own shutdown hook, which
 * flushes for a while (300 ms) before it asks the worker to end and joins it. Then main returns.
 */
public final class HookStopsWorkerProgram {

    private static volatile boolean stopped;

    private HookStopsWorkerProgram() {
    }

    public static void main(String[] args) {
        Thread worker = new Thread(() -> {
            while (!stopped) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }, "appender-worker");
        worker.setDaemon(true);
        worker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300)); // the flush
            stopped = true;
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stops-the-appender"));
    }
}
