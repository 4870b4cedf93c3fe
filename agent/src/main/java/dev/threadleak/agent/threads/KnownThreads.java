package dev.threadleak.agent.threads;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Predicate;

/**
 * Threads that are never leaks: the JVM's and the JDK's own, and ours. One list, each entry with
 * the reason, so that a user who wonders why a thread is not reported can find out here.
 */
public final class KnownThreads {

    /** A kind of thread that is never a leak, and why. */
    public record Entry(String what, String reason, Predicate<Thread> matches) {
    }

    private static final List<Entry> ENTRIES = List.of(
            named("Reference Handler", "the JVM's: enqueues cleared references for the life of the JVM"),
            named("Finalizer", "the JVM's: runs finalize() for the life of the JVM"),
            named("Signal Dispatcher", "the JVM's: dispatches OS signals to Java handlers"),
            named("Common-Cleaner", "the JDK's: runs java.lang.ref.Cleaner actions for the life of the JVM"),
            named("Attach Listener", "the JVM's: serves jcmd and the attach API (threadleak's CLI uses it)"),
            named("Notification Thread", "the JVM's: delivers JMX notifications for low memory and GC"),
            named("DestroyJavaVM", "the JVM's: the launcher thread waiting for non-daemon threads after main"),
            new Entry("process reaper", "the JDK's: waits for child processes; daemon, lives in a cached pool",
                    t -> t.getName().startsWith("process reaper")),
            new Entry("JFR threads", "Flight Recorder's own threads",
                    t -> t.getName().startsWith("JFR ")),
            new Entry("JMX and RMI threads", "the JDK's management agent and its RMI transport",
                    t -> t.getName().startsWith("RMI ") || t.getName().startsWith("JMX server connection timeout")
                            || t.getName().equals("GC Daemon")),
            new Entry("virtual-thread machinery", "the JDK's carriers, unparker and I/O pollers for virtual threads",
                    t -> t.getClass().getName().equals("jdk.internal.misc.CarrierThread")
                            || t.getName().equals("VirtualThread-unparker")
                            || t.getName().equals("VirtualThread-unblocker")
                            || t.getName().equals("Read-Poller") || t.getName().equals("Write-Poller")
                            || t.getName().equals("Master-Poller")),
            new Entry("ForkJoinPool delay scheduler", "a ForkJoinPool's timer thread (JDK 25+): it lives and ends with its pool",
                    t -> t.getClass().getName().equals("java.util.concurrent.DelayScheduler")),
            new Entry("common-pool workers", "the ForkJoin common pool belongs to the JVM; its idle workers are not leaks",
                    KnownThreads::isCommonPoolWorker),
            new Entry("threadleak", "ours: daemons named threadleak-*, each with an owner that stops it",
                    t -> t.getName().startsWith(ThreadRegistry.OWN_THREAD_PREFIX)));

    private KnownThreads() {
    }

    public static List<Entry> entries() {
        return ENTRIES;
    }

    /** The entry that makes {@code thread} a non-leak, or null. */
    public static Entry match(Thread thread) {
        for (Entry entry : ENTRIES) {
            if (entry.matches().test(thread)) {
                return entry;
            }
        }
        return null;
    }

    public static boolean isKnown(Thread thread) {
        return match(thread) != null;
    }

    private static Entry named(String name, String reason) {
        return new Entry(name, reason, t -> t.getName().equals(name));
    }

    private static boolean isCommonPoolWorker(Thread t) {
        return t instanceof ForkJoinWorkerThread worker && worker.getPool() == ForkJoinPool.commonPool();
    }
}
