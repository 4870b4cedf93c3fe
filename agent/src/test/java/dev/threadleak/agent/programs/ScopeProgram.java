package dev.threadleak.agent.programs;

import dev.threadleak.api.LeakScope;
import dev.threadleak.report.LeakReport;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Opens a scope, starts a thread that leaks (through an intermediate thread: lineage), one that
 * ends shortly after the scope closes, and checks the scope. Prints the report as JSON.
 */
public final class ScopeProgram {

    private ScopeProgram() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Thread before = new Thread(() -> await(never), "started-before-scope");
        before.setDaemon(true);
        before.start();

        LeakScope scope = LeakScope.open("scope-program");
        CountDownLatch release = new CountDownLatch(1);
        Thread lingering = new Thread(() -> await(release), "lingering");
        lingering.start();
        Thread parent = new Thread(() -> {
            Thread grandchild = new Thread(() -> await(never), "grandchild-leak");
            grandchild.setDaemon(true);
            grandchild.start();
        }, "parent");
        parent.start();
        parent.join();
        Thread releaser = new Thread(release::countDown, "releaser"); // lingering ends during the grace period
        releaser.start();
        LeakReport report = scope.check(Duration.ofSeconds(2));
        System.out.println(report.toJson());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
