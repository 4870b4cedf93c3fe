package dev.threadleak.cli.programs;

import dev.threadleak.io.Deadline;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * An application that sets {@code java.util.logging.manager} in main, as JBoss Modules does,
 * under the agent. Asks the agent's channel twice: its thread looks for the platform MBean server
 * after serving each request, so after the second answer it has looked at least once. Prints the
 * LogManager's class: ours, unless something initialised java.util.logging before main could choose.
 */
public final class JulAfterTheAgent {

    private JulAfterTheAgent() {
    }

    /** Ours: public with a public constructor, as LogManager requires. */
    public static final class AppLogManager extends java.util.logging.LogManager {
        public AppLogManager() {
        }
    }

    public static void main(String[] args) throws Exception {
        String socket = awaitProperty("threadleak.channel");
        ask(socket);
        ask(socket);
        System.setProperty("java.util.logging.manager", AppLogManager.class.getName());
        System.out.println("log manager " + java.util.logging.LogManager.getLogManager().getClass().getName());
    }

    /** A poll: the agent sets it when it is ready, and says so no other way. */
    private static String awaitProperty(String name) throws InterruptedException {
        String value = Deadline.after(Duration.ofSeconds(20)).pollUntil(() -> System.getProperty(name),
                Objects::nonNull, (none, deadline) -> deadline.sleep(Duration.ofMillis(10)));
        if (value == null) {
            throw new IllegalStateException(name + " was never set: is the agent loaded?");
        }
        return value;
    }

    private static void ask(String socket) throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("threadleak/1 sites\n".getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            if (!answer.toString(StandardCharsets.UTF_8).startsWith("ok\n")) {
                throw new IllegalStateException("the agent said " + answer);
            }
        }
    }
}
