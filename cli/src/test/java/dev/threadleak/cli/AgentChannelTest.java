package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.protocol.Response;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's end of the channel against an agent that is busy: asked again, then one line. */
class AgentChannelTest {

    @TempDir
    Path dir;

    @Test
    void aBusyAgentIsAskedAgainThenTheBusyLineIsTheError() throws Exception {
        Path socket = dir.resolve("agent.sock");
        AtomicInteger asked = new AtomicInteger();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread agent = new Thread(() -> answerBusy(server, asked), "always-busy-agent");
            agent.setDaemon(true);
            agent.start();

            UnreachableJvmException e = assertThrows(UnreachableJvmException.class,
                    () -> new AgentChannel(4242, socket).report(null, false));

            assertEquals("the agent in pid 4242 is busy (the agent is answering 4 other requests), still after "
                    + AgentChannel.BUSY_SECONDS + " s", e.getMessage());
            assertTrue(asked.get() > 1, "asked again: " + asked.get());
        }
    }

    /** Answers busy at once, before reading, as the agent does when it takes no more clients. */
    private static void answerBusy(ServerSocketChannel server, AtomicInteger asked) {
        byte[] busy = Response.busy("the agent is answering 4 other requests").format().getBytes(StandardCharsets.UTF_8);
        while (true) {
            try (SocketChannel client = server.accept()) {
                asked.incrementAndGet();
                client.write(ByteBuffer.wrap(busy));
            } catch (IOException e) {
                return; // the test closed the server
            }
        }
    }
}
