package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.assertPassed;
import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Quartz's trial: a class's server, in a static field of the tests' base class, restarted by one
 * test and stopped by the base class's {@code @AfterAll}, failed that test. The server's object
 * talks to its thread over a socket, as Derby's {@code NetworkServerControl} does, so no heap path
 * from the field reaches the thread the test's call started.
 */
class FixtureRestartTest {

    @BeforeEach
    void needsTheAgent() {
        assumeTrue(TestMode.agent(), "what made the thread is the agent's creation stack");
    }

    /** A server run by threads of its own, which its control object reaches only through a port. */
    static final class SocketServer {
        private volatile int port;

        void start() {
            ServerSocket socket;
            try {
                socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            port = socket.getLocalPort();
            // as Derby's: a starter thread starts the accept loop, and waits for it
            Thread starter = new Thread(() -> {
                Thread accepting = new Thread(() -> acceptUntilStopped(socket), "fixture-server");
                accepting.setDaemon(true);
                accepting.start();
                try {
                    accepting.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "fixture-server-starter");
            starter.setDaemon(true);
            starter.start();
        }

        /** Any connection stops it; no reference to its thread is kept here. */
        void stop() {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                // connected: the server ends
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void acceptUntilStopped(ServerSocket socket) {
            try (socket; Socket ignored = socket.accept()) {
                // stopped
            } catch (IOException e) {
                // closed
            }
        }
    }

    /** The suite's base class: its server, for every test of its subclasses, stopped after them. */
    abstract static class ServerTestSupport {
        static SocketServer server;

        @BeforeAll
        static void startServer() {
            server = new SocketServer();
            server.start();
        }

        @AfterAll
        static void stopServer() {
            server.stop();
        }
    }

    @DetectThreadLeaks
    static class RestartsTheServerTestCase extends ServerTestSupport {
        @Test
        void restartsTheClassesServer() {
            server.stop();
            server.start(); // its thread is the class's, which the @AfterAll stops
        }
    }

    /**
     * A server of the kind the class's field holds, which the test starts and nothing stops: it
     * waits for the class's end too, which fails the class, naming the test.
     */
    @DetectThreadLeaks
    static class StartsASecondServerTestCase extends ServerTestSupport {
        @Test
        void startsAnotherServerOnTheField() {
            new SocketServer().start(); // a server of the field's kind, which the @AfterAll does not stop
        }
    }

    @Test
    void aServerATestRestartsThroughItsClassesFieldIsJudgedAfterTheClassesAfterAll() {
        EngineExecutionResults results = run(RestartsTheServerTestCase.class);

        assertPassed(results, "restartsTheClassesServer()");
        assertPassed(results, "FixtureRestartTest$RestartsTheServerTestCase");
        assertEquals(List.of(), Fixtures.warnings(results));
    }

    @Test
    void aServerStartedThroughTheClassesFieldThatNothingStopsFailsTheClassNamingTheTest() {
        EngineExecutionResults results = run(StartsASecondServerTestCase.class);

        assertPassed(results, "startsAnotherServerOnTheField()");
        ThreadLeakError error = leakError(results, "FixtureRestartTest$StartsASecondServerTestCase");
        lineMatching(error, "THREAD LEAKED: \"fixture-server(-starter)?\" #\\d+ .*");
        lineMatching(error, "  why: left by test `.*startsAnotherServerOnTheField\\(\\)`: .*started it through the test "
                + "class's static field .*ServerTestSupport.server, so its verdict waited for the class's end and its "
                + "@AfterAll, and it was still alive then");
    }
}
