package dev.threadleak.agent.programs;

import dev.threadleak.api.Agent;
import dev.threadleak.api.Finding;
import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.LeakScope;
import dev.threadleak.api.Scope;
import dev.threadleak.api.ScopeCheck;
import dev.threadleak.api.Threadleak;
import dev.threadleak.api.Window;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import dev.threadleak.testsupport.ParkedThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A client of threadleak-api, compiled against it only, exercising every method of the contract
 * on the agent loaded with {@code -javaagent}. Writes what it got into the directory {@code args[0]}:
 * {@code api-version.txt}, {@code findings.txt}, {@code excluded.txt}, {@code heap-proof-time.txt} (the
 * agent's count before and after the proof, in nanoseconds) and one JSON report per check.
 */
public final class ApiContractProgram {

    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private ApiContractProgram() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Agent agent = Threadleak.agent();
        Files.writeString(out.resolve("api-version.txt"), Integer.toString(agent.apiVersion()));

        start("before-window");
        Scope scope = agent.newScope(new ScopeInfo("test", "contract"), "the test ended",
                t -> t.getName().startsWith("runner-"));
        Window first = scope.openWindow();
        start("in-window");
        Thread runner = new Thread(() -> {
            start("runners-own");
            await();
        }, "runner-1");
        runner.setDaemon(true);
        runner.start();
        ExecutorService pool = Executors.newSingleThreadExecutor(task -> {
            Thread worker = new Thread(task, "pool-worker");
            worker.setDaemon(true);
            return worker;
        });
        pool.submit(ApiContractProgram::await);
        diesOfAnUncaughtException();
        first.close();
        start("after-close");
        Thread otherOwner = new Thread(() -> {
            try (Window second = scope.openWindow()) {
                start("second-window");
            }
        }, "other-owner");
        otherOwner.start();
        otherOwner.join();

        write(out.resolve("findings.txt"), scope.findings());
        ScopeCheck check = scope.check(Duration.ofMillis(100),
                f -> f.names().contains("second-window") ? "benign by name" : null, false);
        List<String> excluded = new ArrayList<>();
        for (ScopeCheck.Excluded e : check.excluded()) {
            excluded.add(e.finding().describe() + ": " + e.reason());
        }
        Files.write(out.resolve("excluded.txt"), excluded);
        Files.writeString(out.resolve("check.json"), scope.report(check, List.of("a caller's note")).toJson());

        Scope proofScope = agent.newScope(new ScopeInfo("test", "proof"), "the test ended", t -> false);
        try (Window window = proofScope.openWindow()) {
            startOrphanConsumer();
        }
        ParkedThreads.awaitNamed("orphan-consumer", 1);
        Duration proofTimeBefore = agent.heapProofTime();
        ScopeCheck proven = proofScope.check(Duration.ofMillis(50), FindingFilter.NONE, true);
        Files.writeString(out.resolve("proven.json"), proofScope.report(proven, List.of()).toJson());
        Files.writeString(out.resolve("heap-proof-time.txt"), proofTimeBefore.toNanos() + " "
                + agent.heapProofTime().toNanos());

        Files.writeString(out.resolve("live.json"), agent.liveReport(Duration.ZERO).toJson());

        LeakScope leakScope = LeakScope.open("contract-leak-scope");
        start("leak-scope-thread");
        LeakReport report = leakScope.check(Duration.ofMillis(50));
        Files.writeString(out.resolve("leak-scope.json"), report.toJson());
    }

    private static void start(String name) {
        Thread t = new Thread(ApiContractProgram::await, name);
        t.setDaemon(true);
        t.start();
    }

    /** A consumer on a queue only it holds: no running thread can ever wake it. */
    private static void startOrphanConsumer() {
        Thread t = new Thread(() -> {
            try {
                new LinkedBlockingQueue<String>().take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "orphan-consumer");
        t.setDaemon(true);
        t.start();
    }

    private static void diesOfAnUncaughtException() throws InterruptedException {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> { }); // keep the child's stderr quiet
        Thread t = new Thread(() -> {
            throw new IllegalStateException("port already in use");
        }, "dies");
        t.start();
        t.join();
    }

    private static void write(Path file, List<Finding> findings) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Finding f : findings) {
            lines.add(f.leak().kind() + " " + String.join(",", f.names()));
        }
        Files.write(file, lines);
    }

    private static void await() {
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
