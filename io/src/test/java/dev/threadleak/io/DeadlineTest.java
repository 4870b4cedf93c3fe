package dev.threadleak.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Deadline}: polls that end when what they wait for is done, or when time is up, never later. */
@Timeout(60)
class DeadlineTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread worker = new Thread(() -> {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }, "deadline-test-worker");

    @AfterEach
    void stopTheWorker() throws InterruptedException {
        release.countDown();
        worker.join();
    }

    @Test
    void aPollEndsWhenTheJoinedThreadEndsNotAtTheDeadline() throws Exception {
        worker.start();
        AtomicInteger looks = new AtomicInteger();
        Deadline deadline = Deadline.after(Duration.ofHours(1));

        boolean alive = deadline.pollUntil(() -> {
            looks.incrementAndGet();
            return worker.isAlive();
        }, a -> !a, (a, d) -> {
            release.countDown(); // the worker may end now: the join returns when it has
            assertTrue(d.join(worker));
        });

        assertFalse(alive);
        assertEquals(2, looks.get(), "one look, one join, one look");
        assertFalse(deadline.hasPassed());
    }

    @Test
    void aPollWhoseTimeIsUpAnswersTheLastLookNotDone() throws Exception {
        worker.start();
        Deadline deadline = Deadline.after(Duration.ofMillis(20));

        boolean alive = deadline.pollUntil(worker::isAlive, a -> !a, (a, d) -> assertFalse(d.join(worker)));

        assertTrue(alive, "the worker waits for the latch, which nothing counts down before the deadline");
        assertTrue(deadline.hasPassed());
        assertEquals(0, deadline.remainingNanos());
    }

    @Test
    void aPassedDeadlineLooksOnceAndNeverPauses() throws Exception {
        AtomicInteger looks = new AtomicInteger();
        Deadline passed = Deadline.after(Duration.ofSeconds(-1));

        int seen = passed.pollUntil(looks::incrementAndGet, n -> false, (n, d) -> {
            throw new AssertionError("paused after the deadline");
        });

        assertEquals(1, seen);
        assertTrue(passed.hasPassed());
    }

    @Test
    void joinAndSleepNeverWaitPastTheDeadline() throws Exception {
        worker.start();
        Deadline passed = Deadline.after(Duration.ZERO);

        assertFalse(passed.join(worker), "a join(0) would wait for the worker forever");
        passed.sleep(Duration.ofDays(1));
        assertTrue(worker.isAlive());
    }

    @Test
    void aDeadlineTooFarToCountNeverPasses() {
        Deadline forever = Deadline.after(ChronoUnit.FOREVER.getDuration());

        assertFalse(forever.hasPassed());
        assertTrue(forever.remainingNanos() > Duration.ofDays(365 * 200).toNanos(), "no overflow to the past");
    }
}
