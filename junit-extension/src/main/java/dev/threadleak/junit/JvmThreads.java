package dev.threadleak.junit;

import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The JVM's and the JDK's own threads, which may start during a test without being its leak
 * (the first process spawned starts "process reaper", the first virtual thread its carriers and
 * "VirtualThread-unblocker", an attach "Attach Listener"). Snapshot mode needs this list; the
 * agent keeps the same one (dev.threadleak.agent.threads.KnownThreads) and leaves them out itself.
 */
final class JvmThreads {

    private static final Set<String> NAMES = Set.of("Reference Handler", "Finalizer", "Signal Dispatcher",
            "Common-Cleaner", "Attach Listener", "Notification Thread", "DestroyJavaVM", "GC Daemon",
            "VirtualThread-unparker", "VirtualThread-unblocker", "Read-Poller", "Write-Poller", "Master-Poller",
            "Service Thread", "Monitor Deflation Thread", "Sweeper thread");
    private static final String CARRIER = "jdk.internal.misc.CarrierThread";

    private JvmThreads() {
    }

    static boolean isKnown(Thread t) {
        return isKnownName(t.getName()) || t.getClass().getName().equals(CARRIER)
                || (t instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool());
    }

    /** For threads seen only by name (a thread dump). */
    static boolean isKnownName(String name) {
        return NAMES.contains(name) || name.startsWith("process reaper") || name.startsWith("JFR ")
                || name.startsWith("RMI ") || name.startsWith("JMX server connection timeout")
                || name.startsWith("C1 CompilerThread") || name.startsWith("C2 CompilerThread")
                || name.startsWith("threadleak-");
    }
}
