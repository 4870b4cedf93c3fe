package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.leakError;
import static dev.threadleak.junit.Fixtures.lineMatching;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.report.Leak;
import dev.threadleak.report.ThreadRef;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A leak made by a thread the test started, not by the test's own thread, says why it is the
 * test's: the chain of threads from the test's thread down to its creator. Lineage needs the agent.
 */
class CreatorChainTest {

    @BeforeEach
    void needsTheAgent() {
        assumeTrue(TestMode.agent(), "the lineage of threads needs the agent");
    }

    @AfterEach
    void release() throws InterruptedException {
        Leftovers.releaseAll();
    }

    @DetectThreadLeaks(grace = "100ms")
    static class ServerThreadsTestCase {
        @Test
        void startsAListenerThatStartsAHandler() throws InterruptedException {
            CountDownLatch started = new CountDownLatch(1);
            Thread listener = new Thread(() -> {
                Leftovers.track(new Thread(Leftovers.parkedOnQueue(), "handler")).start();
                started.countDown();
                CountDownLatch forever = new CountDownLatch(1);
                Leftovers.waitingFor(forever).run(); // the listener lives on too
            }, "listener");
            Leftovers.track(listener).start();
            started.await();
        }

        @Test
        void startsAnAcceptorThatHandsOffAndEnds() throws InterruptedException {
            Thread acceptor = new Thread(() -> Leftovers.track(new Thread(Leftovers.parkedOnQueue(), "handed-off")).start(),
                    "acceptor");
            acceptor.start();
            acceptor.join();
        }

        @Test
        void startsAnAcceptorThatMakesAPoolAndEnds() throws InterruptedException {
            Thread acceptor = new Thread(() -> Leftovers.track(Executors.newSingleThreadExecutor()).execute(() -> { }),
                    "pool-maker");
            acceptor.start();
            acceptor.join();
        }
    }

    @Test
    void aHandlerStartedByTheTestsListenerNamesTheChainFromTheTestsThread() {
        ThreadLeakError error = leakError(run(ServerThreadsTestCase.class), "startsAListenerThatStartsAHandler()");

        Leak handler = error.report().leaks().stream().filter(l -> l.thread().name().equals("handler")).findFirst()
                .orElseThrow();
        List<ThreadRef> chain = handler.startedFrom();
        assertEquals(List.of(Thread.currentThread().getName(), "listener"), chain.stream().map(ThreadRef::name).toList(),
                "the fixtures run on this thread");
        lineMatching(error, "  started from the test's thread: \"" + Thread.currentThread().getName()
                + "\" #\\d+ -> \"listener\" #\\d+");
        assertEquals("startsAListenerThatStartsAHandler", handler.startedFromAt().method(),
                "where the test's thread started the listener: " + handler.startedFromAt());
        lineMatching(error, "    \"" + Thread.currentThread().getName() + "\" #\\d+ started \"listener\" #\\d+ in the call at "
                + "dev\\.threadleak\\.junit\\.CreatorChainTest\\$ServerThreadsTestCase\\.startsAListenerThatStartsAHandler"
                + "\\(CreatorChainTest\\.java:" + handler.startedFromAt().line() + "\\)");
    }

    @Test
    void aPoolWhoseCreatorHasEndedHasItsChainFromThePoolsOwnRecord() {
        ThreadLeakError error = leakError(run(ServerThreadsTestCase.class), "startsAnAcceptorThatMakesAPoolAndEnds()");

        lineMatching(error, "EXECUTOR LEAKED: java.util.concurrent.ThreadPoolExecutor@\\p{XDigit}+ .*");
        lineMatching(error, "  started from the test's thread: \"" + Thread.currentThread().getName()
                + "\" #\\d+ -> \"pool-maker\" #\\d+");
        Leak pool = error.report().leaks().get(0);
        assertEquals("startsAnAcceptorThatMakesAPoolAndEnds", pool.startedFromAt().method(),
                "the pool kept where the test's thread started its maker, which has ended: " + pool.startedFromAt());
    }

    @Test
    void aCreatorThatHasEndedKeepsItsNameAndItsChainComesFromTheLeakedThreadsOwnLineage() {
        ThreadLeakError error = leakError(run(ServerThreadsTestCase.class), "startsAnAcceptorThatHandsOffAndEnds()");

        lineMatching(error, "THREAD LEAKED: \"handed-off\" #\\d+ .*");
        lineMatching(error, "  started from the test's thread: \"" + Thread.currentThread().getName()
                + "\" #\\d+ -> \"acceptor\" #\\d+");
        Leak handedOff = error.report().leaks().get(0);
        assertEquals("startsAnAcceptorThatHandsOffAndEnds", handedOff.startedFromAt().method(),
                "kept past the acceptor's end by the thread it started: " + handedOff.startedFromAt());
        lineMatching(error, "    \"" + Thread.currentThread().getName() + "\" #\\d+ started \"acceptor\" #\\d+ in the call at "
                + "dev\\.threadleak\\.junit\\.CreatorChainTest\\$ServerThreadsTestCase\\.startsAnAcceptorThatHandsOffAndEnds"
                + "\\(CreatorChainTest\\.java:" + handedOff.startedFromAt().line() + "\\)");
    }
}
