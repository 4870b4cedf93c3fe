package dev.threadleak.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.protocol.Request;
import dev.threadleak.protocol.Response;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildProcess;
import dev.threadleak.testsupport.ChildRun;
import dev.threadleak.torture.programs.ChannelPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's channel under clients that misbehave or crowd: one that connects and says nothing
 * must never hold up an operator, and a thousand at once each get an answer, served or "busy",
 * and none is turned away unanswered.
 */
class ChannelLoadIT {

    @TempDir
    Path dir;

    @Test
    void idleClientsDelayNoOperator() throws Exception {
        try (ChildProcess target = ChildJvm.onThisJdk().agent("").start(dir, ChannelPath.class)) {
            Path socket = channel(target);
            target.awaitReady();
            List<SocketChannel> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    idle.add(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
                }
                assertEquals("ok", ask(socket), "a client beside five idle ones is answered");
                for (SocketChannel client : idle) {
                    client.configureBlocking(false);
                    assertEquals(0, client.read(ByteBuffer.allocate(1)),
                            "it was answered while the idle clients were still connected: nobody waited for them");
                }
                ChildRun dump = Cli.run(dir, "dump", target.pidArg(), "--min-age", "0s");
                assertEquals(0, dump.exitCode(), dump.toString());
                assertTrue(dump.stdout().startsWith("threadleak: "), dump.toString());
            } finally {
                for (SocketChannel client : idle) {
                    client.close();
                }
            }
        }
    }

    @Test
    void aThousandClientsAtOnceAllGetAnAnswer() throws Exception {
        int clients = Torture.size(1_000, 5_000);
        try (ChildProcess target = ChildJvm.onThisJdk().agent("").start(dir, ChannelPath.class)) {
            Path socket = channel(target);
            Map<String, Integer> answers = new ConcurrentHashMap<>();
            ExecutorService crowd = Executors.newFixedThreadPool(500);
            try {
                for (int i = 0; i < clients; i++) {
                    crowd.execute(() -> answers.merge(ask(socket), 1, Integer::sum));
                }
            } finally {
                crowd.shutdown();
                assertTrue(crowd.awaitTermination(2, TimeUnit.MINUTES), "every client was answered in time");
            }
            int ok = answers.getOrDefault("ok", 0);
            int busy = answers.getOrDefault("busy", 0);
            assertEquals(clients, ok + busy, "served or told busy, nothing else: " + answers);
            assertTrue(ok > 0, answers.toString());
        }
    }

    /** The kind of answer one raw client gets to a request for the site counts; a failure's class otherwise. */
    private static String ask(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                channel.write(ByteBuffer.wrap((new Request.Sites().line() + "\n").getBytes(StandardCharsets.UTF_8)));
            } catch (IOException busyBeforeWeAsked) {
                // a busy agent answers before it reads: its line is still there to read
            }
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            try {
                while (channel.read(in) >= 0) {
                    answer.write(in.array(), 0, in.position());
                    in.clear();
                }
            } catch (IOException resetAfterTheLine) {
                // the busy line came first
            }
            Response response = Response.parse(answer.toString(StandardCharsets.UTF_8));
            return response == null ? "no answer" : response.kind().name().toLowerCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static Path channel(ChildProcess target) throws Exception {
        String line = target.awaitLine(l -> l.startsWith("channel "));
        assertTrue(line != null, "the agent opened no channel: " + target.stderr());
        return Path.of(line.substring("channel ".length()));
    }
}
