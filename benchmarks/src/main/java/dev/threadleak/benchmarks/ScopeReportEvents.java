package dev.threadleak.benchmarks;

import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.Scope;
import dev.threadleak.api.Threadleak;
import dev.threadleak.api.Window;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One report of {@value #LEAKS} parked threads from {@value #SITES} creation sites, as a scope's
 * end makes it (the findings with their current stacks, then the report), with and without a JFR
 * recording of the agent's events: the difference is what the events add to a report. Interval
 * reports give the events to JFR the same way; a scope is the one kind of report the API lets a
 * program ask for. Under the threadleak agent only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class ScopeReportEvents {

    static final int LEAKS = 100;
    static final int SITES = 4;

    @Param({"off", "on"})
    public String recording;

    private final List<Thread> parked = new ArrayList<>();
    private Scope scope;
    private Recording running;

    @Setup
    public void leakAndRecord() throws Exception {
        scope = Threadleak.agent().newScope(new ScopeInfo("scope", "benchmark"), "the benchmark", t -> false);
        CountDownLatch started = new CountDownLatch(LEAKS);
        try (Window window = scope.openWindow()) {
            for (int i = 0; i < LEAKS; i++) {
                switch (i % SITES) {
                    case 0 -> parked.add(siteA(started));
                    case 1 -> parked.add(siteB(started));
                    case 2 -> parked.add(siteC(started));
                    default -> parked.add(siteD(started));
                }
            }
        }
        started.await();
        running = recording.equals("on") ? FlightRecording.start() : null;
    }

    @TearDown
    public void end() throws InterruptedException {
        if (running != null) {
            running.close();
        }
        for (Thread t : parked) {
            LockSupport.unpark(t);
            t.interrupt();
            t.join();
        }
    }

    @Benchmark
    public LeakReport report() {
        return scope.report(scope.check(Duration.ZERO, FindingFilter.NONE, false), List.of());
    }

    private static Thread siteA(CountDownLatch started) {
        return parkedThread(started);
    }

    private static Thread siteB(CountDownLatch started) {
        return parkedThread(started);
    }

    private static Thread siteC(CountDownLatch started) {
        return parkedThread(started);
    }

    private static Thread siteD(CountDownLatch started) {
        return parkedThread(started);
    }

    private static Thread parkedThread(CountDownLatch started) {
        Thread t = new Thread(() -> {
            started.countDown();
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park();
            }
        }, "parked-for-the-benchmark");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
