package dev.threadleak.agent.channel;

import dev.threadleak.agent.AgentOptions;
import dev.threadleak.agent.Privileges;
import dev.threadleak.agent.jmx.LeakDetectorPublisher;
import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.protocol.AgentProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.function.Supplier;

/**
 * The agent's doors to the outside, kept by one daemon thread, {@code threadleak-channel}: the
 * CLI's channel ({@link ChannelServer}, whose requests it reads and hands to at most
 * {@value ChannelWorkers#MAX_THREADS} workers, {@code threadleak-channel-1}...) and the
 * {@code LeakDetector} MBean ({@link LeakDetectorPublisher}). Both are opened on that thread,
 * never on the one running {@code premain}: binding the socket alone costs 35-85 ms (measured
 * here), and start-up is the application's. Under {@code premain} the thread first lets the
 * application start for {@value #START_DELAY_MILLIS} ms: a JVM that lives less never pays for
 * doors nobody used, and one that lives longer pays after its busiest moment (the CLI waits up to
 * 10 s for the channel to appear). Attached late, it opens them at once: somebody is waiting.
 * Then it waits in a selector: on the channel, while the MBean waits for the platform MBean
 * server for at most a second at a time, and every {@value #HOUSEKEEPING_MILLIS} ms to let the
 * registries drop the records of executors and tasks the garbage collector took (so that their
 * memory returns even when the application creates nothing more), and at the first, unless a
 * request came before, to sweep what killed JVMs left behind ({@link ChannelServer#tidyOnce}).
 *
 * <p>A shutdown hook wakes it and lets it end before the JVM does: a thread that is still in a
 * native call (our {@code select}) when the JVM exits makes HotSpot wait 300 ms for it (measured:
 * exit took 330 ms longer), in every JVM that runs the agent.
 */
public final class Endpoints implements Runnable {

    private static final long MBEAN_POLL_MILLIS = 1_000;
    static final long HOUSEKEEPING_MILLIS = 5_000;
    private static final long START_DELAY_MILLIS = 1_000;

    /** How long the shutdown hook waits for the thread to leave its native call; it takes microseconds. */
    private static final long STOP_MILLIS = 200;

    /** Made on the thread too ({@code ReportsOnFirstUse}), unless a report was asked for before. */
    private final Supplier<JvmReports> reports;
    private final ThreadRegistry registry;
    private final AgentOptions options;
    private final PrintStream stderr;
    /** Made on the thread, not under premain: with them come the socket and JMX classes. */
    private volatile ChannelServer channel;
    private LeakDetectorPublisher detector;
    private final long delayMillis;
    private final Runnable housekeeping;
    private final Object delay = new Object();
    private volatile boolean stopped;
    private volatile Selector selector;
    private Thread thread;

    private Endpoints(Supplier<JvmReports> reports, ThreadRegistry registry, AgentOptions options, long delayMillis,
                      Runnable housekeeping, PrintStream stderr) {
        this.reports = reports;
        this.registry = registry;
        this.options = options;
        this.stderr = stderr;
        this.delayMillis = delayMillis;
        this.housekeeping = housekeeping;
    }

    /**
     * Called once the agent is installed ({@code late}: by agentmain): says so, and opens the doors
     * in the background. {@code housekeeping} runs on the channel's thread now and then.
     */
    public static void start(Supplier<JvmReports> reports, ThreadRegistry registry, AgentOptions options, boolean late,
                             Runnable housekeeping, PrintStream stderr) {
        String version = Endpoints.class.getPackage().getImplementationVersion();
        System.setProperty(AgentProperties.VERSION, version == null ? "unknown" : version);
        Endpoints endpoints = new Endpoints(reports, registry, options, late ? 0 : START_DELAY_MILLIS, housekeeping,
                stderr);
        Thread thread = new Thread(endpoints, "threadleak-channel");
        thread.setDaemon(true);
        endpoints.thread = thread;
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() { // not a lambda: it runs under premain
            @Override
            public void run() {
                endpoints.stop();
            }
        }, "threadleak-channel-stop"));
        thread.start();
    }

    /**
     * Ends the thread's wait. Waits for it only once it waits in the selector: before that it is
     * opening the channel, in Java code that the JVM's exit stops without waiting, and a JVM that
     * ends that early should not wait for a channel nobody used.
     */
    private void stop() {
        stopped = true;
        ChannelServer c = channel;
        if (c != null) {
            c.stop(); // else it is not made yet, and serve() sees stopped before it starts any worker
        }
        synchronized (delay) {
            delay.notifyAll();
        }
        Selector s = selector;
        if (s == null) {
            return; // it checks stopped before it ever selects
        }
        s.wakeup(); // sticky: a select that has not begun yet returns at once too
        try {
            thread.join(STOP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            Privileges.run(new Runnable() { // not a method reference: spun while the application starts
                @Override
                public void run() {
                    serve();
                }
            });
        } catch (Throwable e) {
            // an agent thread must never print a stack trace into the application's output
            if (!stopped) {
                stoppedBy(e);
            }
        }
    }

    /**
     * Says why the channel stopped, and takes its path back: a path still published read to the
     * CLI as a channel to try again, each try refused, the reason never shown.
     */
    private static void stoppedBy(Throwable e) {
        ChannelServer.publish(AgentProperties.CHANNEL_ERROR, "the channel stopped: " + e);
        try {
            System.clearProperty(AgentProperties.CHANNEL);
        } catch (RuntimeException denied) {
            // a SecurityManager: the CLI is refused, as before
        }
    }

    private void serve() {
        if (!waitOutTheStart()) {
            return;
        }
        JvmReports reports = this.reports.get();
        reports.jvm(); // with our privileges, before a SecurityManager installed later could deny it
        channel = new ChannelServer(reports, registry, options);
        detector = new LeakDetectorPublisher(reports, registry, options.minAgeMillis(), stderr);
        ServerSocketChannel server = channel.open();
        try (server; Selector selector = Selector.open()) {
            this.selector = selector;
            if (server != null) {
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
            }
            long nextHousekeeping = System.nanoTime() + HOUSEKEEPING_MILLIS * 1_000_000;
            while (!stopped) {
                long wait = channel.expire(selector);
                wait = wait == 0 ? HOUSEKEEPING_MILLIS : Math.min(wait, HOUSEKEEPING_MILLIS);
                selector.select(detector.done() ? wait : Math.min(wait, MBEAN_POLL_MILLIS));
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.channel() != server) {
                        channel.ready(key);
                    } else if (!channel.accept(server, selector)) {
                        key.cancel();
                        server.close(); // clients now see it refuse at once, rather than wait for nobody
                    }
                }
                selector.selectedKeys().clear();
                detector.publishIfServerExists();
                if (System.nanoTime() - nextHousekeeping >= 0) {
                    nextHousekeeping = System.nanoTime() + HOUSEKEEPING_MILLIS * 1_000_000;
                    tidy();
                }
            }
        } catch (IOException e) {
            if (!stopped) {
                stoppedBy(e);
            }
        }
    }

    private void tidy() {
        try {
            channel.tidyOnce();
            housekeeping.run();
        } catch (Throwable e) {
            // a courtesy to the heap; never worth the channel
        }
    }

    /** False if the JVM began to exit meanwhile. A monitor wait, not a sleep: stop() ends it. */
    private boolean waitOutTheStart() {
        long end = System.nanoTime() + delayMillis * 1_000_000;
        synchronized (delay) {
            for (long left = delayMillis; left > 0 && !stopped; left = (end - System.nanoTime()) / 1_000_000) {
                try {
                    delay.wait(left);
                } catch (InterruptedException e) {
                    return false;
                }
            }
        }
        return !stopped;
    }
}
