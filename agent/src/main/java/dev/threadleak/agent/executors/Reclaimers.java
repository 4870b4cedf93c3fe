package dev.threadleak.agent.executors;

import dev.threadleak.report.KnownThreads;

/**
 * Tells a shutdown the code asked for from one the collector's cleanup made: the JDK's cleaner
 * shuts down the pool of an unreachable {@code Executors.newSingleThreadExecutor()} (JDK 21+), a
 * finalizer does on 17, and a library may register a {@code Cleaner} action of its own. Such a
 * shutdown comes when the collector runs, so a verdict that counted it would depend on the heap.
 */
final class Reclaimers {

    static final String JDK_CLEANER = "the JDK's cleaner";
    static final String FINALIZER = "a finalizer";
    static final String CLEANER = "a Cleaner action";

    private Reclaimers() {
    }

    /** Which cleanup runs the current call ({@code trace} is its stack, if taken), or null when none does. */
    static String current(Throwable trace) {
        Thread self = Thread.currentThread();
        if (self.getClass().getName().equals("java.lang.ref.Finalizer$FinalizerThread")) {
            return FINALIZER;
        }
        if (trace != null) {
            for (StackTraceElement e : trace.getStackTrace()) {
                String c = e.getClassName();
                if (c.equals("java.lang.ref.Finalizer")) {
                    return FINALIZER;
                }
                if (c.equals(KnownThreads.CLEANER_IMPL)) {
                    return isCommonCleaner(self) ? JDK_CLEANER : CLEANER;
                }
            }
            return null;
        }
        return isCommonCleaner(self) ? JDK_CLEANER : null;
    }

    private static boolean isCommonCleaner(Thread t) {
        return t.getName().equals("Common-Cleaner");
    }
}
