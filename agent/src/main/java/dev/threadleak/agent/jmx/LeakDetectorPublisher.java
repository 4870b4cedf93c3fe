package dev.threadleak.agent.jmx;

import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.agent.threads.ThreadRegistry;
import java.io.PrintStream;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers the {@link LeakDetector} in the platform MBean server once that server exists, and
 * never creates it. Creating it is not ours to do: it costs 180-340 ms of CPU (measured here),
 * and it initialises {@code java.util.logging}'s LogManager, which takes that choice away from
 * applications that set {@code java.util.logging.manager} in {@code main} (JBoss Modules and
 * WildFly do). JConsole, VisualVM and JMX exporters create the server when they connect; the
 * agent's {@code threadleak-channel} thread calls {@link #publishIfServerExists} every second
 * until it is done, so the MBean is there within a second of theirs.
 */
public final class LeakDetectorPublisher {

    private static final ObjectName NAME = objectName(LeakDetector.OBJECT_NAME);
    /** Only the platform server holds this MXBean: it tells that server from ones applications create. */
    private static final ObjectName PLATFORM_MARK = objectName("java.lang:type=Runtime");

    private final JvmReports reports;
    private final ThreadRegistry registry;
    private final long minAgeMillis;
    private final PrintStream stderr;
    private volatile boolean done;

    /** {@code minAgeMillis}: the agent's {@code min-age}, for a report asked without one. */
    public LeakDetectorPublisher(JvmReports reports, ThreadRegistry registry, long minAgeMillis, PrintStream stderr) {
        this.reports = reports;
        this.registry = registry;
        this.minAgeMillis = minAgeMillis;
        this.stderr = stderr;
    }

    /** True once the MBean is registered, or registering it failed for good. */
    public boolean done() {
        return done;
    }

    public void publishIfServerExists() {
        if (done) {
            return;
        }
        try {
            for (MBeanServer server : MBeanServerFactory.findMBeanServer(null)) {
                if (server.isRegistered(PLATFORM_MARK)) {
                    register(server);
                    return;
                }
            }
        } catch (RuntimeException e) {
            done = true; // e.g. a security manager that denies findMBeanServer: asking again will not help
            stderr.println("threadleak: cannot register the MBean " + LeakDetector.OBJECT_NAME + ": " + e);
        }
    }

    private void register(MBeanServer server) {
        done = true;
        try {
            server.registerMBean(new LeakDetector(reports, registry, minAgeMillis), NAME);
        } catch (InstanceAlreadyExistsException e) {
            // registered by an earlier copy of the agent in this JVM: that one stands
        } catch (JMException | RuntimeException e) {
            stderr.println("threadleak: cannot register the MBean " + LeakDetector.OBJECT_NAME + ": " + e);
        }
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
