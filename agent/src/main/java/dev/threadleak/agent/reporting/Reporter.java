package dev.threadleak.agent.reporting;

import dev.threadleak.agent.AgentOptions;
import dev.threadleak.agent.Privileges;
import dev.threadleak.agent.proof.ProofBudget;
import dev.threadleak.agent.proof.ProvenWaits;
import dev.threadleak.agent.telemetry.ReportEvents;
import dev.threadleak.agent.telemetry.ReportTrigger;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.report.LeakReport;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * When the agent writes its reports, through the {@link ReportSink} the options name, and gives
 * them to JFR ({@link ReportEvents}). The interval and exit-watch reports come from the agent's one
 * background thread, {@code threadleak-reporter}: it exists only when one of them is on (with
 * {@code report=none} it makes a report only while a JFR recording wants its events), is a daemon
 * (it never keeps the JVM alive), waits on a private monitor that no application code can reach,
 * and stops at JVM exit, where {@link #atExit()} writes the on-exit report.
 *
 * <p>The on-exit report is written even when the application has filled its heap: with
 * {@code on-exit=true} a reserve of heap is set aside at install (4 MB, or one G1 region on heaps
 * over 8 GB, at most 32 MB: building the report spins lambda and record classes in the heap, and
 * 1 MB did not hold them) and given back as the JVM begins to exit ({@link #mainEnded}) or as the
 * report is built; if building it fails all the same, a last-resort text report names the live threads
 * without stacks ({@link LastResortReport}) rather than nothing. With {@code prove=true} the heap
 * proof runs first only if it fits {@code prove-budget} ({@link ProofBudget}); if not, a note says
 * so.
 */
public final class Reporter implements Runnable {

    static final int RESERVE_MIN_BYTES = 4 * 1024 * 1024;
    static final int RESERVE_MAX_BYTES = 32 * 1024 * 1024;
    /** How long the on-exit report waits for the application's own shutdown hooks to end what they stop. */
    static final long HOOKS_BUDGET_MILLIS = 3_000;
    /** How long the on-exit report waits for pools the code shut down to finish their tasks: a check's grace period. */
    static final long POOLS_BUDGET_MILLIS = 2_000;

    private final ThreadRegistry registry;
    /** Made when a report is first built ({@code ReportsOnFirstUse}): not under {@code premain}. */
    private final Supplier<JvmReports> reports;
    private final ReportSink sink;
    private final long intervalMillis;
    private final long exitWatchMillis;
    private final long minAgeMillis;
    private final boolean onExit;
    private final boolean prove;
    private final long proveBudgetMillis;
    /** Heap set aside for the on-exit report, given back when it is built. */
    private volatile byte[] reserve;
    private final int reserveSize;
    private final Object lock = new Object();
    private boolean stopped;
    private long mainEndedAt;
    private boolean exitWatchDone;
    private Thread thread;

    public Reporter(ThreadRegistry registry, Supplier<JvmReports> reports, AgentOptions options, PrintStream stderr) {
        this.registry = registry;
        this.reports = reports;
        this.sink = new ReportSink(options, stderr);
        this.intervalMillis = options.intervalMillis();
        this.exitWatchMillis = options.exitWatchMillis();
        this.minAgeMillis = options.minAgeMillis();
        this.onExit = options.onExit();
        this.prove = options.prove();
        this.proveBudgetMillis = options.proveBudgetMillis();
        reserveSize = onExit && sink.enabled() ? reserveSize(Runtime.getRuntime().maxMemory()) : 0;
        reserve = reserveSize == 0 ? null : new byte[reserveSize];
    }

    /**
     * At least 4 MB, and on large heaps one G1 region (what G1 gives out at a time: with less
     * than a free region it throws {@code OutOfMemoryError} whatever else is free), as G1 sizes
     * them for this heap: a 2048th, a power of two up to 32 MB; a little less, so that the array
     * takes whole regions and no more.
     */
    static int reserveSize(long maxHeap) {
        long region = Long.highestOneBit(Math.max(1, maxHeap / 2048));
        region = Math.max(RESERVE_MIN_BYTES, Math.min(RESERVE_MAX_BYTES, region));
        return (int) region - 1024;
    }

    /**
     * The reporter thread is needed: interval or exit-watch reports are on. With {@code report=none}
     * too: it then makes a report only while a JFR recording wants its events.
     */
    public boolean needed() {
        return intervalMillis > 0 || exitWatchMillis > 0;
    }

    /** The main thread's end is worth hearing of: for the exit-watch, or to give back the reserve if the JVM then exits. */
    public boolean watchesMain() {
        return needed() || reserveSize > 0;
    }

    public void start() {
        Thread t = new Thread(this, "threadleak-reporter");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Called from the main thread's last words: start the exit-watch clock; and if no other
     * non-daemon thread lives, the JVM exits now, and its own exit (before any shutdown hook runs)
     * may need the room of the reserve as much as our report: give it back. Given back first and
     * taken again if the JVM lives on (a server whose main returned), since finding out allocates.
     */
    public void mainEnded() {
        if (reserve != null) {
            reserve = null;
            if (othersKeepTheJvmAlive()) {
                try {
                    reserve = new byte[reserveSize];
                } catch (OutOfMemoryError e) {
                    // the application took it meanwhile: the report does without
                }
            }
        }
        synchronized (lock) {
            if (mainEndedAt == 0) {
                mainEndedAt = System.currentTimeMillis();
                lock.notifyAll();
            }
        }
    }

    /**
     * Called by the shutdown hook {@code threadleak-on-exit}: stops the reporter thread, then writes
     * the on-exit report if {@code on-exit=true}. Nothing escapes: an exception in a shutdown hook
     * is a stack trace in the application's output.
     */
    public void atExit() {
        try {
            Privileges.run(new Runnable() { // not a method reference: in a JVM with none yet, it spins classes at exit
                @Override
                public void run() {
                    exit();
                }
            });
        } catch (Throwable e) {
            try {
                System.err.println("threadleak: could not write the on-exit report: " + e);
            } catch (Throwable ignored) {
                // no stderr either
            }
        }
    }

    private void exit() {
        stop();
        reserve = null; // its room is the report's now
        boolean events = onExit && ReportEvents.wanted();
        if (!onExit || (!sink.enabled() && !events)) {
            return;
        }
        try {
            reports.get().awaitShutdownHooks(HOOKS_BUDGET_MILLIS);
            reports.get().awaitShutDownPools(POOLS_BUDGET_MILLIS);
            long start = System.nanoTime();
            String skipped = prove ? ProofBudget.exceeded(proveBudgetMillis) : null;
            ProvenWaits proven = prove && skipped == null ? ProvenWaits.prove(registry) : ProvenWaits.none();
            long proofNanos = prove && skipped == null ? System.nanoTime() - start : 0;
            LeakReport report = reports.get().atExit(proven);
            if (skipped != null) {
                report = report.withLeaks(report.leaks(), List.of(skipped));
            }
            if (events) {
                // JFR's own shutdown hook may have written the recording already: best effort
                ReportEvents.reported(ReportTrigger.ON_EXIT, report, System.nanoTime() - start, proofNanos);
            }
            sink.write(report);
        } catch (Throwable e) {
            sink.writeLastResort(LastResortReport.text(registry, e));
        }
    }

    private boolean othersKeepTheJvmAlive() {
        Thread self = Thread.currentThread();
        for (java.util.Map.Entry<Thread, ?> e : registry.liveThreads()) {
            Thread t = e.getKey();
            if (t != self && !t.isDaemon() && t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    private void stop() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
    }

    @Override
    public void run() {
        try {
            Privileges.run(this::loop);
        } catch (Throwable e) {
            // the reporter is over; the host must not hear of it
        }
    }

    private void loop() {
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
                write(ReportTrigger.EXIT_WATCH, () -> reports.get().exitWatch(now - mainEndedAt), false);
            }
            if (now >= nextInterval) {
                nextInterval = now + intervalMillis;
                write(ReportTrigger.INTERVAL, () -> reports.get().live(minAgeMillis), true);
            }
        }
    }

    /** Makes the report if the sink or a JFR recording wants it, and gives it to both. */
    private void write(ReportTrigger trigger, Supplier<LeakReport> report, boolean evenIfEmpty) {
        try {
            boolean events = ReportEvents.wanted();
            if (!sink.enabled() && !events) {
                return;
            }
            long start = System.nanoTime();
            LeakReport r = report.get();
            if (events) {
                ReportEvents.reported(trigger, r, System.nanoTime() - start, 0);
            }
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
