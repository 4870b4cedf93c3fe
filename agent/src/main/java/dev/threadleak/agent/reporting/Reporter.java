package dev.threadleak.agent.reporting;

import dev.threadleak.agent.AgentOptions;
import dev.threadleak.report.LeakReport;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * When the agent writes its reports, through the {@link ReportSink} the options name. The interval
 * and exit-watch reports come from the agent's one background thread, {@code threadleak-reporter}:
 * it exists only when one of them is on, is a daemon (it never keeps the JVM alive), waits on a
 * private monitor that no application code can reach, and stops at JVM exit, where
 * {@link #atExit()} writes the on-exit report.
 */
public final class Reporter implements Runnable {

    private final JvmReports reports;
    private final ReportSink sink;
    private final long intervalMillis;
    private final long exitWatchMillis;
    private final long minAgeMillis;
    private final boolean onExit;
    private final boolean prove;
    private final Object lock = new Object();
    private boolean stopped;
    private long mainEndedAt;
    private boolean exitWatchDone;
    private Thread thread;

    public Reporter(JvmReports reports, AgentOptions options, PrintStream stderr) {
        this.reports = reports;
        this.sink = new ReportSink(options, stderr);
        this.intervalMillis = options.intervalMillis();
        this.exitWatchMillis = options.exitWatchMillis();
        this.minAgeMillis = options.minAgeMillis();
        this.onExit = options.onExit();
        this.prove = options.prove();
    }

    public boolean needed() {
        return sink.enabled() && (intervalMillis > 0 || exitWatchMillis > 0);
    }

    public void start() {
        Thread t = new Thread(this, "threadleak-reporter");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Called from the main thread's last words: start the exit-watch clock. */
    public void mainEnded() {
        synchronized (lock) {
            if (mainEndedAt == 0) {
                mainEndedAt = System.currentTimeMillis();
                lock.notifyAll();
            }
        }
    }

    /**
     * Called by the shutdown hook {@code threadleak-on-exit}: stops the reporter thread, then writes
     * the on-exit report if {@code on-exit=true}.
     */
    public void atExit() {
        stop();
        if (onExit && sink.enabled()) {
            try {
                sink.write(reports.atExit(prove));
            } catch (Throwable e) {
                System.err.println("threadleak: could not write the on-exit report: " + e);
            }
        }
    }

    private void stop() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
    }

    @Override
    public void run() {
        long nextInterval = intervalMillis > 0 ? System.currentTimeMillis() + intervalMillis : Long.MAX_VALUE;
        while (true) {
            long exitWatchAt;
            synchronized (lock) {
                if (stopped) {
                    return;
                }
                exitWatchAt = exitWatchMillis > 0 && mainEndedAt > 0 && !exitWatchDone
                        ? mainEndedAt + exitWatchMillis : Long.MAX_VALUE;
                long wait = Math.min(nextInterval, exitWatchAt) - System.currentTimeMillis();
                if (wait > 0) {
                    try {
                        lock.wait(wait == Long.MAX_VALUE ? 0 : wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
            }
            long now = System.currentTimeMillis();
            if (now >= exitWatchAt) {
                exitWatchDone = true;
                write(() -> reports.exitWatch(now - mainEndedAt), false);
            }
            if (now >= nextInterval) {
                nextInterval = now + intervalMillis;
                write(() -> reports.live(minAgeMillis), true);
            }
        }
    }

    private void write(Supplier<LeakReport> report, boolean evenIfEmpty) {
        try {
            LeakReport r = report.get();
            if (r.hasLeaks() || (evenIfEmpty && sink.writesEmptyReports())) {
                sink.write(r);
            }
        } catch (Throwable e) {
            // a failed report must not end the reporter, let alone the host
        }
    }

    Thread thread() {
        return thread;
    }
}
