package dev.threadleak.samples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 8, every blocking wait should be cancellable: a pool with {@code DiscardPolicy} drops a
 * report it has no room for and still hands back a Future, which will never complete; its mailer
 * waits in {@code get()} with no timeout, forever. The fix rejects loudly ({@code AbortPolicy}),
 * so the caller knows at once, and waits for results with a timeout.
 */
final class DiscardedFuture implements Scenario {

    static final String WORKERS = "report-worker";
    private static final int REPORTS = 3; // one runs, one waits in the queue, one finds no room
    private static final long REPORT_MILLIS = 100;
    private static final long MAILER_PATIENCE_MILLIS = 2_000;

    @Override
    public String name() {
        return "discarded-future";
    }

    @Override
    public String description() {
        return "Future.get() with no timeout on a report that a DiscardPolicy pool silently dropped (lesson 8)";
    }

    @Override
    public void runLeaky(PrintStream out) throws InterruptedException {
        ThreadPoolExecutor pool = reportPool(new ThreadPoolExecutor.DiscardPolicy());
        List<Thread> mailers = new ArrayList<>();
        for (int report = 1; report <= REPORTS; report++) {
            mailers.add(mailWhenDone(report, pool.submit(() -> buildReport())));
        }
        mailers.get(0).join();
        mailers.get(1).join();
        shutDown(pool);
        out.println("main: the pool dropped report-3 without a word and has shut down; "
                + mailerName(3) + " waits in Future.get() forever");
        ParkedThreads.await(mailerName(3));
    }

    @Override
    public void runFixed(PrintStream out) throws InterruptedException {
        ThreadPoolExecutor pool = reportPool(new ThreadPoolExecutor.AbortPolicy());
        List<Thread> mailers = new ArrayList<>();
        List<Integer> rejected = new ArrayList<>();
        for (int report = 1; report <= REPORTS; report++) {
            try {
                mailers.add(mailWithin(report, pool.submit(() -> buildReport())));
            } catch (RejectedExecutionException e) {
                rejected.add(report); // the caller knows now, and can retry later or tell the user
            }
        }
        for (Thread mailer : mailers) {
            mailer.join();
        }
        shutDown(pool);
        out.println("fixed: reports " + rejected + " rejected at submit; " + mailers.size()
                + " mailed, each waiting with a timeout; main joined the mailers and the pool");
    }

    /** One worker and a queue of one: the third report at once finds no room. */
    private static ThreadPoolExecutor reportPool(RejectedExecutionHandler whenFull) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1),
                new NamedThreads(WORKERS), whenFull);
    }

    /** The leak: a mailer that waits for the report with no timeout. */
    private static Thread mailWhenDone(int report, Future<String> built) {
        return startMailer(report, built::get);
    }

    /** The fix: a mailer that gives up on a report that takes too long. */
    private static Thread mailWithin(int report, Future<String> built) {
        return startMailer(report, () -> built.get(MAILER_PATIENCE_MILLIS, TimeUnit.MILLISECONDS));
    }

    private static Thread startMailer(int report, Callable<String> awaitReport) {
        Thread mailer = new Thread(() -> mail(awaitReport), mailerName(report));
        mailer.start();
        return mailer;
    }

    private static void mail(Callable<String> awaitReport) {
        try {
            awaitReport.call(); // then the report would be mailed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // not mailed: the report failed or took too long
        }
    }

    private static String buildReport() throws InterruptedException {
        Thread.sleep(REPORT_MILLIS);
        return "sales report";
    }

    private static void shutDown(ThreadPoolExecutor pool) throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.SECONDS);
    }

    private static String mailerName(int report) {
        return "mailer-for-report-" + report;
    }
}
