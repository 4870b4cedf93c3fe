package dev.threadleak.agent.programs;

import dev.threadleak.io.Deadline;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * Leaks consumers that wait on a queue nobody fills, all started in {@link #startAuditors}.
 * {@code report FILE N}: starts N, then waits until the agent's report in FILE names all of them
 * (polled, 20 s at most) and exits. {@code sites N M}: starts N, reads the agent's MBean's
 * {@code Sites} as a JMX exporter in this JVM would, starts M more at the same site, reads it again
 * once it changed, and prints each reading's rows as {@code reading|site|kind|count|growth}.
 */
public final class TelemetryProgram {

    public static final String THREAD_PREFIX = "auditor-";
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Duration STEP = Duration.ofMillis(20);
    private static final BlockingQueue<String> NOBODY_FILLS = new LinkedBlockingQueue<>();
    private static int started;

    private TelemetryProgram() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("report")) {
            int n = Integer.parseInt(args[2]);
            startAuditors(n);
            Path report = Path.of(args[1]);
            Deadline.after(LIMIT).pollUntil(() -> names(report, n), Boolean::booleanValue, (seen, d) -> d.sleep(STEP));
        } else {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer(); // what an exporter's agent does
            ObjectName name = new ObjectName("dev.threadleak:type=LeakDetector");
            startAuditors(Integer.parseInt(args[1]));
            Deadline.after(LIMIT).pollUntil(() -> server.isRegistered(name), Boolean::booleanValue,
                    (seen, d) -> d.sleep(STEP));
            TabularData first = (TabularData) server.getAttribute(name, "Sites");
            print("1", first);
            startAuditors(Integer.parseInt(args[2]));
            TabularData second = Deadline.after(LIMIT).pollUntil(() -> sites(server, name), t -> !t.equals(first),
                    (seen, d) -> d.sleep(STEP));
            print("2", second);
            System.out.println("dropped|" + server.getAttribute(name, "SitesDropped"));
        }
    }

    static void startAuditors(int n) throws InterruptedException {
        CountDownLatch parked = new CountDownLatch(n);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread auditor = new Thread(() -> {
                parked.countDown();
                try {
                    NOBODY_FILLS.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, THREAD_PREFIX + started++);
            auditor.setDaemon(true);
            threads.add(auditor);
        }
        for (Thread t : threads) {
            t.start(); // here, not in a lambda: this method is the creation site
        }
        parked.await();
    }

    /**
     * The report names every auditor in one group: all were waiting on the queue when it was made
     * (one still taking the queue's lock as the other parks is a group of its own, and a report that
     * names both so ended the run before one named them as one: CI, once, on JDK 25).
     */
    private static boolean names(Path report, int n) {
        try {
            String text = Files.exists(report) ? Files.readString(report) : "";
            if (!text.contains("\"count\" : " + n)) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!text.contains('"' + THREAD_PREFIX + i + '"')) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException e) {
            return false; // replaced as we read it: look again
        }
    }

    private static TabularData sites(MBeanServer server, ObjectName name) {
        try {
            return (TabularData) server.getAttribute(name, "Sites");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void print(String reading, TabularData table) {
        for (Object row : table.values()) {
            CompositeData r = (CompositeData) row;
            System.out.println(reading + "|" + r.get("site") + "|" + r.get("kind") + "|" + r.get("count") + "|"
                    + r.get("growth"));
        }
    }
}
