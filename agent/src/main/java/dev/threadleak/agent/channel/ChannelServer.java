package dev.threadleak.agent.channel;

import dev.threadleak.agent.AgentOptions;
import dev.threadleak.agent.proof.WaitTable;
import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.agent.telemetry.ReportEvents;
import dev.threadleak.agent.telemetry.ReportTrigger;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.heapproof.DumpFile;
import dev.threadleak.io.OwnedDirectory;
import dev.threadleak.protocol.AgentProperties;
import dev.threadleak.protocol.Request;
import dev.threadleak.protocol.Response;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's way into this JVM: a Unix domain socket in a fresh directory that only this JVM's
 * user can enter (mode 0700), so no network port is opened and no other user can connect. Its
 * path is published in the system property {@value AgentProperties#CHANNEL}, which the CLI reads
 * through the attach API; {@value AgentProperties#CHANNEL_ERROR} says why there is none.
 *
 * <p>Not JMX: the JDK's local JMX connector, the one {@code startLocalManagementAgent} opens,
 * listens on a TCP port of every interface (refusing non-local peers only after accepting) for the
 * rest of the JVM's life. Not one {@code loadAgent} per request either: each makes JDK 21+ print
 * its four-line dynamic-agent warning again and adds a JVMTI environment, and none is allowed in
 * a JVM started with {@code -XX:-EnableDynamicAgentLoading}, which this way can still be asked.
 *
 * <p>One request per connection (see {@link Request}); the answer is a {@link Response}. Several
 * clients are served at once and none can hold up another: the {@code threadleak-channel} thread
 * accepts connections and reads their requests side by side in its selector, without blocking,
 * each within {@value #REQUEST_MILLIS} ms of connecting (a client that sends nothing is closed
 * then, and costs nobody else anything meanwhile); a whole request goes to {@link ChannelWorkers},
 * which answer it, each answer written within {@value #ANSWER_SECONDS} s. When the workers have
 * all they take, or {@value #MAX_READING} clients are being read, a client gets {@code busy} and
 * one line at once. A heap request is served one at a time, and its connection stays watched
 * while HotSpot writes: a client that goes away takes its dump with it ({@link HeapDumpFile}).
 */
final class ChannelServer {

    /** Connections the kernel queues before we accept them; Linux caps it at net.core.somaxconn (4096). */
    static final int BACKLOG = 1024;
    /** Clients whose request is being read at once; more get busy. */
    static final int MAX_READING = 64;
    /** From connecting to a whole request line: the CLI sends it at once. */
    static final long REQUEST_MILLIS = 5_000;
    /** To write an answer: a report of 100,000 threads is a few MB, which a live client reads in well under this. */
    private static final long ANSWER_SECONDS = 30;

    private final JvmReports reports;
    private final ThreadRegistry registry;
    private final long minAgeMillis;
    private final LiveSites sites;
    private final ChannelWorkers workers = new ChannelWorkers();
    /** This JVM's user, as the owner of the channel's own directory: only its directories get heap dumps. */
    private UserPrincipal user;
    private int reading;
    /** The heap dump being written, if any: one at a time (HotSpot writes one at a time anyway). */
    private volatile HeapDumpFile dumping;
    /** The channel's own directory once it is open; null until then, and after {@link #tidyOnce} ran. */
    private Path untidied;

    ChannelServer(JvmReports reports, ThreadRegistry registry, AgentOptions options) {
        this.reports = reports;
        this.registry = registry;
        this.minAgeMillis = options.minAgeMillis();
        this.sites = new LiveSites(registry, options.exclude());
    }

    /** Binds the socket and publishes its path; on failure publishes why and returns null. */
    ServerSocketChannel open() {
        Path dir = null;
        try {
            dir = privateDirectory();
            Path socket = dir.resolve("agent.sock");
            user = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
            // Registered before the socket exists, so that nothing is left behind when registering
            // fails: it does if the JVM is already exiting (DeleteOnExitHook cannot initialise then).
            // Deleted in reverse order of registration: the socket first, then its directory.
            dir.toFile().deleteOnExit();
            socket.toFile().deleteOnExit();
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket), BACKLOG);
            publish(AgentProperties.CHANNEL, socket.toString());
            synchronized (this) {
                untidied = dir; // swept once the first client has its answer: it is waiting for the channel now
            }
            return server;
        } catch (IOException | RuntimeException | LinkageError e) {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve("agent.sock"));
                    Files.deleteIfExists(dir);
                } catch (IOException | RuntimeException ignored) {
                    // left for the next agent's removeStale
                }
            }
            publish(AgentProperties.CHANNEL_ERROR, e.toString());
            return null;
        }
    }

    /** Sets a property for the CLI; a SecurityManager may forbid it, which must not cost the channel. */
    static void publish(String property, String value) {
        try {
            System.setProperty(property, value);
        } catch (RuntimeException e) {
            // the CLI will say it cannot find the channel
        }
    }

    /** A new directory in {@code java.io.tmpdir}, mode 0700, named after this JVM's pid for {@link #removeStale}. */
    private static Path privateDirectory() throws IOException {
        return OwnedDirectory.createPrivate(Path.of(System.getProperty("java.io.tmpdir")),
                "threadleak-" + ProcessHandle.current().pid() + "-");
    }

    /**
     * Once, after the channel opened: removes the directories of killed JVMs' channels and the heap
     * dumps of killed JVMs and CLIs (copies of secrets nobody will read). Run by the worker that
     * answered the first request, after answering, or by the channel's thread at its first
     * housekeeping, whichever comes first: never in front of the first client, who late-attached
     * and waits. A dump of a live process is never swept, so one being written meanwhile is safe.
     */
    void tidyOnce() {
        Path own;
        synchronized (this) {
            own = untidied;
            untidied = null;
        }
        if (own != null) {
            removeStale(own);
            DumpFile.sweepStale();
        }
    }

    /**
     * Removes the directories of this user's JVMs that were killed (a killed JVM runs no exit
     * cleanup). Only directories of our name, of a pid that no longer runs, owned by the same
     * user, and holding nothing but a socket: deleting a non-empty directory fails.
     */
    private static void removeStale(Path own) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(own.getParent(), "threadleak-*")) {
            for (Path dir : dirs) {
                String[] name = dir.getFileName().toString().split("-");
                if (name.length != 3 || dir.equals(own) || !name[1].chars().allMatch(Character::isDigit)
                        || ProcessHandle.of(Long.parseLong(name[1])).isPresent()
                        || !Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(own))) {
                    continue;
                }
                try {
                    Files.deleteIfExists(dir.resolve("agent.sock"));
                    Files.delete(dir);
                } catch (IOException e) {
                    // not what we thought it was: leave it
                }
            }
        } catch (IOException | RuntimeException e) {
            // tidying is a courtesy: it must never cost the channel
        }
    }

    /**
     * Accepts every waiting client and starts reading its request. False when the channel can
     * serve no more: a SecurityManager installed since forbids accepting at all (it vetoes before
     * the client is taken off the queue, so trying again would spin); the caller closes it then.
     */
    boolean accept(ServerSocketChannel server, Selector selector) {
        while (true) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (SecurityException e) {
                publish(AgentProperties.CHANNEL_ERROR, "a SecurityManager forbids the channel: " + e.getMessage());
                return false;
            } catch (IOException | RuntimeException e) {
                return true; // one client refused (too many open files): the next may be fine
            }
            if (client == null) {
                return true;
            }
            if (reading >= MAX_READING) {
                refuse(client, Response.busy("the agent is reading the requests of " + reading
                        + " other clients, as many as it reads at once; try again"));
                continue;
            }
            try {
                client.configureBlocking(false);
                client.register(selector, SelectionKey.OP_READ, new Incoming(client));
                reading++;
            } catch (IOException | RuntimeException | LinkageError e) {
                close(client);
            }
        }
    }

    /** A client's key is ready: more of its request, or the end of a client whose heap dump is being written. */
    void ready(SelectionKey key) {
        Object attachment = key.attachment();
        try {
            if (attachment instanceof Incoming incoming) {
                read(key, incoming);
            } else if (attachment instanceof HeapDumpFile dump && key.isValid() && key.isReadable()) {
                watch(key, dump);
            }
        } catch (RuntimeException e) {
            // a key cancelled meanwhile (the worker closed the connection): nothing left to do
        } catch (LinkageError e) {
            // a class of ours that cannot load (the agent's jar rewritten under a running JVM): this
            // client is told, and the channel serves on; it died of one, and every later command
            // waited a minute for an answer, then was refused (ActiveMQ's trial)
            if (attachment instanceof Incoming incoming) {
                drop(key);
                refuse(incoming.client, Response.error("the agent could not read the request: " + e));
            } else {
                key.cancel();
            }
        }
    }

    /** Closes the clients that did not send a whole request in time; answers when the next one is due, in ms (0: none). */
    long expire(Selector selector) {
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Incoming incoming) {
                if (now - incoming.deadline >= 0) {
                    drop(key);
                    refuse(incoming.client, Response.error("no whole request within " + REQUEST_MILLIS + " ms"));
                } else {
                    next = Math.min(next, incoming.deadline - now);
                }
            }
        }
        return next == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(next) + 1);
    }

    /** Stops the workers (the JVM is exiting). */
    void stop() {
        workers.stop();
    }

    private void read(SelectionKey key, Incoming incoming) {
        String line;
        try {
            line = incoming.readLine();
        } catch (IOException e) {
            drop(key);
            close(incoming.client);
            return;
        } catch (IllegalArgumentException e) {
            drop(key);
            refuse(incoming.client, Response.error(e.getMessage()));
            return;
        }
        if (line == null) {
            return; // not all of it yet
        }
        Request request;
        try {
            request = Request.parse(line);
        } catch (IllegalArgumentException e) {
            drop(key);
            refuse(incoming.client, Response.error(e.getMessage()));
            return;
        }
        dispatch(key, incoming.client, request);
    }

    /** Hands a whole request to a worker; a heap request stays watched for its client's end while it is served. */
    private void dispatch(SelectionKey key, SocketChannel client, Request request) {
        reading--;
        if (request instanceof Request.Heap heap) {
            if (dumping != null) {
                key.cancel();
                refuse(client, Response.busy("the agent is writing a heap dump for another client; try again when it is done"));
                return;
            }
            HeapDumpFile dump = new HeapDumpFile(heap.file(), user);
            key.attach(dump);
            dumping = dump;
            if (!workers.offer(() -> serveHeap(client, dump))) {
                dumping = null;
                key.cancel();
                refuse(client, Response.busy(busyLine()));
            }
            return;
        }
        key.cancel();
        if (!workers.offer(() -> serve(client, request))) {
            refuse(client, Response.busy(busyLine()));
        }
    }

    private String busyLine() {
        return "the agent is answering " + workers.load() + " other requests, as many as it takes at once; try again";
    }

    private static void watch(SelectionKey key, HeapDumpFile dump) {
        ByteBuffer ignored = ByteBuffer.allocate(64);
        int n;
        try {
            n = ((SocketChannel) key.channel()).read(ignored);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            key.cancel();
            dump.clientGone();
        }
    }

    private void drop(SelectionKey key) {
        key.cancel();
        reading--;
    }

    /** On a worker: answers one report request; whatever goes wrong ends this connection only. */
    private void serve(SocketChannel client, Request request) {
        Response answer;
        try {
            answer = answer(request);
        } catch (IllegalArgumentException e) {
            answer = Response.error(e.getMessage());
        } catch (RuntimeException | Error e) {
            // Errors too (out of memory for a huge report, a class that cannot load): the next
            // request may well succeed, and a channel that died here would be gone for good.
            answer = Response.error("the agent could not build the report: " + e);
        }
        answerAndClose(client, answer);
        tidyOnce();
    }

    /** On a worker: writes the heap dump; answers only a client that is still there. */
    private void serveHeap(SocketChannel client, HeapDumpFile dump) {
        Response answer;
        try {
            // the monitors of Object.wait, which the dump cannot tell, in the heap for its length
            answer = WaitTable.during(registry, () -> dump.write(() -> stillOpen(client)));
        } catch (IllegalArgumentException e) {
            answer = Response.error(e.getMessage());
        } catch (RuntimeException | Error e) {
            answer = Response.error("the agent could not dump the heap: " + e);
        } finally {
            dumping = null;
        }
        if (answer == null) {
            close(client); // gone; the dump is deleted
            return;
        }
        if (!answerAndClose(client, answer) && answer.ok()) {
            dump.undelivered();
        }
        tidyOnce();
    }

    /** False once the client closed its end (or reset it); a client that sent more than its request is still there. */
    private static boolean stillOpen(SocketChannel client) {
        try {
            return client.read(ByteBuffer.allocate(64)) >= 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private Response answer(Request request) {
        if (request instanceof Request.Report asked) {
            long minAge = asked.minAgeMillis() != null ? asked.minAgeMillis() : minAgeMillis;
            long start = System.nanoTime();
            List<Map.Entry<Thread, ThreadRecord>> live = registry.liveThreads(); // one listing for the report and its sites
            LeakReport report = reports.live(minAge, !asked.each(), live);
            ReportEvents.reported(ReportTrigger.DUMP, report, System.nanoTime() - start, 0);
            return Response.ok((asked.sites() ? report.withSites(sites.count(live)) : report).toJson());
        }
        LeakReport counts = reports.report(new ScopeInfo("jvm", "live threads by creation site"),
                List.of(), List.of());
        return Response.ok(counts.withSites(sites.count()).toJson());
    }

    /** True if the whole answer went out. */
    private static boolean answerAndClose(SocketChannel client, Response answer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
        ByteBuffer bytes = ByteBuffer.wrap(answer.format().getBytes(StandardCharsets.UTF_8));
        try (client; Selector selector = Selector.open()) {
            SelectionKey key = client.register(selector, SelectionKey.OP_WRITE);
            while (bytes.hasRemaining()) {
                if (client.write(bytes) == 0) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        return false; // a client that does not read its answer loses it
                    }
                    selector.select(left);
                    selector.selectedKeys().clear();
                }
            }
            key.cancel();
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // the client went away: nobody is left to tell
        }
    }

    /** A one-line answer that needs no worker (busy, a bad request): written if the socket takes it at once, then closed. */
    private static void refuse(SocketChannel client, Response answer) {
        try (client) {
            client.write(ByteBuffer.wrap(answer.format().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException | LinkageError e) {
            // it did not take even a line: it is gone
        }
    }

    private static void close(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // closed already
        }
    }

    /** A client whose request line is being read. */
    private static final class Incoming {
        final SocketChannel client;
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REQUEST_MILLIS);
        private final ByteBuffer buffer = ByteBuffer.allocate(Request.MAX_BYTES);

        Incoming(SocketChannel client) {
            this.client = client;
        }

        /** The whole line, once its newline came; null before. */
        String readLine() throws IOException {
            int start = buffer.position();
            if (client.read(buffer) < 0) {
                throw new IOException("closed before a whole request");
            }
            for (int i = start; i < buffer.position(); i++) {
                if (buffer.get(i) == '\n') {
                    return new String(buffer.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
            if (!buffer.hasRemaining()) {
                throw new IllegalArgumentException("request longer than " + Request.MAX_BYTES + " bytes");
            }
            return null;
        }
    }
}
