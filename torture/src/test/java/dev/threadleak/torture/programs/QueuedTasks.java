package dev.threadleak.torture.programs;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Queues many tasks behind one that blocks, far beyond {@code max-records}: the tasks the bound
 * drops must be counted. Then reads the agent's MBean (creating the platform MBean server, as a
 * JMX console would; the agent registers within a second) and prints its Dropped* attributes.
 * Args: tasks.
 */
public final class QueuedTasks {

    private QueuedTasks() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        CountDownLatch gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.submit(() -> {
            gate.await();
            return null;
        });
        for (int i = 1; i < n; i++) {
            pool.submit(() -> { });
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.threadleak:type=LeakDetector");
        dev.threadleak.io.Deadline.after(java.time.Duration.ofSeconds(20)).pollUntil(() -> server.isRegistered(name),
                Boolean::booleanValue, (seen, d) -> d.sleep(java.time.Duration.ofMillis(50)));
        for (String attribute : new String[] {"DroppedRecords", "DroppedTasks", "DroppedThreads"}) {
            System.out.println("mbean " + attribute + "=" + server.getAttribute(name, attribute));
        }
        UntilInputCloses.ready();
        UntilInputCloses.await();
        gate.countDown();
        pool.shutdown();
    }
}
