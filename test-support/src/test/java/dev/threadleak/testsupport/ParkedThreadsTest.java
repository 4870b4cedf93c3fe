package dev.threadleak.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The waits the test programs use, on threads of this JVM that park on a latch the test opens. */
class ParkedThreadsTest {

    private final CountDownLatch release = new CountDownLatch(1);

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void waitsUntilThreadsHaveParked() throws Exception {
        Thread first = ParkedThreads.daemon("parked-test-1", this::awaitRelease);
        Thread second = ParkedThreads.daemon("parked-test-2", this::awaitRelease);
        try {
            assertTrue(first.isDaemon());
            ParkedThreads.awaitNamed("parked-test-", 2);
            ParkedThreads.await(first, Thread.State.WAITING);
            ParkedThreads.awaitAll(List.of(first, second));
            assertEquals(Thread.State.WAITING, second.getState());
        } finally {
            release.countDown();
            first.join();
            second.join();
        }
    }

    @Test
    void whatAnEndedThreadStartedIsParkedWhenItReturns() throws Exception {
        List<Thread> made = new ArrayList<>();
        Thread[] owner = new Thread[1];
        try {
            ParkedThreads.startInAnEndedThread("parked-test-owner", () -> {
                owner[0] = Thread.currentThread();
                made.add(ParkedThreads.daemon("parked-test-made", this::awaitRelease));
            }, "parked-test-made", 1);

            assertEquals(Thread.State.TERMINATED, owner[0].getState());
            assertEquals(Thread.State.WAITING, made.get(0).getState());
        } finally {
            release.countDown();
            for (Thread t : made) {
                t.join();
            }
        }
    }

    @Test
    void anyOfSeveralStatesWillDo() throws Exception {
        Thread sleeper = ParkedThreads.daemon("parked-test-sleeper", () -> {
            try {
                release.await(1, java.util.concurrent.TimeUnit.HOURS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            ParkedThreads.awaitAll(List.of(sleeper), EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING));
            assertEquals(Thread.State.TIMED_WAITING, sleeper.getState());
        } finally {
            release.countDown();
            sleeper.join();
        }
    }
}
