package dev.threadleak.agent.programs;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.Scope;
import dev.threadleak.api.ScopeCheck;
import dev.threadleak.api.Threadleak;
import dev.threadleak.report.ScopeInfo;
import dev.threadleak.testsupport.ParkedThreads;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An application whose heap has grown (an allocation-heavy test suite's), checked by a scope
 * that made a {@code Cleaner} (so the check collects before it looks) and whose leak the heap
 * proof looks at: prints its committed heap before and after the check, and
 * {@code MaxHeapFreeRatio} after, as {@code before after ratio}, in bytes.
 */
public final class HeapKeptProgram {

    private static volatile Object sink;

    private HeapKeptProgram() {
    }

    public static void main(String[] args) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (long allocated = 0; memory.getHeapMemoryUsage().getCommitted() < 256L << 20; allocated += 64L << 20) {
            if (allocated > 64L << 30) {
                throw new IllegalStateException("the heap never grew to 256 MB: nothing to keep");
            }
            Object[] batch = new Object[2_000];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = new byte[32 * 1024];
            }
            sink = batch;
        }
        sink = null;
        settle();
        long before = memory.getHeapMemoryUsage().getCommitted();
        Scope scope = Threadleak.agent().newScope(new ScopeInfo("scope", "heap"), "the scope ended", t -> false);
        scope.openWindow();
        Cleaner.create(); // let go of at once: the check collects first, for its thread
        ParkedThreads.waiting("consumer", () -> new LinkedBlockingQueue<>().take());
        ParkedThreads.awaitNamed("consumer", 1);
        ScopeCheck check = scope.check(Duration.ofMillis(50), FindingFilter.NONE, true);
        if (check.notes().stream().noneMatch(n -> n.startsWith("heap proof took"))) {
            throw new IllegalStateException("no heap proof ran: " + check.notes());
        }
        long after = memory.getHeapMemoryUsage().getCommitted();
        String ratio = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("MaxHeapFreeRatio").getValue();
        System.out.println(before + " " + after + " " + ratio);
    }

    /**
     * Ends what the application's own allocation began: a concurrent cycle still marking would
     * give the heap back at its remark whenever that comes, before the check or during it (seen
     * on a loaded machine, 314 MB to 21 MB). A full collection aborts it; the ratio is raised for
     * it, as the application's own choice, so that it keeps the heap.
     */
    private static void settle() {
        HotSpotDiagnosticMXBean diagnostic = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String ratio = diagnostic.getVMOption("MaxHeapFreeRatio").getValue();
        diagnostic.setVMOption("MaxHeapFreeRatio", "100");
        System.gc();
        diagnostic.setVMOption("MaxHeapFreeRatio", ratio);
    }
}
