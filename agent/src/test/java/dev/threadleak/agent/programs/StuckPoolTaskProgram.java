package dev.threadleak.agent.programs;

import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.Scope;
import dev.threadleak.api.ScopeCheck;
import dev.threadleak.api.Threadleak;
import dev.threadleak.api.Window;
import dev.threadleak.report.ScopeInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scope's task on a pool made before it, stuck in {@code get()} on a future only the task
 * holds: nothing can complete it. With {@code held}, a static field holds the pool, whose
 * {@code shutdownNow()} could still interrupt it; else nothing does. Checks the scope with the
 * heap proof and prints its report as JSON.
 */
public final class StuckPoolTaskProgram {

    private static ExecutorService held;

    private StuckPoolTaskProgram() {
    }

    public static void main(String[] args) throws Exception {
        ExecutorService shared = Executors.newFixedThreadPool(1);
        shared.submit(() -> { }).get(); // its worker predates the scope
        if (args.length > 0 && args[0].equals("held")) {
            held = shared;
        }
        Scope scope = Threadleak.agent().newScope(new ScopeInfo("scope", "stuck-task"), "the scope ended", t -> false);
        CountDownLatch waiting = new CountDownLatch(1);
        try (Window w = scope.openWindow()) {
            submitAWaitForNothing(shared, waiting);
        }
        shared = null;
        waiting.await();
        ScopeCheck check = scope.check(Duration.ofSeconds(1), FindingFilter.NONE, true);
        System.out.println(scope.report(check, List.of()).toJson());
        System.exit(0);
    }

    /** In a frame of its own: the future and the task's handle are gone from main's stack after it. */
    private static void submitAWaitForNothing(ExecutorService pool, CountDownLatch waiting) {
        CompletableFuture<Object> never = new CompletableFuture<>();
        pool.submit(() -> {
            waiting.countDown();
            return never.get();
        });
    }
}
