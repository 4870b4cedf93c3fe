package dev.threadleak.cli.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Many threads from one creation site, which a report groups: {@code args[0]} platform threads
 * each joining a future only it can see (all blocked forever), and {@code args[1]} more from the
 * same site joining futures that a static registry holds (a live thread could complete them).
 * Prints {@code ready} once all are parked, then reads standard input until it closes.
 */
public final class GroupsOfWaiters {

    static final List<CompletableFuture<String>> REGISTRY = new ArrayList<>();

    private GroupsOfWaiters() {
    }

    public static void main(String[] args) throws Exception {
        int lost = Integer.parseInt(args[0]);
        int registered = Integer.parseInt(args[1]);
        List<Thread> all = new ArrayList<>();
        for (int i = 0; i < lost + registered; i++) {
            CompletableFuture<String> future = new CompletableFuture<>();
            if (i >= lost) {
                REGISTRY.add(future);
            }
            all.add(start("waiter-" + i, future));
        }
        ParkedThreads.awaitAll(all);
        all.clear(); // main holds none of them
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our input or kills us
        }
        System.exit(0);
    }

    private static Thread start(String name, CompletableFuture<String> future) {
        return ParkedThreads.daemon(name, future::join);
    }
}
