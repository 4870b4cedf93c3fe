package dev.threadleak.junit;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Counts the heap dumps this JVM takes, by the collection each begins with (HotSpot's cause
 * {@code Heap Dump Initiated GC}): how many a check paid, seen from outside the agent.
 */
final class HeapDumps implements AutoCloseable {

    private static final String DUMP = "Heap Dump Initiated GC";
    /** What {@code jcmd PID GC.run} collects for: a check's own collections are {@code System.gc()}. */
    private static final String MARK = "Diagnostic Command";

    private final BlockingQueue<String> causes = new LinkedBlockingQueue<>();
    private final NotificationListener listener = (n, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            causes.add(GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcCause());
        }
    };
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    private HeapDumps() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            NotificationEmitter emitter = (NotificationEmitter) gc;
            emitter.addNotificationListener(listener, null, null);
            emitters.add(emitter);
        }
    }

    static HeapDumps counting() {
        return new HeapDumps();
    }

    /**
     * The dumps taken since counting began. The notifications come later, on the JVM's own thread,
     * in the order of the full collections: one asked for as {@code jcmd} asks, made now, marks
     * where to stop (not a {@code System.gc()}: a check whose dumps are slow collects so).
     */
    int taken() throws InterruptedException {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcRun", new Object[] {null}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("could not collect to mark the end of the count: " + e, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int dumps = 0;
        for (String cause; (cause = causes.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
            if (MARK.equals(cause)) {
                return dumps;
            }
            dumps += DUMP.equals(cause) ? 1 : 0;
        }
        throw new AssertionError("no notification of the marking collection within 30 s");
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // not there: nothing to remove
            }
        }
    }
}
