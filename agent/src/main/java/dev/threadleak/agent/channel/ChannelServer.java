package dev.threadleak.agent.channel;

import dev.threadleak.agent.AgentOptions;
import dev.threadleak.agent.reporting.JvmReports;
import dev.threadleak.agent.threads.ThreadRegistry;
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
 * <p>One request per connection (see {@link Request}); the answer is a {@link Response}. A client
 * gets {@value #CLIENT_SECONDS} s to send its request and take the answer, so that a stuck one
 * cannot block the channel.
 */
final class ChannelServer {

    private static final long CLIENT_SECONDS = 30;

    private final JvmReports reports;
    private final long minAgeMillis;
    private final LiveSites sites;
    /** This JVM's user, as the owner of the channel's own directory: only its directories get heap dumps. */
    private UserPrincipal user;

    ChannelServer(JvmReports reports, ThreadRegistry registry, AgentOptions options) {
        this.reports = reports;
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
            server.bind(UnixDomainSocketAddress.of(socket));
            System.setProperty(AgentProperties.CHANNEL, socket.toString());
            removeStale(dir);
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
            System.setProperty(AgentProperties.CHANNEL_ERROR, e.toString());
            return null;
        }
    }

    /** A new directory in {@code java.io.tmpdir}, mode 0700, named after this JVM's pid for {@link #removeStale}. */
    private static Path privateDirectory() throws IOException {
        return OwnedDirectory.createPrivate(Path.of(System.getProperty("java.io.tmpdir")),
                "threadleak-" + ProcessHandle.current().pid() + "-");
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

    /** Answers one client; whatever goes wrong ends this connection only. */
    void serve(SocketChannel client) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLIENT_SECONDS);
        try (client; Selector selector = Selector.open()) {
            client.configureBlocking(false);
            SelectionKey key = client.register(selector, SelectionKey.OP_READ);
            Response answer;
            try {
                answer = answer(Request.parse(readLine(client, key, deadline)));
            } catch (IllegalArgumentException e) {
                answer = Response.error(e.getMessage());
            } catch (RuntimeException | Error e) {
                // Errors too (out of memory for a huge report, a class that cannot load): the next
                // request may well succeed, and a channel that died here would be gone for good.
                answer = Response.error("the agent could not build the report: " + e);
            }
            write(client, key, ByteBuffer.wrap(answer.format().getBytes(StandardCharsets.UTF_8)), deadline);
        } catch (IOException | RuntimeException e) {
            // the client went away or took too long: nobody is left to tell
        }
    }

    private Response answer(Request request) {
        if (request instanceof Request.Heap heap) {
            return HeapDumpFile.dump(heap.file(), user);
        }
        if (request instanceof Request.Report asked) {
            long minAge = asked.minAgeMillis() != null ? asked.minAgeMillis() : minAgeMillis;
            LeakReport report = reports.live(minAge);
            return Response.ok((asked.sites() ? report.withSites(sites.count()) : report).toJson());
        }
        LeakReport counts = reports.report(new ScopeInfo("jvm", "live threads by creation site"),
                List.of(), List.of());
        return Response.ok(counts.withSites(sites.count()).toJson());
    }

    private static String readLine(SocketChannel client, SelectionKey key, long deadline) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Request.MAX_BYTES);
        while (true) {
            if (client.read(buffer) < 0) {
                throw new IOException("closed before a whole request");
            }
            for (int i = 0; i < buffer.position(); i++) {
                if (buffer.get(i) == '\n') {
                    return new String(buffer.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
            if (!buffer.hasRemaining()) {
                throw new IllegalArgumentException("request longer than " + Request.MAX_BYTES + " bytes");
            }
            await(key, SelectionKey.OP_READ, deadline);
        }
    }

    private static void write(SocketChannel client, SelectionKey key, ByteBuffer answer, long deadline)
            throws IOException {
        while (answer.hasRemaining()) {
            if (client.write(answer) == 0) {
                await(key, SelectionKey.OP_WRITE, deadline);
            }
        }
    }

    private static void await(SelectionKey key, int op, long deadline) throws IOException {
        key.interestOps(op);
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new IOException("client too slow");
        }
        key.selector().select(left);
        key.selector().selectedKeys().clear();
    }
}
