package dev.threadleak.agent.programs;

import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.Scope;
import dev.threadleak.api.ScopeCheck;
import dev.threadleak.api.Threadleak;
import dev.threadleak.report.ScopeInfo;
import dev.threadleak.testsupport.ParkedThreads;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Commons IO's tests run with {@code -Xmx25M}, where a dump cannot be read: two scopes, each
 * leaving a consumer parked on a queue, each checked with the heap proof. Prints each check's
 * notes that tell of the proof, one line per check. It keeps 8 MB of its own live, as an
 * application does: a dump that size needs more room to be read than such a heap has.
 */
public final class NoRoomToReadProgram {

    private static volatile byte[] data;

    private NoRoomToReadProgram() {
    }

    public static void main(String[] args) throws Exception {
        data = new byte[8 << 20];
        for (int i = 1; i <= 2; i++) {
            Scope scope = Threadleak.agent().newScope(new ScopeInfo("scope", "no-room-" + i), "the scope ended",
                    t -> false);
            scope.openWindow();
            ParkedThreads.waiting("consumer-" + i, () -> new LinkedBlockingQueue<>().take());
            ParkedThreads.awaitNamed("consumer-" + i, 1);
            ScopeCheck check = scope.check(Duration.ofMillis(50), FindingFilter.NONE, true);
            System.out.println(check.notes().stream().filter(n -> n.startsWith("heap proof")).toList());
        }
    }
}
