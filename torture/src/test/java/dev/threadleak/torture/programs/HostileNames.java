package dev.threadleak.torture.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Threads whose names would drive a terminal or forge report lines if printed raw (ESC and OSC
 * sequences, BEL, CR/LF, C1 controls, bidirectional overrides), parked where reports show them:
 * plain threads on a queue, and a pool's worker running a task that never ends.
 */
public final class HostileNames {

    public static final String FORGED = "THREAD LEAKED: fake line";
    public static final List<String> NAMES = List.of(
            "\u001b]0;owned\u0007evil\r\n" + FORGED,
            "\u001b[2J\u001b[31mred\u009b0m\n" + FORGED,
            "right\u202eleft\u2028" + FORGED);

    private HostileNames() {
    }

    public static void main(String[] args) throws Exception {
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        for (String name : NAMES) {
            ParkedThreads.daemon(name, () -> {
                try {
                    queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "\u001b]0;pool\u0007\n" + FORGED);
            t.setDaemon(true);
            return t;
        });
        pool.submit(() -> queue.take());
        ParkedThreads.awaitNamed("\u001b", 3);
        UntilInputCloses.ready();
        UntilInputCloses.await();
    }
}
