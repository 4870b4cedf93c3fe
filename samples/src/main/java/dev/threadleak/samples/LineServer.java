package dev.threadleak.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A tiny TCP server on 127.0.0.1 that answers each connection's first line with {@code ok LINE}.
 * {@link #serve()} runs on whatever thread its owner gives it and returns once {@link #stop()} is
 * called; stop() closes the socket, since closing is what wakes a thread blocked in accept().
 */
final class LineServer {

    private static final int TIMEOUT_MILLIS = 2_000;

    private final String name;
    private final int port;
    private ServerSocket listener; // guarded by this
    private boolean stopped; // guarded by this

    /** {@code port} 0 takes any free port. */
    LineServer(String name, int port) {
        this.name = name;
        this.port = port;
    }

    String name() {
        return name;
    }

    /** Binds now, so that the port is known before serving starts. */
    synchronized int bind() throws IOException {
        if (stopped) {
            throw new SocketException(name + " is stopped");
        }
        if (listener == null) {
            listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        }
        return listener.getLocalPort();
    }

    /** Binds if not yet bound (a failure to bind is thrown here), then answers until stopped. */
    void serve() throws IOException {
        try {
            bind();
            ServerSocket socket = listening();
            while (true) {
                answer(socket.accept());
            }
        } catch (SocketException e) {
            if (!isStopped()) {
                throw e;
            }
        }
    }

    synchronized void stop() {
        stopped = true;
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException e) {
                // closing is all we wanted; a failure to close leaves nothing to undo
            }
        }
    }

    /** The client side: sends one line to 127.0.0.1:{@code port} and returns the answer. */
    static String ask(int port, String line) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8).println(line);
            return reader(socket).readLine();
        }
    }

    private synchronized ServerSocket listening() {
        return listener;
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    /** One client's failure is that client's problem: the server goes on. */
    private static void answer(Socket client) {
        try (client) {
            client.setSoTimeout(TIMEOUT_MILLIS);
            String line = reader(client).readLine();
            new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8).println("ok " + line);
        } catch (IOException e) {
            // the client hung up or timed out
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }
}
