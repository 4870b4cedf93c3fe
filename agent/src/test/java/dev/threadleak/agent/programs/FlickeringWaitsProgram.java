package dev.threadleak.agent.programs;

import dev.threadleak.api.Agent;
import dev.threadleak.api.Threadleak;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.testsupport.ParkedThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Threads that wait a moment and run on, again and again, as a broker's socket readers and
 * journal writers do (ActiveMQ's trial): pairs that hand a turn to each other through
 * {@code Object.wait}/{@code notify}, working a little between turns; and two threads stuck for
 * good, entering a monitor whose holder sleeps and in an {@code Object.wait} nobody ends. It takes
 * many live reports and prints each report of any of them.
 */
public final class FlickeringWaitsProgram {

    private static final AtomicBoolean STOP = new AtomicBoolean();
    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int pair = 0; pair < 2; pair++) {
            Turns turns = new Turns();
            threads.add(start("flicker-a" + pair, () -> turns.play(true)));
            threads.add(start("flicker-b" + pair, () -> turns.play(false)));
        }
        Object held = new Object();
        Object nobodyNotifies = new Object();
        CountDownLatch holding = new CountDownLatch(1);
        start("holder", () -> ParkedThreads.quietly(() -> {
            synchronized (held) {
                holding.countDown();
                Thread.sleep(Long.MAX_VALUE);
            }
        }));
        holding.await();
        threads.add(start("stuck-entering", () -> {
            synchronized (held) {
                sink++;
            }
        }));
        threads.add(start("stuck-waiting", () -> ParkedThreads.quietly(() -> {
            synchronized (nobodyNotifies) {
                nobodyNotifies.wait();
            }
        })));
        Thread.sleep(300); // older than the min-age below: a wait nobody saw begin is judged by the thread's age
        Agent agent = Threadleak.agent();
        int reports = Integer.parseInt(args[0]);
        for (int i = 0; i < reports; i++) {
            LeakReport report = agent.liveReport(Duration.ofMillis(200));
            for (Leak leak : report.leaks()) {
                if (leak.thread() != null && leak.thread().name().startsWith("flicker")) {
                    System.out.println("reported|" + leak.thread().state() + "|" + leak.reason());
                } else if (leak.thread() != null && leak.thread().name().startsWith("stuck")) {
                    System.out.println("stuck|" + leak.thread().name());
                }
            }
        }
        STOP.set(true);
        for (Thread t : threads) {
            if (!t.getName().equals("stuck-entering")) { // the holder sleeps on: a daemon, it ends with the JVM
                t.interrupt();
                t.join();
            }
        }
        System.out.println("done " + reports);
    }

    private static Thread start(String name, Runnable body) {
        return ParkedThreads.daemon(name, body);
    }

    /** Two players taking turns: each waits for its turn, works a little, and hands the turn over. */
    private static final class Turns {
        private boolean aToPlay = true;

        void play(boolean a) {
            try {
                while (!STOP.get()) {
                    synchronized (this) {
                        while (aToPlay != a) {
                            wait();
                        }
                    }
                    work();
                    synchronized (this) {
                        aToPlay = !a;
                        notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                // stopped
            }
        }

        private static void work() {
            long x = 0;
            for (int i = 0; i < 20_000; i++) {
                x += i * 31L ^ x;
            }
            sink = x;
        }
    }
}
