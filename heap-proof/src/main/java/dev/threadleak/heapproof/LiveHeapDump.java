package dev.threadleak.heapproof;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Writes this JVM's live heap to a file without leaving the application a smaller heap. HotSpot
 * collects the whole heap before a live dump, and a full collection gives memory back to the
 * system when more than {@code MaxHeapFreeRatio} of the heap is free: after each check's dump a
 * test JVM's heap shrank from 644 MB to 56 MB, and the allocation-heavy test after it ran three
 * times as many young collections, 1.5 to 3 times as slowly. So the ratio (a manageable flag) is
 * raised to 100 for the dump, and put back after. The proof's reading of its dump keeps it raised
 * too: its large arrays are humongous allocations, which can start a concurrent cycle whose remark
 * gives the heap back by the same ratio (seen on a loaded machine: 287 MB to 24 MB). Windows may
 * overlap; the first raises the flag and the last puts it back. One dump at a time: HotSpot writes
 * one at a time anyway.
 */
public final class LiveHeapDump {

    private static final String MAX_FREE = "MaxHeapFreeRatio";

    private static final Object FLAG = new Object();

    /** Guarded by {@link #FLAG}: windows open now, and the ratio before the first of them. */
    private static int windows;
    private static String ratioBefore;

    private LiveHeapDump() {
    }

    /** Dumps the live heap to {@code file}, which must not exist. */
    public static synchronized void write(Path file) throws IOException {
        keepingTheHeap(diagnostic -> {
            diagnostic.dumpHeap(file.toString(), true);
            return null;
        });
    }

    /**
     * Collects the whole heap ({@code System.gc()}) as a dump does, and as a dump does without
     * giving the application's heap back: a check that collects before it judges a
     * {@code Cleaner}'s thread would otherwise shrink it after each test that left one.
     */
    public static void collect() {
        keepingTheHeap(diagnostic -> {
            System.gc();
            return null;
        });
    }

    /** Runs {@code work} (a dump and its reading) without letting any collection meanwhile give the heap back. */
    public static <T> T keepingTheHeap(Supplier<T> work) {
        return keepingTheHeap(diagnostic -> work.get());
    }

    /** What runs while the heap is kept: a dump, a collection, or a proof. */
    @FunctionalInterface
    private interface Collecting<T, E extends Exception> {
        T run(HotSpotDiagnosticMXBean diagnostic) throws E;
    }

    /** Runs {@code collecting} with the ratio raised, and puts it back after the last window closes. */
    private static <T, E extends Exception> T keepingTheHeap(Collecting<T, E> collecting) throws E {
        HotSpotDiagnosticMXBean diagnostic = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        synchronized (FLAG) {
            if (windows++ == 0) {
                ratioBefore = keepHeap(diagnostic);
            }
        }
        try {
            return collecting.run(diagnostic);
        } finally {
            synchronized (FLAG) {
                if (--windows == 0) {
                    restore(diagnostic, ratioBefore);
                }
            }
        }
    }

    /** Raises the ratio; answers what it was, or null when this JVM would not say or let it be changed. */
    private static String keepHeap(HotSpotDiagnosticMXBean diagnostic) {
        try {
            String before = diagnostic.getVMOption(MAX_FREE).getValue();
            diagnostic.setVMOption(MAX_FREE, "100");
            return before;
        } catch (RuntimeException e) {
            return null; // not HotSpot's flag here, or not writable: the dump as before
        }
    }

    private static void restore(HotSpotDiagnosticMXBean diagnostic, String before) {
        if (before == null) {
            return;
        }
        try {
            if ("100".equals(diagnostic.getVMOption(MAX_FREE).getValue())) { // unless someone else set it meanwhile
                diagnostic.setVMOption(MAX_FREE, before);
            }
        } catch (RuntimeException e) {
            // left at 100: the heap is not given back after full collections, which costs memory, not time
        }
    }
}
