package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import dev.threadleak.cli.programs.JulAfterTheAgent;
import dev.threadleak.cli.programs.ParkedConsumer;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportJson;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's MBean, as JConsole finds it: JConsole starts the JVM's local management agent
 * (which creates the platform MBean server), and the agent registers its MBean within a second
 * of that server's creation; it never creates the server itself.
 */
class LeakDetectorMBeanIT {

    private static final String[] TWO_STRINGS = {String.class.getName(), String.class.getName()};

    @TempDir
    Path dir;

    @Test
    void jconsoleFindsTheMBeanWithItsCountersAndTheReport() throws Exception {
        ObjectName name = new ObjectName("dev.threadleak:type=LeakDetector");
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file(), "min-age=0s")
                .start(dir, ParkedConsumer.class).awaitReady()) {
            String address;
            VirtualMachine vm = VirtualMachine.attach(child.pidArg());
            try {
                address = vm.startLocalManagementAgent(); // what JConsole does
            } finally {
                vm.detach();
            }
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                awaitRegistered(server, name);
                assertTrue((Long) server.getAttribute(name, "LiveThreads") >= 2, "main and the consumer at least");
                assertEquals(0L, server.getAttribute(name, "LiveVirtualThreads"));
                assertEquals(0L, server.getAttribute(name, "BlockedForever"));
                assertEquals(0L, server.getAttribute(name, "DroppedRecords"));
                assertEquals(1L, server.getAttribute(name, "Suspects"), "the consumer, with min-age=0s");

                String json = (String) server.invoke(name, "report", new Object[] {"json", ""}, TWO_STRINGS);
                LeakReport report = ReportJson.read(json);
                assertTrue(DumpIT.parkedInTake(DumpIT.consumer(report)), report.toText());
                String text = (String) server.invoke(name, "report", new Object[] {"text", "0s"}, TWO_STRINGS);
                assertTrue(text.contains("\"consumer\""), text);

                RuntimeMBeanException bad = assertThrows(RuntimeMBeanException.class,
                        () -> server.invoke(name, "report", new Object[] {"xml", ""}, TWO_STRINGS));
                assertEquals("bad format 'xml': expected text, json or jsonl", bad.getCause().getMessage());
                assertEquals("format", server.getMBeanInfo(name).getOperations()[0].getSignature()[0].getName());
            }
        }
    }

    @Test
    void theAgentLeavesJavaUtilLoggingToTheApplication() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().agent(EmbeddedAgentJar.file())
                .start(dir, JulAfterTheAgent.class)) {
            String line = child.awaitLine(l -> l.startsWith("log manager "));
            assertEquals("log manager " + JulAfterTheAgent.AppLogManager.class.getName(), line,
                    "something initialised java.util.logging before main could choose; stderr: " + child.stderr());
        }
    }

    /** The agent looks for the platform server once a second: poll for its MBean, 10 s at most. */
    private static void awaitRegistered(MBeanServerConnection server, ObjectName name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.isRegistered(name)) {
            assertTrue(System.nanoTime() < deadline, name + " was not registered within 10 s of the MBean server");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // a poll: registration has no event we can wait on
        }
    }
}
