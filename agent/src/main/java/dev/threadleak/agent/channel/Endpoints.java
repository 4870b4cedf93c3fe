package dev.threadleak.agent.channel;

import dev.threadleak.agent.AgentRuntime;
import dev.threadleak.agent.jmx.LeakDetectorPublisher;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The agent's doors to the outside, kept by one daemon thread, {@code threadleak-channel}: the
 * CLI's channel ({@link ChannelServer}) and the {@code LeakDetector} MBean
 * ({@link LeakDetectorPublisher}). Both are opened on that thread, never on the one running
 * {@code premain}: binding the socket alone costs 40-65 ms (measured here), and start-up is the
 * application's. The thread waits in a selector: on the channel, and while the MBean waits for the
 * platform MBean server, for at most a second at a time.
 */
public final class Endpoints implements Runnable {

    /** System property that says the agent is installed, and which version; {@code threadleak ps} reads it. */
    public static final String VERSION_PROPERTY = "threadleak.agent.version";

    private static final long MBEAN_POLL_MILLIS = 1_000;

    private final ChannelServer channel;
    private final LeakDetectorPublisher detector;

    private Endpoints(AgentRuntime runtime, PrintStream stderr) {
        this.channel = new ChannelServer(runtime);
        this.detector = new LeakDetectorPublisher(runtime, stderr);
    }

    /** Called once the agent is installed: says so, and opens the doors in the background. */
    public static void start(AgentRuntime runtime, PrintStream stderr) {
        String version = Endpoints.class.getPackage().getImplementationVersion();
        System.setProperty(VERSION_PROPERTY, version == null ? "unknown" : version);
        Thread thread = new Thread(new Endpoints(runtime, stderr), "threadleak-channel");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        ServerSocketChannel server = channel.open();
        try (Selector selector = Selector.open()) {
            if (server != null) {
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
            }
            while (server != null || !detector.done()) {
                selector.select(detector.done() ? 0 : MBEAN_POLL_MILLIS);
                selector.selectedKeys().clear();
                if (server != null) {
                    for (SocketChannel client = server.accept(); client != null; client = server.accept()) {
                        channel.serve(client);
                    }
                }
                detector.publishIfServerExists();
            }
        } catch (IOException | RuntimeException e) {
            System.setProperty(ChannelServer.ERROR_PROPERTY, "the channel stopped: " + e);
        }
    }
}
