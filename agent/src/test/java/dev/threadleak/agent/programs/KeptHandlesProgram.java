package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;

/**
 * {@code main} keeps the {@code Thread} objects of the threads it starts, as programs often do,
 * and exits with them in hand: three platform threads take from queues nobody else has
 * ({@code take} ends on an interrupt, so holding their handles is a way out, and the only one),
 * one platform thread joins a future nobody else has ({@code join} ignores interrupts), and, on
 * JDK 21+, {@code args[0]} virtual threads each join a future only they can see.
 */
public final class KeptHandlesProgram {

    private KeptHandlesProgram() {
    }

    public static void main(String[] args) throws Throwable {
        int virtual = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        List<Thread> kept = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            kept.add(ParkedThreads.daemon("kept-take-" + i, () -> {
                try {
                    new SynchronousQueue<String>().take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        kept.add(ParkedThreads.daemon("kept-join", () -> new CompletableFuture<String>().join()));
        if (virtual > 0) {
            MethodHandle startVirtual = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
            for (int i = 0; i < virtual; i++) {
                kept.add((Thread) startVirtual.invoke((Runnable) () -> new CompletableFuture<String>().join()));
            }
        }
        ParkedThreads.awaitAll(kept);
        System.out.println("parked " + kept.size());
        System.exit(0); // with the list in hand: main's frames hold every handle while the JVM exits
    }
}
