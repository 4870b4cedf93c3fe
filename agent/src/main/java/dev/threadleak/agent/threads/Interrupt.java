package dev.threadleak.agent.threads;

import dev.threadleak.report.Frame;
import dev.threadleak.report.ThreadRef;

/**
 * An interrupt one thread sent another: when, by whom, and the stack of its {@code interrupt()}
 * call. A thread the code interrupted itself ({@code thread.interrupt()} from its own frames, not
 * a pool's or a future's, whose interrupts are for the task the thread runs) and that is still
 * running past it is one that did not stop when told to: Go's lesson of the goroutine that
 * ignores its context's cancellation.
 */
public record Interrupt(long atMillis, long byId, String byName, Throwable trace) {

    public ThreadRef by() {
        return new ThreadRef(byId, byName);
    }

    /**
     * The frame that called {@code interrupt()}, when it is the code's own; null when the JDK did
     * (a future's {@code cancel(true)}, a pool's {@code shutdownNow()} or its idle workers' wake at
     * {@code shutdown()}), or no stack was kept.
     */
    public Frame codeCaller() {
        if (trace == null) {
            return null;
        }
        for (StackTraceElement e : trace.getStackTrace()) {
            String c = e.getClassName();
            if (c.startsWith("dev.threadleak.agent.bootstrap.") || c.startsWith("dev.threadleak.agent.threads.")
                    || e.getMethodName().equals("interrupt")) {
                continue; // the hook, interrupt() itself, and an override's super call
            }
            Frame caller = Frame.of(e);
            return caller.isJdk() ? null : caller;
        }
        return null;
    }
}
