package dev.threadleak.agent.programs;

import dev.threadleak.api.Threadleak;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.testsupport.ParkedThreads;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A server's request threads, all made by one pool, stuck in three kinds of wait (Tomcat's trial):
 * four in a {@code SynchronousQueue.put}, two on a shared queue nobody takes from any more and two
 * each on a queue of its own; one holding a lock while it awaits a latch nobody counts down, and
 * two waiting for that lock. Beside them: five pools made per call, each with one idle worker; a
 * thread in a timed wait that ends by itself before min-age passes, and one in a wait of an hour.
 * Prints the live report (min-age 3 s) as lines the test reads.
 */
public final class ServerThreadsProgram {

    private static final Duration MIN_AGE = Duration.ofSeconds(3);
    private static final SynchronousQueue<String> JOBS = new SynchronousQueue<>();
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor server = (ThreadPoolExecutor) Executors.newFixedThreadPool(8, named("server-"));
        server.prestartAllCoreThreads(); // made at one line, as a server's pool is
        for (int i = 0; i < 2; i++) {
            server.execute(() -> ParkedThreads.quietly(() -> JOBS.put("job")));
            server.execute(() -> ParkedThreads.quietly(() -> new SynchronousQueue<String>().put("reply")));
        }
        CountDownLatch holding = new CountDownLatch(1);
        server.execute(() -> ParkedThreads.quietly(() -> {
            LOCK.lock();
            holding.countDown();
            NEVER.await();
        }));
        holding.await();
        for (int i = 0; i < 2; i++) {
            server.execute(() -> ParkedThreads.quietly(() -> {
                LOCK.lockInterruptibly();
                LOCK.unlock();
            }));
        }
        for (int i = 0; i < 5; i++) {
            ExecutorService perCall = Executors.newFixedThreadPool(2, named("per-call-" + i + "-"));
            perCall.submit(() -> { }).get();
        }
        ParkedThreads.waiting("timed-hour", () -> new CountDownLatch(1).await(1, TimeUnit.HOURS));
        long soonBegan = System.nanoTime();
        ParkedThreads.waiting("timed-soon", () -> new CountDownLatch(1).await(MIN_AGE.multipliedBy(2).toMillis(),
                TimeUnit.MILLISECONDS));
        ParkedThreads.awaitNamed("server-", 7);
        ParkedThreads.awaitNamed("per-call-", 5);
        ParkedThreads.awaitNamed("timed-", 2, EnumSet.of(Thread.State.TIMED_WAITING));
        // the report comes once the short wait is older than min-age, with min-age of it left at most
        long waited = System.nanoTime() - soonBegan;
        Thread.sleep(Math.max(0, MIN_AGE.plusMillis(300).toNanos() - waited) / 1_000_000);

        LeakReport report = Threadleak.agent().liveReport(MIN_AGE);
        for (Leak leak : report.leaks()) {
            if (leak.thread() != null) {
                System.out.println("leak|" + leak.thread().name() + "|" + leak.count() + "|"
                        + (leak.blockedOn() == null ? "" : leak.blockedOn().operation()));
            }
        }
        report.notes().forEach(n -> System.out.println("note|" + n));
        System.out.println("text|" + report.toText().replace("\n", "\ntext|"));
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
